/** The finding table (issue 13 item 3): what the rows promise the screen. */
import { describe, expect, it } from 'vitest';
import { FINDING_IDS, finding, findingRule } from './rules.ts';
import { findingSummary } from './summaries.ts';

describe('the finding rule table', () => {
  it('every error names the flow that fixes it, and nothing that is fine links to a fix', () => {
    expect.hasAssertions();
    const errorsWithoutFix = FINDING_IDS.filter((id) => findingRule(id).severity === 'error' && findingRule(id).fix === undefined);
    const okWithFix = FINDING_IDS.filter((id) => findingRule(id).severity === 'ok' && findingRule(id).fix !== undefined);
    expect(errorsWithoutFix).toEqual([]);
    expect(okWithFix).toEqual([]);
  });
  it.each([
    // [id, overrides, the severity, fix flow and fix step the finding carries]
    ['KEY_MISMATCH', {}, 'error', 'self-signed', undefined],
    ['CERT_VALID', {}, 'ok', undefined, undefined],
    ['SERVER_TAB_LINE_SPLIT', {}, 'info', 'server-tab', undefined],
    ['SERVER_TAB_LINE_SPLIT', { severity: 'warning' }, 'warning', 'server-tab', undefined],
    ['CERT_HOST_NOT_COVERED', {}, 'warning', 'public', undefined],
    ['CERT_HOST_NOT_COVERED', { fix: 'self-signed' }, 'warning', 'self-signed', undefined],
    ['WANTCERT_ON', { fix: { flow: 'modes', step: 'client-verify' } }, 'warning', 'modes', 'client-verify'],
  ] as const)('%s %o: %s, fixed in %s %s', (id, overrides, severity, fixFlow, fixStep) => {
    expect.hasAssertions();
    const f = finding(id, {}, overrides);
    expect([f.severity, f.fixFlow, f.fixStep]).toEqual([severity, fixFlow, fixStep]);
    expect(findingSummary(f)).not.toBe('');
  });
});
