/**
 * The one way a code reported by the core (a field issue, a consequence) becomes a sentence on the
 * screen: the catalog key `<family>.<code>` when the catalog has it, else the family's fallback
 * (issue 13 item 5: there were two such helpers, one in the server form, one in a flow folder).
 * Keys built from closed sets (key ids, targets, modes) need none of this: their template-literal
 * types are checked against the catalog by the compiler.
 */
import type { FieldIssue } from '../../lib/pki/index.ts';
import { XMAIL_TARGETS } from '../../lib/xmail/index.ts';
import { isMessageKey, translate, type Lang, type MessageKey, type MessageParams } from '../../i18n/translate.ts';

/** `${prefix}.${code}` in `lang` when the catalog has it, else `fallback` (given `code` as a parameter too). */
export function codeText(lang: Lang, prefix: string, code: string, fallback: MessageKey, params?: MessageParams): string {
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? translate(lang, key, params) : translate(lang, fallback, { code, ...params });
}

/** The text for an issue code the family's catalog does not name. */
const ISSUE_FALLBACK = {
  server: (code: string) => (code.startsWith('san.') ? 'server.issue.san.other' : 'server.issue.name.other'),
  'ca-for-clients': () => 'ca-for-clients.issue.other',
  'client-certs': () => 'client-certs.issue.other',
} as const satisfies Record<string, (code: string) => MessageKey>;
export type IssueFamily = keyof typeof ISSUE_FALLBACK;

/** A field issue from a recipe as a sentence: `<family>.issue.<code>`; `{value}` is empty when the issue has none. */
export function issueText(lang: Lang, family: IssueFamily, issue: FieldIssue, extra?: MessageParams): string {
  return codeText(lang, `${family}.issue`, issue.code, ISSUE_FALLBACK[family](issue.code), { value: '', ...issue.params, ...extra });
}

/**
 * A consequence's params with a target id shown by the target's name, never as the code (issue 17
 * item 4: "(official-1.27-win)"). `settings.target.${XmailTarget}` is checked by the compiler.
 */
export function withTargetName(lang: Lang, params: Readonly<Record<string, string | number>> | undefined): MessageParams | undefined {
  if (!params) return undefined;
  const target = XMAIL_TARGETS.find((x) => x === params['target']);
  return target ? { ...params, target: translate(lang, `settings.target.${target}`) } : params;
}
