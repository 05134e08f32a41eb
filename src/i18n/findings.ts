/**
 * A diagnostic finding (src/lib/xmail/diagnostics) as the sentence the administrator reads:
 * `current.finding.<id>` from the catalog, its parameters turned into display values in the
 * same language. lib gives data only (codes, numbers, names, lists); the words around them, the
 * names of codes and the list separator come from here (issue 13 item 1).
 *
 * Plain TypeScript (no Svelte state), so the screen and the tests render findings the same way.
 */
import { LINE_ISSUE_CODES, XMAIL_TARGETS, type FindingId } from '../lib/xmail/index.ts';
import { formatDate } from './dates.ts';
import { isMessageKey, translate, type Lang, type MessageParams } from './translate.ts';

/** What a finding parameter can be: lib never passes a sentence, only values and lists of values. */
export type FindingParam = string | number | readonly string[] | readonly number[];

export interface FindingLike {
  /** Its text is `current.finding.<id>`: an id without a catalog key is a type error below. */
  readonly id: FindingId;
  readonly params: Readonly<Record<string, FindingParam>>;
}

/**
 * An error code in a finding's params ("server.cert cannot be read ({code})") as its sentence from
 * the catalog (`error.pki.*`, then `error.xmail.*`: the modules diagnostics reads files with),
 * without the final full stop; a code without text stays as it is.
 */
export function findingCodeText(lang: Lang, code: string): string {
  for (const module of ['pki', 'xmail']) {
    // An open set (whatever code the reading threw): looked up, not typed. That every code has
    // its key is EVERY_CODE_HAS_TEXT's (src/ui/i18n/error-messages.ts).
    const key = `error.${module}.${code}`;
    if (isMessageKey(key)) return translate(lang, key).replace(/[。.]$/, '');
  }
  return code;
}

/** Items of one list, written the way each language lists things (ja: 、; en: comma and space). */
export function formatList(lang: Lang, items: readonly (string | number)[]): string {
  return items.map(String).join(translate(lang, 'list.separator'));
}

/**
 * Display values of a finding's params: a target id becomes the target's name, a server.tab line
 * issue code its phrase, an error code its sentence, a list a list, a day the one date format (dates.ts).
 */
export function findingParams(lang: Lang, params: FindingLike['params']): MessageParams {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    // Closed sets: `settings.target.${XmailTarget}` and `current.lineIssue.${LineIssueCode}` are
    // checked against the catalog by the compiler (a target or issue without text is a type error).
    const target = k === 'target' ? XMAIL_TARGETS.find((x) => x === v) : undefined;
    const issue = k === 'issue' ? LINE_ISSUE_CODES.find((x) => x === v) : undefined;
    if (Array.isArray(v)) out[k] = formatList(lang, v);
    else if (target) out[k] = translate(lang, `settings.target.${target}`);
    else if (issue) out[k] = translate(lang, `current.lineIssue.${issue}`);
    else if (k === 'code' && typeof v === 'string') out[k] = findingCodeText(lang, v);
    else if ((k === 'notBefore' || k === 'notAfter') && typeof v === 'string') out[k] = formatDate(lang, v);
    else out[k] = v as string | number;
  }
  return out;
}

export function findingMessage(lang: Lang, finding: FindingLike): string {
  return translate(lang, `current.finding.${finding.id}`, findingParams(lang, finding.params));
}
