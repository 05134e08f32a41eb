/**
 * State of the 公的運用 / public CA flow: step 1 makes the key and CSR (the key stays in memory
 * and is offered as a file to keep); step 2 takes what the CA returned, checks it against the key,
 * orders the chain and builds the zip (recipes/public-ca). After a reload the user drops the kept
 * key file back.
 */
import {
  assembleReturnedChain,
  buildPublicBundle,
  collectCertificates,
  makeKeyAndCsr,
  parseKeyFile,
  publicValidityLimit,
  serializeKeyFile,
  validateCsrForm,
  SERVER_KEY_DEFAULT,
  type CsrResult,
  type PublicBundleResult,
  type ReturnedChain,
} from '../../../lib/recipes/index.ts';
import { describeKeySpec, type PrivateKeyMaterial } from '../../../lib/pki/index.ts';
import { describeError } from '../../i18n/error-messages.ts';
import { app } from '../../state/app.svelte.ts';
import { ServerFormState } from '../../components/server/server-form.svelte.ts';

const MIN_KEY_PASSWORD = 8;

export class PublicCaState {
  readonly form = new ServerFormState({
    // Public CAs issue for registered names only (BR 7.1.4.2 with 4.2.2: no IP in practice).
    extraIssues: (hostNames) => validateCsrForm({ hostNames, keySpec: SERVER_KEY_DEFAULT }).filter((i) => i.code === 'san.publicIp'),
  });
  readonly limit = publicValidityLimit();

  busy = $state<'' | 'csr' | 'key' | 'cert'>('');
  csr = $state.raw<CsrResult | null>(null);
  /** The key in memory: made in step 1 or read back from the kept file. */
  key = $state.raw<PrivateKeyMaterial | null>(null);
  keyPassword = $state('');
  reloadBytes = $state.raw<Uint8Array | null>(null);
  reloadPassword = $state('');
  certText = $state('');
  certFiles = $state.raw<Uint8Array[]>([]);
  returned = $state.raw<ReturnedChain | null>(null);
  result = $state.raw<PublicBundleResult | null>(null);
  failure = $state.raw<unknown>(null);

  keyPasswordError = $derived(this.keyPassword !== '' && [...this.keyPassword].length < MIN_KEY_PASSWORD ? 'short' : undefined);
  keyLabel = $derived(this.key ? describeKeySpec(this.key.spec) : '');
  csrFileName = $derived(this.csr ? `${this.csr.hostNames[0] ?? 'server'}.csr` : '');
  keyFileName = $derived(this.csr ? `${this.csr.hostNames[0] ?? 'server'}.key.pem` : '');
  canAssemble = $derived(this.key !== null && (this.certText.trim() !== '' || this.certFiles.length > 0));
  error = $derived(this.failure === null ? undefined : describeError(app.lang, this.failure));
  files = $derived(this.result ? this.result.files.map((f) => f.path) : []);

  async makeCsr(): Promise<void> {
    this.form.touched = true;
    if (!this.form.valid || this.busy) return;
    await this.#run('csr', async () => {
      this.csr = await makeKeyAndCsr({ hostNames: this.form.hostNames, keySpec: this.form.keySpec });
      this.key = this.csr.key;
    });
  }

  csrBytes = (): Promise<Uint8Array> => Promise.resolve(new TextEncoder().encode(this.csr?.csrPem ?? ''));

  keyFileBytes = async (): Promise<Uint8Array> => {
    if (!this.key) throw new Error('no key');
    const password = this.keyPasswordError ? undefined : this.keyPassword || undefined;
    return new TextEncoder().encode(await serializeKeyFile(this.key, password));
  };

  async loadKeyFile(): Promise<void> {
    const bytes = this.reloadBytes;
    if (!bytes) return;
    await this.#run('key', async () => {
      this.key = await parseKeyFile(bytes, this.reloadPassword || undefined);
    });
  }

  addCertFile(bytes: Uint8Array): void {
    this.certFiles = [...this.certFiles, bytes];
  }

  async assemble(): Promise<void> {
    const key = this.key;
    if (!key || !this.canAssemble || this.busy) return;
    await this.#run('cert', async () => {
      this.returned = null;
      this.result = null;
      const returned = assembleReturnedChain(key, collectCertificates([this.certText, ...this.certFiles]));
      this.returned = returned;
      this.result = await buildPublicBundle(key, returned, { os: this.form.os, lang: app.lang, ...(this.form.serverTab ? { serverTab: this.form.serverTab } : {}) });
    });
  }

  async #run(kind: 'csr' | 'key' | 'cert', action: () => Promise<void>): Promise<void> {
    this.busy = kind;
    this.failure = null;
    try {
      await action();
    } catch (e) {
      this.failure = e;
    } finally {
      this.busy = '';
    }
  }
}
