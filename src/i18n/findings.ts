/**
 * A diagnostic finding (src/lib/xmail/diagnostics) as the sentence the administrator reads:
 * `current.finding.<id>` from the catalog, its parameters turned into display values in the
 * same language. lib gives data only (codes, numbers, names, lists); the words around them, the
 * names of codes and the list separator come from here (issue 13 item 1).
 *
 * Plain TypeScript (no Svelte state), so the screen and the tests render findings the same way.
 */
import { formatDate } from './dates.ts';
import { catalogs, translate, type Lang, type MessageKey, type MessageParams } from './translate.ts';

/** What a finding parameter can be: lib never passes a sentence, only values and lists of values. */
export type FindingParam = string | number | readonly string[] | readonly number[];

export interface FindingLike {
  readonly id: string;
  readonly params: Readonly<Record<string, FindingParam>>;
}

/**
 * An error code in a finding's params ("server.cert cannot be read ({code})") as its sentence from
 * the catalog (`error.pki.*`, then `error.xmail.*`: the modules diagnostics reads files with),
 * without the final full stop; a code without text stays as it is.
 */
export function findingCodeText(lang: Lang, code: string): string {
  for (const module of ['pki', 'xmail']) {
    const key = `error.${module}.${code}`;
    if (Object.hasOwn(catalogs[lang], key)) return translate(lang, key as MessageKey).replace(/[。.]$/, '');
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
    if (Array.isArray(v)) out[k] = formatList(lang, v);
    else if (k === 'target' && typeof v === 'string') out[k] = translate(lang, `settings.target.${v}` as MessageKey);
    else if (k === 'issue' && typeof v === 'string') out[k] = translate(lang, `current.lineIssue.${v}` as MessageKey);
    else if (k === 'code' && typeof v === 'string') out[k] = findingCodeText(lang, v);
    else if ((k === 'notBefore' || k === 'notAfter') && typeof v === 'string') out[k] = formatDate(lang, v);
    else out[k] = v as string | number;
  }
  return out;
}

export function findingMessage(lang: Lang, finding: FindingLike): string {
  return translate(lang, `current.finding.${finding.id}` as MessageKey, findingParams(lang, finding.params));
}
