/** What diagnostics reads: whatever files of a MailRoot the administrator has, and the command line. */
import type { XmailTarget } from '../targets.ts';

export interface DiagnoseInput {
  target: XmailTarget;
  serverTab?: string | Uint8Array;
  commandLine?: string;
  serverKey?: string | Uint8Array;
  serverCert?: string | Uint8Array;
  certsPem?: string | Uint8Array;
  certsDir?: Array<{ name: string; bytes: Uint8Array }>;
  /** The inputs are a whole MailRoot: an absent file is missing, not just "not given". */
  complete?: boolean;
  now?: Date;
}

/** Renewal warning window. */
export const EXPIRY_WARNING_DAYS = 30;
