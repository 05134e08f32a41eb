import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateKey } from '../pki/index.ts';
import {
  SERVER_KEY_DEFAULT,
  SERVER_VALIDITY_DEFAULT_DAYS,
  SERVER_VALIDITY_MAX_DAYS,
  bundleFileName,
  hostNamesFromServerTab,
  keySpecFromId,
  keySpecId,
  keyWarnsForTarget,
  parseHostNames,
  serializeServerKeyPem,
  validateServerValidity,
  SERVER_KEY_CHOICES,
} from './server-common.ts';

describe('server form defaults and checks', () => {
  it('defaults: RSA 2048, 397 days, max 825 (Apple)', () => {
    expect(SERVER_KEY_DEFAULT).toEqual({ kind: 'RSA', bits: 2048 });
    expect(SERVER_VALIDITY_DEFAULT_DAYS).toBe(397);
    expect(SERVER_VALIDITY_MAX_DAYS).toBe(825);
  });

  it.each([
    ['mail.example.com', ['mail.example.com'], []],
    ['mail.example.com, smtp.example.com\n192.0.2.1', ['mail.example.com', 'smtp.example.com', '192.0.2.1'], []],
    ['', [], ['san.required']],
    ['taro@example.com', [], ['san.emailNotAllowed']],
    ['bad_name.example.com', [], ['san.dns.character']],
    ['999.1.1.1', [], ['san.ip.invalid']],
    ['mail.example.com，smtp.example.com、pop.example.com；imap.example.com\u3000example.com', ['mail.example.com', 'smtp.example.com', 'pop.example.com', 'imap.example.com', 'example.com'], []],
    ['mail example.com', ['mail', 'example.com'], []],
  ])('parseHostNames(%j)', (text, values, codes) => {
    const r = parseHostNames(text);
    expect(r.sans.map((s) => s.value)).toEqual(values);
    expect(r.issues.map((i) => i.code)).toEqual(codes);
    for (const i of r.issues) expect(i.field).toBe('hostNames');
  });

  it.each([
    [397, []],
    [825, []],
    [826, ['validity.apple']],
    [0, ['validity.range']],
    [1.5, ['validity.range']],
  ])('validateServerValidity(%d)', (days, codes) => {
    expect(validateServerValidity(days).map((i) => i.code)).toEqual(codes);
  });

  it('key ids round-trip; EC warns for the official Windows build only', () => {
    for (const spec of SERVER_KEY_CHOICES) expect(keySpecFromId(keySpecId(spec))).toEqual(spec);
    expect(keySpecFromId('dsa-1024')).toBeUndefined();
    expect(keyWarnsForTarget({ kind: 'EC', curve: 'P-256' })).toBe(true);
    expect(keyWarnsForTarget({ kind: 'EC', curve: 'P-256' }, 'openssl-1.0.1+')).toBe(false);
    expect(keyWarnsForTarget(SERVER_KEY_DEFAULT)).toBe(false);
  });

  it('host names from a server.tab: the four host variables, deduplicated, lower case; the stock file (bytes) gives its one name', () => {
    const tab = '"RootDomain"\t"Example.COM"\n"SmtpServerDomain"\t"mail.example.com"\n"POP3Domain"\t"example.com"\n"HeloDomain"\t"mail.example.com"\n';
    expect(hostNamesFromServerTab(tab)).toEqual(['example.com', 'mail.example.com']);
    const stock = readFileSync(new URL('../../../tests/fixtures/xmail/server.tab', import.meta.url));
    expect(hostNamesFromServerTab(stock)).toEqual(['xmailserver.test']);
  });

  it('server key PEM: PKCS#1 for RSA, SEC1 for EC, never encrypted', async () => {
    expect(serializeServerKeyPem(await generateKey({ kind: 'RSA', bits: 2048 }))).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(serializeServerKeyPem(await generateKey({ kind: 'EC', curve: 'P-256' }))).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
  });

  it('bundle file names are file-system safe', () => {
    expect(bundleFileName('self-signed', ['mail.example.com'])).toBe('xmail-tls-mail.example.com-self-signed.zip');
    expect(bundleFileName('private-ca', ['*.example.com'])).toBe('xmail-tls-_.example.com-private-ca.zip');
    expect(bundleFileName('public-ca', [])).toBe('xmail-tls-server-public-ca.zip');
  });
});
