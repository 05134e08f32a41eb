/**
 * The selected certificate of "証明書の管理": its details and its files again (PEM, DER, PKCS#12,
 * the MailRoot bundle), through recipes/manage-actions.ts. The PKCS#12 password is forgotten on
 * lock (ManageState.forgetSecrets, issue 12 item 8).
 */
import type { TargetOs } from '../../../lib/bundle/index.ts';
import type { Pkcs12Profile } from '../../../lib/pki/index.ts';
import { certificateDetails, certificateDownload, generatePassword, serverBundleDownload, storedClientHandOver, type ClientIssueResult, type DownloadFile } from '../../../lib/recipes/index.ts';
import type { CertificateDetails, Store } from '../../../lib/store/index.ts';
import type { LangSource } from '../../state/async-action.svelte.ts';

export class ManageDetailsState {
  selectedId = $state('');
  /** The selected certificate's details (null when none is selected or it is gone). */
  current = $state.raw<CertificateDetails | null>(null);
  os = $state<TargetOs>('windows');
  p12Profile = $state<Pkcs12Profile>('compatible');
  p12Password = $state(generatePassword());
  /** A client certificate handed over again as a kit (issue 14 item 4): holds its PKCS#12 password, forgotten on lock. */
  handOver = $state.raw<ClientIssueResult | null>(null);
  readonly #store: () => Promise<Store>;
  readonly #app: LangSource;

  /** `app` gives the language of the bundle's text. */
  constructor(app: LangSource, store: () => Promise<Store>) {
    this.#app = app;
    this.#store = store;
  }

  /** Reads the certificate's details (a failure is the caller's to show). */
  async show(id: string): Promise<void> {
    if (id !== this.selectedId) this.handOver = null;
    this.selectedId = id;
    this.current = await certificateDetails(await this.#store(), id);
  }

  /** After any change: the details again, or none when the certificate is gone. */
  async reload(): Promise<void> {
    if (!this.selectedId) return;
    const id = this.selectedId;
    this.current = await certificateDetails(await this.#store(), id).catch(() => null);
  }

  close(): void {
    this.handOver = null;
    this.selectedId = '';
    this.current = null;
  }

  /** The selected client certificate as a kit again, under a new password (a failure is the caller's to show). */
  async makeKit(): Promise<void> {
    this.handOver = await storedClientHandOver(await this.#store(), this.selectedId, this.p12Profile);
  }

  forgetKit(): void {
    this.handOver = null;
  }

  newP12Password(): void {
    this.p12Password = generatePassword();
  }

  // The save buttons call these.
  exportAs = (kind: 'pem' | 'der' | 'pkcs12') => async (): Promise<DownloadFile> =>
    certificateDownload(await this.#store(), this.selectedId, kind === 'pkcs12' ? { kind, profile: this.p12Profile, password: this.p12Password } : { kind });

  bundle = async (): Promise<DownloadFile> => {
    if (!this.current) throw new Error('manage: no certificate selected');
    return serverBundleDownload(await this.#store(), this.current, { os: this.os, lang: this.#app.lang });
  };
}
