/**
 * Codes the core reports as data, whose sentence key is built at run time (a finding id, a
 * consequence code, a compromise step): each has its sentence, no sentence outlives its code, and
 * no code's sentence outlives the last source that produces the code (issue 15 page size).
 * Keys built from closed sets in the UI (targets, fix flows, modes, key ids) are template-literal
 * types the compiler checks against the catalog; same keys and placeholders in ja and en are
 * i18n.test.ts's. (Replaces flow-b/flow-c-coverage.test.ts, issue 13 item 7.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMPROMISE_STEPS } from '../../lib/store/index.ts';
import { CONSEQUENCE_CODES, FINDING_IDS, LINE_ISSUE_CODES, TARGETS, XMAIL_TARGETS, planMode } from '../../lib/xmail/index.ts';
import { en } from '../en.ts';
import { ja } from '../ja.ts';

const keysUnder = (prefix: string) =>
  Object.keys(ja)
    .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('.'))
    .map((k) => k.slice(prefix.length))
    .sort();

/** The client-verify consequences for every target, with and without a required certificate, without a server.tab and with ones that do and do not send over TLS. */
const SERVER_TABS = [undefined, '"SmtpGwConfig"\t"NeedTLS=1"\n"SSLAllowSelfSigned"\t"1"\n', '"SmtpGwConfig"\t""\n'];
const clientVerifyCodes = new Set<string>(
  XMAIL_TARGETS.flatMap((target) =>
    [true, false].flatMap((requireCertificate) =>
      SERVER_TABS.flatMap((serverTab) => planMode('client-verify', { clientVerify: { certsFile: true, certsDir: true, requireCertificate }, target }, { serverTab }).consequences.map((c) => c.code)),
    ),
  ),
);

describe('every code the core reports has its sentence, and no sentence is left for a code that is gone', () => {
  it.each([
    ['a diagnostic finding', 'current.finding.', [...FINDING_IDS].sort()],
    ['a TLS-mode consequence', 'tls-modes.consequence.', [...CONSEQUENCE_CODES].sort()],
    ['a server.tab line issue in a finding', 'current.lineIssue.', [...LINE_ISSUE_CODES].sort()],
    ['a note on an XMail build', 'settings.target.note.', [...new Set(XMAIL_TARGETS.flatMap((target) => TARGETS[target].notes))].sort()],
  ] as const)('%s: the catalog keys under %s are exactly the codes', (_what, prefix, codes) => {
    expect(keysUnder(prefix)).toEqual(codes);
  });

  it('a key-compromise step has its key under manage.compromise.step.', () => {
    expect(COMPROMISE_STEPS.filter((code) => !Object.hasOwn(ja, `manage.compromise.step.${code}`))).toEqual([]);
  });

  it('the CA-for-clients screen words a client-verify consequence itself only where its words differ from the TLS-modes text it otherwise shows', () => {
    const own = keysUnder('ca-for-clients.consequence.');
    expect(own.length).toBeGreaterThan(0);
    expect([...clientVerifyCodes]).toEqual(expect.arrayContaining(['WANTVERIFY_OUTBOUND_ONLY_CERTS_PEM', 'WANTVERIFY_OUTBOUND_UNUSED', 'WANTVERIFY_BREAKS_OUTBOUND', 'ALLOW_SELF_SIGNED_TURNED_OFF']));
    expect(own.filter((code) => !clientVerifyCodes.has(code))).toEqual([]);
    const same = (code: string, catalog: Readonly<Record<string, string>>) => catalog[`ca-for-clients.consequence.${code}`] === catalog[`tls-modes.consequence.${code}`];
    expect(own.filter((code) => same(code, ja) && same(code, en))).toEqual([]);
  });
});

/**
 * What produces codes: the non-test source under src/ outside the catalogs, without comments, without
 * the code lists themselves (`*_ERROR_CODES = [...] as const`, `type *ErrorCode = | ...`, the
 * diagnostics table rules.ts and its English one-liners summaries.ts) and without reads of a code
 * (`isStoreError(e, 'CODE')`, `.code === 'CODE'`). A code named nowhere else is produced by nothing,
 * so its sentence is never on the page (issue 15: both languages of every sentence ship in the page).
 */
function producers(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'i18n' && dir.endsWith('src') ? [] : producers(path);
    if (!/\.(ts|svelte)$/.test(d.name) || /\.test\.ts$/.test(d.name) || /diagnostics[\\/](rules|summaries)\.ts$/.test(path)) return [];
    return [
      readFileSync(path, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '')
        .replace(/export const [A-Z_]+_ERROR_CODES = \[[^\]]*\] as const;/g, '')
        .replace(/export type \w+ErrorCode =[^;]*;/g, '')
        .replace(/\bis(Pki|Xmail|Store|Bundle)Error\([^()]*\)/g, '')
        .replace(/[!=]==\s*'[A-Z0-9_]+'/g, ''),
    ];
  });
}
const produced = producers(fileURLToPath(new URL('../..', import.meta.url))).join('\n');
/** The same without the arguments of finding(...) calls: a finding id (COMMAND_LINE_UNTERMINATED_QUOTE) can also be spelt like an error code. */
const thrown = produced.replace(/\bfinding\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)/g, '');

describe('no sentence is kept for a code nothing in src/ produces', () => {
  it('every error.<module>.<CODE> key: some source throws or reports that code', () => {
    const codes = Object.keys(ja).flatMap((key) => /^error\.[a-z]+\.([A-Z0-9_]+)$/.exec(key)?.slice(1) ?? []);
    expect(codes.length).toBeGreaterThan(80);
    expect(codes.filter((code) => !thrown.includes(`'${code}'`))).toEqual([]);
  });

  it('every finding id: a diagnostics rule emits it (its text is current.finding.<id>)', () => {
    expect(FINDING_IDS.filter((id) => !produced.includes(`'${id}'`))).toEqual([]);
  });

  it('every form issue code (<family>.issue.<code>): a recipe or a pki check reports it; `other` keys are the fallbacks of code-text.ts', () => {
    const codes = Object.keys(ja).flatMap((key) => /^[\w-]+\.issue\.([\w.-]+)$/.exec(key)?.slice(1) ?? []);
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((code) => !/(^|\.)other$/.test(code) && !produced.includes(`'${code}'`))).toEqual([]);
  });

  it('every consequence code: a plan pushes it (its text is tls-modes.consequence.<code>)', () => {
    expect(CONSEQUENCE_CODES.filter((code) => !produced.includes(`code: '${code}'`))).toEqual([]);
  });
});

describe('replacing server.key and server.cert asks for no restart', () => {
  // XMail loads both into a fresh SSL_CTX for every TLS connection (SSLBind.cpp BSslBindServer ->
  // BSslSetupVerify, from SMTPSvr.cpp SMTPHandleCmd_STARTTLS, POP3Svr.cpp POP3HandleCmd_STLS, CTRLSvr.cpp
  // CTRLClientThread): a restart only cuts connections already open.
  it.each(['leak.step.install', 'manage.compromise.step.next-connection-uses-new-key', 'server.listenersUnchanged'] as const)('%s says the next connection uses the new files without a restart', (key) => {
    expect(ja[key]).toMatch(/再起動しなくても|再起動は不要/);
    expect(en[key]).toMatch(/without a restart|No restart is needed/);
  });
});
