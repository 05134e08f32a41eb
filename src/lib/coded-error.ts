/**
 * The base of every domain module's error class (PkiError, XmailError, BundleError, StoreError):
 * a discriminated `code` the UI maps to ja/en text (src/ui/i18n/error-messages.ts), a message
 * naming the step and what was expected versus found, and the original `cause`.
 */
export abstract class CodedError<Code extends string> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
