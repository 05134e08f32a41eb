/**
 * The XMail layer's one error class, same shape as PkiError (pki/errors.ts): a discriminated
 * `code` the UI maps to ja/en text, a message naming the step and what was expected versus found,
 * and the original `cause`. Thrown only for input the layer cannot use at all (a binary file in the
 * server.tab slot) or a change XMail could not hold (a TAB inside a value); odd but readable lines
 * are reported as coded issues on the parsed model instead.
 */
import { CodedError } from '../coded-error.ts';
export const XMAIL_ERROR_CODES = [
  'INPUT_TOO_LARGE',
  'SERVER_TAB_BINARY',
  'SERVER_TAB_UTF16',
  'SERVER_TAB_NOT_A_SERVER_TAB',
  'SERVER_TAB_NAME_INVALID',
  'SERVER_TAB_VALUE_TAB',
  'SERVER_TAB_VALUE_NEWLINE',
  'SERVER_TAB_VALUE_CONTROL',
  'SERVER_TAB_VALUE_TRAILING_BACKSLASH',
  'SERVER_TAB_LINE_TOO_LONG',
  'SERVER_TAB_ADDED_NOT_ASCII',
  'SERVER_TAB_TOO_MANY_LINES',
  'COMMAND_LINE_TOKEN_TOO_LONG',
  'COMMAND_LINE_PORT_INVALID',
  'COMMAND_LINE_INTERFACE_INVALID',
  'COMMAND_LINE_NOT_FOUND',
  'COMMAND_LINE_NOT_UTF8',
  'MODE_ADDRESS_INVALID',
  'MODE_OPTIONS_INVALID',
] as const;
export type XmailErrorCode = (typeof XMAIL_ERROR_CODES)[number];

export class XmailError extends CodedError<XmailErrorCode> {
  override readonly name = 'XmailError';
}

export function isXmailError(e: unknown, code?: XmailErrorCode): e is XmailError {
  return e instanceof XmailError && (code === undefined || e.code === code);
}

/** Largest server.tab / command line we read: real ones are a few kilobytes. */
export const MAX_XMAIL_INPUT_BYTES = 1024 * 1024;
