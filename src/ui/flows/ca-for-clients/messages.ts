/** Code -> message key with a fallback, for codes that come from the core (issues, consequences). */
import type { FieldIssue } from '../../../lib/pki/index.ts';
import { catalogs, type MessageKey, type MessageParams } from '../../../i18n/translate.ts';
import { t } from '../../state/app.svelte.ts';

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(catalogs.ja, key);
}

/** `${prefix}.${code}` when the catalog has it, else `fallback`. */
export function codeText(prefix: string, code: string, fallback: MessageKey, params?: MessageParams): string {
  const key = `${prefix}.${code}`;
  return hasMessage(key) ? t(key, params) : t(fallback, { code, ...params });
}

export function issueText(prefix: string, issue: FieldIssue | undefined): string | undefined {
  if (!issue) return undefined;
  return codeText(`${prefix}.issue`, issue.code, `${prefix}.issue.other` as MessageKey, issue.params);
}
