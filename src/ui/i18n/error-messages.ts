/**
 * The one place error codes of the core become words. Each src/lib module has one error class
 * with a discriminated `code` (PkiError, BundleError, StoreError, XmailError); its text is the
 * catalog key `error.<module>.<CODE>` (src/i18n/errors.ts). `EVERY_CODE_HAS_TEXT` below is a type
 * error when a code of any of the four unions has no key in the catalog.
 */
import type { BundleErrorCode } from '../../lib/bundle/index.ts';
import type { PkiErrorCode } from '../../lib/pki/index.ts';
import type { StoreErrorCode } from '../../lib/store/index.ts';
import type { XmailErrorCode } from '../../lib/xmail/index.ts';
import type { PageErrorCode } from '../page-error.ts';
import { isMessageKey, translate, type Lang, type MessageKey } from '../../i18n/translate.ts';

/** The lib module of each coded error class (Error.name), as it appears in the catalog key. */
export const ERROR_MODULE_OF_CLASS = {
  PkiError: 'pki',
  BundleError: 'bundle',
  StoreError: 'store',
  XmailError: 'xmail',
  PageError: 'page',
} as const;
export type ErrorModule = (typeof ERROR_MODULE_OF_CLASS)[keyof typeof ERROR_MODULE_OF_CLASS];

/** Every catalog key an error code needs. */
export type CodedErrorKey =
  | `error.pki.${PkiErrorCode}`
  | `error.bundle.${BundleErrorCode}`
  | `error.store.${StoreErrorCode}`
  | `error.xmail.${XmailErrorCode}`
  | `error.page.${PageErrorCode}`;

type MissingErrorKeys = Exclude<CodedErrorKey, MessageKey>;
/** Compiles only while every code of the four unions has a catalog key (else the type names the missing keys). */
export const EVERY_CODE_HAS_TEXT: [MissingErrorKeys] extends [never] ? true : MissingErrorKeys = true;

export function pkiErrorKey(code: PkiErrorCode): MessageKey {
  return `error.pki.${code}`;
}
export function xmailErrorKey(code: XmailErrorCode): MessageKey {
  return `error.xmail.${code}`;
}
export function storeErrorKey(code: StoreErrorCode): MessageKey {
  return `error.store.${code}`;
}
export function bundleErrorKey(code: BundleErrorCode): MessageKey {
  return `error.bundle.${code}`;
}

/** The catalog key of a code a lib module reported as data (a finding's `code` param), or undefined. */
export function errorKeyOf(module: ErrorModule, code: string): MessageKey | undefined {
  const key = `error.${module}.${code}`;
  return isMessageKey(key) ? key : undefined;
}

export interface DescribedError {
  /** The user-facing sentence. */
  readonly text: string;
  /** The core's technical message (English, names the step), for support: shown collapsed. */
  readonly detail?: string;
  /** The error's code as support reads it (`pki/PEM_NO_BLOCK`); never in the sentence itself (issue 17 item 4). */
  readonly code?: string;
}

/** Any thrown value to display text. Classes are matched by name so src/ui needs no runtime import. */
export function describeError(lang: Lang, error: unknown): DescribedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const module = Object.hasOwn(ERROR_MODULE_OF_CLASS, error.name)
      ? ERROR_MODULE_OF_CLASS[error.name as keyof typeof ERROR_MODULE_OF_CLASS]
      : undefined;
    const key = module && typeof code === 'string' ? errorKeyOf(module, code) : undefined;
    if (key) return { text: translate(lang, key), detail: error.message, code: `${module}/${String(code)}` };
  }
  return { text: translate(lang, 'error.unknown') };
}
