import { describe, expect, it } from 'vitest';
import { parseServerTab } from '../xmail/index.ts';
import { buildModeBundle, planModeChange } from './modes.ts';
import { buildClientCaBundle, planClientVerify } from './client-ca.ts';
import { clientVerifyPreview, modeChangePreview } from './preview.ts';
import { STOCK_SERVER_TAB } from './stock-server-tab.ts';

const TAB = `${STOCK_SERVER_TAB}"EnableSMTP-TLS"\t"1"\n"EnablePOP3-TLS"\t"0"\n`;
const access = (rows: ReturnType<typeof modeChangePreview>) => Object.fromEntries((rows ?? []).map((r) => [r.service, `${r.before.access}>${r.after.access}`]));

describe('modeChangePreview', () => {
  it.each([
    ['off', '-Md -Bp 1995', { SMTP: 'starttls>plain', POP3: 'plain>plain', CTRL: 'starttls>plain', SMTPS: 'tls>off', POP3S: 'tls>off', CTRLS: 'tls>off' }],
    ['require-tls', '-Md -X-', { SMTP: 'starttls>starttls', POP3: 'plain>off', CTRL: 'starttls>off', SMTPS: 'off>tls', POP3S: 'tls>tls', CTRLS: 'tls>tls' }],
    ['full', '-Md', { SMTP: 'starttls>starttls', POP3: 'plain>starttls', CTRL: 'starttls>starttls', SMTPS: 'tls>tls', POP3S: 'tls>tls', CTRLS: 'tls>tls' }],
  ] as const)('%s from %s', (mode, line, expected) => {
    const change = planModeChange({ mode, os: 'unix', serverTab: TAB, commandLine: line });
    expect(access(modeChangePreview(change, parseServerTab(TAB)))).toEqual(expected);
  });

  it('keeps the ports the user set', () => {
    const change = planModeChange({ mode: 'off', os: 'unix', serverTab: TAB, commandLine: '-Bp 1995' });
    expect(modeChangePreview(change, parseServerTab(TAB))!.find((r) => r.service === 'POP3S')).toEqual({ service: 'POP3S', before: { access: 'tls', ports: [1995] }, after: { access: 'off', ports: [] } });
  });

  it('says nothing without both the server.tab and the command line', () => {
    expect(modeChangePreview(planModeChange({ mode: 'off', os: 'unix', serverTab: TAB }), parseServerTab(TAB))).toBeUndefined();
    expect(modeChangePreview(planModeChange({ mode: 'off', os: 'unix', commandLine: '-Md' }), undefined)).toBeUndefined();
  });
});

describe('INSTALL "after this change" list', () => {
  it('lists each listener before and after, in ja and en', async () => {
    const change = planModeChange({ mode: 'off', os: 'unix', serverTab: TAB, commandLine: '-Md -Bp 1995' });
    const files = await buildModeBundle({ change, os: 'unix', services: modeChangePreview(change, parseServerTab(TAB))! });
    const text = (path: string) => new TextDecoder().decode(files.find((f) => f.path === path)!.bytes);
    const en = text('INSTALL.en.txt');
    expect(en).toContain('Before and after this change (as mail programs see it):\n  SMTP: STARTTLS (25) -> plain (no encryption) (25)\n');
    expect(en).toContain('  POP3S: implicit TLS (1995) -> off\n');
    expect(text('INSTALL.ja.txt')).toContain('  POP3S: SSL(最初から暗号化) (1995) -> 停止\n');
  });
});

describe('clientVerifyPreview (CA for clients)', () => {
  const cert = (rows: ReturnType<typeof clientVerifyPreview>) =>
    Object.fromEntries((rows ?? []).map((r) => [r.service, `${r.before.access}>${r.after.access} ${r.clientCert?.before}>${r.clientCert?.after}`]));
  it.each([
    [
      'asked',
      false,
      { SMTP: 'starttls>starttls none>asked', POP3: 'plain>plain none>none', CTRL: 'starttls>starttls none>asked', SMTPS: 'tls>tls none>asked', POP3S: 'off>off none>none', CTRLS: 'tls>tls none>asked' },
    ],
    [
      'required',
      true,
      { SMTP: 'starttls>starttls none>required', POP3: 'plain>plain none>none', CTRL: 'starttls>starttls none>required', SMTPS: 'tls>tls none>required', POP3S: 'off>off none>none', CTRLS: 'tls>tls none>required' },
    ],
  ] as const)('listeners unchanged, client certificate %s after', (_name, requireCertificate, expected) => {
    const change = planClientVerify({ requireCertificate, target: 'official-1.27-win', os: 'unix', serverTab: TAB });
    expect(cert(clientVerifyPreview(change, parseServerTab(TAB), '-Md -B-'))).toEqual(expected);
  });

  it('reads what the user has today (SSLWantVerify already on)', () => {
    const tab = `${TAB}"SSLWantVerify"\t"1"\n`;
    const change = planClientVerify({ requireCertificate: true, target: 'official-1.27-win', os: 'unix', serverTab: tab });
    expect(clientVerifyPreview(change, parseServerTab(tab), '-Md')!.find((r) => r.service === 'SMTPS')!.clientCert).toEqual({ before: 'asked', after: 'required' });
  });

  it('says nothing without both the server.tab and the command line', () => {
    const withTab = planClientVerify({ requireCertificate: false, target: 'official-1.27-win', os: 'unix', serverTab: TAB });
    expect(clientVerifyPreview(withTab, parseServerTab(TAB), '  ')).toBeUndefined();
    expect(clientVerifyPreview(withTab, undefined, '-Md')).toBeUndefined();
    expect(clientVerifyPreview(planClientVerify({ requireCertificate: false, target: 'official-1.27-win', os: 'unix' }), parseServerTab(TAB), '-Md')).toBeUndefined();
  });
});

describe('client-CA INSTALL "after this change" list', () => {
  const text = (files: Awaited<ReturnType<typeof buildClientCaBundle>>, path: string) => new TextDecoder().decode(files.find((f) => f.path === path)!.bytes);
  it.each([
    ['with a preview', true],
    ['without a preview', false],
  ] as const)('%s', async (_name, withPreview) => {
    const change = planClientVerify({ requireCertificate: true, target: 'official-1.27-win', os: 'unix', serverTab: TAB });
    const services = withPreview ? clientVerifyPreview(change, parseServerTab(TAB), '-Md -B-') : undefined;
    const files = await buildClientCaBundle({ cas: [], change, os: 'unix', lang: 'en', ...(services ? { services } : {}) });
    const en = text(files, 'INSTALL.en.txt');
    const ja = text(files, 'INSTALL.ja.txt');
    expect(en.includes('Before and after this change (as mail programs see it):\n  SMTP: STARTTLS (25) -> STARTTLS (25); client certificate: not asked -> required\n')).toBe(withPreview);
    expect(en.includes('  POP3S: off -> off; client certificate: not asked -> not asked\n')).toBe(withPreview);
    expect(ja.includes('この変更の前と後(メーラーからの見え方):\n  SMTP: STARTTLS (25) -> STARTTLS (25); クライアント証明書: 求めない -> 必須\n')).toBe(withPreview);
  });
});
