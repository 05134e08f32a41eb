import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n/translate.ts';
import { issueText, type IssueFamily } from './code-text.ts';

describe('issueText: a recipe issue code as a sentence, with the family fallback for codes the catalog does not name', () => {
  it.each([
    ['server', { field: 'hostNames', code: 'san.dns.noDot', params: { value: 'mail' } }, translate('en', 'server.issue.san.dns.noDot', { value: 'mail' })],
    ['server', { field: 'hostNames', code: 'san.dns.new-rule', params: { value: 'x' } }, translate('en', 'server.issue.san.other', { value: 'x' })],
    ['server', { field: 'name', code: 'name.new-rule' }, translate('en', 'server.issue.name.other')],
    ['ca-for-clients', { field: 'name', code: 'no-such-code' }, translate('en', 'ca-for-clients.issue.other')],
    ['client-certs', { field: 'users', code: 'no-such-code', line: 3 }, translate('en', 'client-certs.issue.other', { line: 3 })],
  ] as const)('%s %j', (family: IssueFamily, issue, expected) => {
    expect(issueText('en', family, issue, 'line' in issue ? { line: issue.line } : undefined)).toBe(expected);
  });
});
