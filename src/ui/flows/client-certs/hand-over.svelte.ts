/**
 * State of the hand-over of issued client certificates (issue 14), shared by the
 * クライアント証明書 flow and the rotation in 証明書の管理: the files zip and the per-user zips
 * (never a password), and the passwords file, offered only when the administrator asks for it.
 * The passwords themselves are shown on the printable sheet.
 */
import { passwordsFile, userKitZip, zipClientCerts, zipUserKits, type ClientIssueResult, type IssuedClient } from '../../../lib/recipes/index.ts';
import { app } from '../../state/app.svelte.ts';

export const PER_USER_ZIPS_NAME = 'client-certificates-per-user.zip';

export class HandOverState {
  /** The separate passwords file is offered only after this is ticked. */
  wantPasswordsFile = $state(false);

  constructor(readonly result: () => ClientIssueResult) {}

  filesZip = (): Promise<Uint8Array> => zipClientCerts(this.result(), app.lang);

  perUserZips = (): Promise<Uint8Array> => zipUserKits(this.result(), app.lang);

  userZip(c: IssuedClient): { filename: string; bytes: () => Promise<Uint8Array> } {
    return userKitZip(this.result(), c, app.lang);
  }

  passwords = async (): Promise<Uint8Array> => passwordsFile(this.result(), app.lang).bytes;
}
