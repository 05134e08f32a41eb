/**
 * Codes the core reports as data, whose sentence key is built at run time (a finding id, a
 * consequence code, a compromise step): each has its sentence, and no sentence outlives its code.
 * Keys built from closed sets in the UI (targets, fix flows, modes, key ids) are template-literal
 * types the compiler checks against the catalog; same keys and placeholders in ja and en are
 * i18n.test.ts's. (Replaces flow-b/flow-c-coverage.test.ts, issue 13 item 7.)
 */
import { describe, expect, it } from 'vitest';
import { COMPROMISE_STEPS } from '../../lib/store/index.ts';
import { CONSEQUENCE_CODES, FINDING_IDS, LINE_ISSUE_CODES, XMAIL_TARGETS, planMode } from '../../lib/xmail/index.ts';
import { en } from '../en.ts';
import { ja } from '../ja.ts';

const keysUnder = (prefix: string) =>
  Object.keys(ja)
    .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('.'))
    .map((k) => k.slice(prefix.length))
    .sort();

/** The client-verify consequences for every target, with and without a required certificate. */
const clientVerifyCodes = [
  ...new Set(
    XMAIL_TARGETS.flatMap((target) =>
      [true, false].flatMap((requireCertificate) => planMode('client-verify', { clientVerify: { certsFile: true, certsDir: true, requireCertificate }, target }).consequences.map((c) => c.code)),
    ),
  ),
].sort();

describe('every code the core reports has its sentence, and no sentence is left for a code that is gone', () => {
  it.each([
    ['a diagnostic finding', 'current.finding.', [...FINDING_IDS].sort()],
    ['a TLS-mode consequence', 'tls-modes.consequence.', [...CONSEQUENCE_CODES].sort()],
    ['a server.tab line issue in a finding', 'current.lineIssue.', [...LINE_ISSUE_CODES].sort()],
  ] as const)('%s: the catalog keys under %s are exactly the codes', (_what, prefix, codes) => {
    expect(keysUnder(prefix)).toEqual(codes);
  });

  it.each([
    ['a client-verify consequence on the CA-for-clients screen (never the fallback)', 'ca-for-clients.consequence.', clientVerifyCodes],
    ['a key-compromise step', 'manage.compromise.step.', [...COMPROMISE_STEPS]],
  ] as const)('%s has its key under %s', (_what, prefix, codes) => {
    expect(codes.filter((code) => !Object.hasOwn(ja, `${prefix}${code}`))).toEqual([]);
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
