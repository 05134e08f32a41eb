/**
 * The engine's one error class. Every failure the PKI core raises is a PkiError with a
 * discriminated `code` the UI maps to Japanese/English text (src/ui/i18n), a message naming the
 * step and what was expected versus found, and the original `cause` when there was one.
 * Expected user-input problems (a bad host name in a form) are validation results, not errors.
 */
import { CodedError } from '../coded-error.ts';
/** Every PkiErrorCode, enumerable (the UI's i18n test checks each has ja/en text). */
export const PKI_ERROR_CODES = [
  'PEM_NO_BLOCK',
  'PEM_BAD_BASE64',
  'PEM_WRONG_LABEL',
  'PEM_UNTERMINATED',
  'DER_MALFORMED',
  'DER_WRONG_TYPE',
  'DER_TOO_COMPLEX',
  'TOO_MANY_CERTIFICATES',
  'INPUT_TOO_LARGE',
  'KEY_UNSUPPORTED',
  'KEY_PASSWORD_REQUIRED',
  'KEY_BAD_PASSWORD',
  'KEY_MISMATCH',
  'NAME_INVALID',
  'SAN_INVALID',
  'PROFILE_INVALID',
  'SIGNATURE_INVALID',
  'CHAIN_INCOMPLETE',
  'PKCS12_BAD_PASSWORD',
  'PKCS12_EMPTY_PASSWORD',
  'PKCS12_UNSUPPORTED',
  'PKCS12_PBMAC1_UNSUPPORTED',
  'PKCS12_MALFORMED',
  'PKCS12_NO_KEY',
  'PKCS12_PASSWORD_REQUIRED',
  'PKCS7_MALFORMED',
  'PKCS7_NO_CERTIFICATES',
  'FILE_UNRECOGNIZED',
  'FILE_NOT_CERTIFICATE',
  'CRYPTO_FAILED',
] as const;
export type PkiErrorCode = (typeof PKI_ERROR_CODES)[number];

export class PkiError extends CodedError<PkiErrorCode> {
  override readonly name = 'PkiError';
}

export function isPkiError(e: unknown, code?: PkiErrorCode): e is PkiError {
  return e instanceof PkiError && (code === undefined || e.code === code);
}

/** Largest input the engine parses. Real PEM/DER/PKCS#12 files are kilobytes; 50 MB is refused at once. */
export const MAX_INPUT_BYTES = 1024 * 1024;

export function assertInputSize(bytesOrText: Uint8Array | string, what: string): void {
  const size = typeof bytesOrText === 'string' ? bytesOrText.length : bytesOrText.byteLength;
  if (size > MAX_INPUT_BYTES) {
    throw new PkiError('INPUT_TOO_LARGE', `${what}: expected at most ${MAX_INPUT_BYTES} bytes, found ${size}`);
  }
}
