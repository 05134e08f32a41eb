/**
 * The bundle module's one error class. A BundleError means the caller handed the bundle builder
 * something it cannot put into a download (a path that would escape the folder it is unzipped
 * into, a value the Windows registry cannot hold, a missing piece a flow promised). The UI maps
 * `code` to Japanese/English text in src/ui/i18n; `cause` keeps the original error, if any.
 */
import { CodedError } from '../coded-error.ts';
export type BundleErrorCode =
  /** A file path that is empty, absolute, uses backslashes, `.`/`..` segments or control characters. */
  | 'BUNDLE_PATH_INVALID'
  /** Two files with the same path (compared case-insensitively: Windows and macOS folders are). */
  | 'BUNDLE_PATH_DUPLICATE'
  /** An input the builder needs is missing or is not what it claims to be (a key that is not PEM, is encrypted, or does not match server.cert). */
  | 'BUNDLE_INPUT_INVALID'
  /** A registry value with a character a .reg file cannot carry (line break, NUL). */
  | 'BUNDLE_REG_VALUE_INVALID'
  /** A value for a command in INSTALL that cannot be quoted safely for the target shell (a control character, or %, !, $, ` or " on Windows). */
  | 'BUNDLE_COMMAND_VALUE_INVALID'
  /** jszip failed to produce the archive. */
  | 'BUNDLE_ZIP_FAILED';

export class BundleError extends CodedError<BundleErrorCode> {
  override readonly name = 'BundleError';
}

export function isBundleError(e: unknown, code?: BundleErrorCode): e is BundleError {
  return e instanceof BundleError && (code === undefined || e.code === code);
}
