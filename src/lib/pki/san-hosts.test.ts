/** RFC 6125 host matching (moved with the code from xmail/diagnostics.test.ts, issue 13 item 3). */
import { describe, expect, it } from 'vitest';
import { certificateCoversHost, dnsIdMatches } from './san.ts';

describe('dnsIdMatches (RFC 6125 6.4)', () => {
  it.each([
    ['mail.example.test', 'mail.example.test', true],
    ['MAIL.Example.test', 'mail.example.test', true],
    ['mail.example.test.', 'mail.example.test', true],
    ['*.example.test', 'mail.example.test', true],
    ['*.example.test', 'example.test', false],
    ['*.example.test', 'a.b.example.test', false],
    ['*.test', 'example.test', false],
    ['m*.example.test', 'mail.example.test', false],
    ['other.example.test', 'mail.example.test', false],
  ])('%s vs %s → %s', (pattern, host, expected) => {
    expect(dnsIdMatches(pattern, host)).toBe(expected);
  });
});

describe('certificateCoversHost', () => {
  const cn = [{ type: 'CN', value: 'mail.example.test' }];
  it('uses SANs when present, ignoring the CN', () => {
    expect(certificateCoversHost({ sans: [{ type: 'dns', value: 'other.test' }], subject: cn }, 'mail.example.test')).toBe(false);
    expect(certificateCoversHost({ sans: [{ type: 'dns', value: '*.example.test' }], subject: cn }, 'pop.example.test')).toBe(true);
    expect(certificateCoversHost({ sans: [{ type: 'ip', value: '192.0.2.1' }], subject: cn }, '192.0.2.1')).toBe(true);
  });
  it('falls back to the CN only without DNS/IP SANs', () => {
    expect(certificateCoversHost({ sans: [], subject: cn }, 'mail.example.test')).toBe(true);
    expect(certificateCoversHost({ sans: [{ type: 'email', value: 'a@b.test' }], subject: cn }, 'mail.example.test')).toBe(true);
    expect(certificateCoversHost({ sans: [], subject: [] }, 'mail.example.test')).toBe(false);
  });
  it('does not fall back to the CN when the only dNSNames were dropped as invalid (issue 12 item 2; RFC 6125 6.4.4)', () => {
    const dropped = [{ field: 'sans', code: 'san.dns.character', params: { value: 'mail.example.test;curl x|sh' } }];
    expect(certificateCoversHost({ sans: [], sanIssues: dropped, subject: cn }, 'mail.example.test')).toBe(false);
    const droppedMailbox = [{ field: 'sans', code: 'san.email.localPart', params: { value: 'a\n@b.test' } }];
    expect(certificateCoversHost({ sans: [], sanIssues: droppedMailbox, subject: cn }, 'mail.example.test')).toBe(true);
  });
});
