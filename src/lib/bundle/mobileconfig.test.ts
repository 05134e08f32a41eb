import { describe, expect, it } from 'vitest';
import { decodeBase64, equalBytes } from '../pki/index.ts';
import { isBundleError } from './errors.ts';
import { createRootCaProfile, escapeXml, serializePlist, serializeRootCaProfile } from './mobileconfig.ts';
import { CERT_DER, countingUUID } from './test-fixtures.ts';

describe('escapeXml', () => {
  it('escapes the five special characters', () => {
    expect(escapeXml(`<a & "b" 'c'>`)).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
  });
  it('refuses control characters XML 1.0 cannot hold', () => {
    expect.assertions(1);
    try {
      escapeXml('a\u0001b');
    } catch (e) {
      expect(isBundleError(e, 'BUNDLE_INPUT_INVALID')).toBe(true);
    }
  });
});

describe('serializePlist', () => {
  it('writes each plist type', () => {
    expect(serializePlist({ s: 'x', i: 1, t: true, f: false, d: new Uint8Array([1, 2, 3]), a: ['y'] })).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
        '<plist version="1.0">',
        '<dict>',
        '\t<key>s</key>', '\t<string>x</string>',
        '\t<key>i</key>', '\t<integer>1</integer>',
        '\t<key>t</key>', '\t<true/>',
        '\t<key>f</key>', '\t<false/>',
        '\t<key>d</key>', '\t<data>', '\t\tAQID', '\t</data>',
        '\t<key>a</key>', '\t<array>', '\t\t<string>y</string>', '\t</array>',
        '</dict>',
        '</plist>',
        '',
      ].join('\n'),
    );
  });
});

describe('root CA profile', () => {
  const input = {
    identifier: 'com.example.mail.xmail-tls.ca',
    displayName: 'CA 証明書: <Example & Co>',
    description: 'テスト',
    certificates: [{ der: CERT_DER, displayName: 'Example CA', fileName: 'ca.cer' }],
  };

  it('carries the DER in a com.apple.security.root payload inside a Configuration profile', () => {
    const xml = serializeRootCaProfile({ ...input, randomUUID: countingUUID() });
    expect(xml).toContain('<key>PayloadType</key>\n\t<string>Configuration</string>');
    expect(xml).toContain('<string>com.apple.security.root</string>');
    expect(xml).toContain('<string>CA 証明書: &lt;Example &amp; Co&gt;</string>');
    const data = /<data>([\s\S]*?)<\/data>/.exec(xml)?.[1] ?? '';
    expect(equalBytes(decodeBase64(data), CERT_DER)).toBe(true);
  });

  it('gives every payload its own upper-case v4 UUID from crypto.randomUUID by default', () => {
    const profile = createRootCaProfile(input);
    const inner = (profile.PayloadContent as Array<Record<string, unknown>>)[0]!;
    const v4 = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;
    expect(profile.PayloadUUID).toMatch(v4);
    expect(inner.PayloadUUID).toMatch(v4);
    expect(inner.PayloadUUID).not.toBe(profile.PayloadUUID);
    expect(inner.PayloadIdentifier).toBe('com.example.mail.xmail-tls.ca.root1');
  });

  it.each([
    [{ ...input, certificates: [] }],
    [{ ...input, identifier: 'not reverse dns' }],
  ])('refuses a bad input with BUNDLE_INPUT_INVALID', (bad) => {
    expect.assertions(1);
    try {
      createRootCaProfile(bad);
    } catch (e) {
      expect(isBundleError(e, 'BUNDLE_INPUT_INVALID')).toBe(true);
    }
  });
});
