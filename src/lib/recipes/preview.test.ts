import { describe, expect, it } from 'vitest';
import { parseServerTab } from '../xmail/index.ts';
import { planModeChange } from './modes.ts';
import { modeChangePreview } from './preview.ts';
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
