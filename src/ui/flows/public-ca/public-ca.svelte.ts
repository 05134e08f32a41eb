/**
 * State of the 公的運用 / public CA flow: step 1 makes the key and CSR (the key stays in memory,
 * is offered as a file to keep, and — when chosen — is kept in the vault, encrypted, as a pending
 * request); step 2 takes what the CA returned, checks it against the key, orders the chain and
 * builds the zip (recipes/public-ca), and completes the pending request in the vault. After a
 * reload the user picks the pending request from the vault or drops the kept key file back.
 */
import {
  assembleReturnedChain,
  buildPublicBundle,
  collectCertificates,
  keepRequestInVault,
  listWaitingRequests,
  makeKeyAndCsr,
  openWaitingRequest,
  parseKeyFile,
  readAnswerFiles,
  recordReturnedCertificate,
  publicValidityLimit,
  serializeKeyFile,
  validateCsrForm,
  SERVER_KEY_DEFAULT,
  type AnswerFileRead,
  type CsrResult,
  type PublicBundleResult,
  type ReturnedChain,
} from '../../../lib/recipes/index.ts';
import { describeKeySpec, type PrivateKeyMaterial } from '../../../lib/pki/index.ts';
import type { CertificateRecord, PendingRequestRecord } from '../../../lib/store/index.ts';
import type { AppState } from '../../state/app.svelte.ts';
import type { Shared } from '../../state/context.ts';
import type { VaultState } from '../../state/vault.svelte.ts';
import { ServerFormState } from '../../components/server/server-form.svelte.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';

const MIN_KEY_PASSWORD = 8;

export class PublicCaState {
  readonly form: ServerFormState;
  readonly limit = publicValidityLimit();

  readonly action: AsyncAction<'csr' | 'key' | 'pick' | 'cert'>;
  /** Which step the kept failure belongs to, so the page shows it beside that step's field (issue 17 item 8). */
  get failedStep() { return this.#failedStep; }
  #failedStep = $state<'csr' | 'key' | 'pick' | 'cert' | null>(null);
  get csr() { return this.#csr; }
  #csr = $state.raw<CsrResult | null>(null);
  /** The key in memory: made in step 1 or read back from the kept file. */
  key = $state.raw<PrivateKeyMaterial | null>(null);
  /** Where the key in memory came from: step 1, a dropped key file, or a request in the vault. */
  keyFrom = $state<'made' | 'file' | 'vault' | null>(null);
  keyPassword = $state('');
  reloadBytes = $state.raw<Uint8Array | null>(null);
  reloadPassword = $state('');
  certText = $state('');
  /** The CA's answer files, several at once (issue 11 item 0), each with what it is. */
  get certFiles() { return this.#certFiles; }
  #certFiles = $state.raw<Array<{ id: number; name: string; bytes: Uint8Array }>>([]);
  get certFilesRead() { return this.#certFilesRead; }
  #certFilesRead = $state.raw<AnswerFileRead[]>([]);
  /** The user accepts a server.cert without the leaf's issuer (mail programs will fail to verify it). */
  confirmMissing = $state(false);
  #nextFileId = 1;
  get returned() { return this.#returned; }
  #returned = $state.raw<ReturnedChain | null>(null);
  result = $state.raw<PublicBundleResult | null>(null);
  /** The user's choice of keeping the key in the vault; null = not chosen (on while the vault is unlocked). */
  keepChoice = $state<boolean | null>(null);
  /** Requests waiting in the vault (listing needs the store open, not unlocked). */
  get waiting() { return this.#waiting; }
  #waiting = $state.raw<PendingRequestRecord[]>([]);
  pickedId = $state('');
  /** The vault's pending request the key in memory belongs to (made now or picked). */
  get request() { return this.#request; }
  #request = $state.raw<PendingRequestRecord | null>(null);
  /** The certificate recorded in the vault when the request was completed. */
  get recorded() { return this.#recorded; }
  #recorded = $state.raw<CertificateRecord | null>(null);

  get keyPasswordError() { return this.#keyPasswordError; }
  #keyPasswordError = $derived(this.keyPassword !== '' && [...this.keyPassword].length < MIN_KEY_PASSWORD ? 'short' : undefined);
  get keyLabel() { return this.#keyLabel; }
  #keyLabel = $derived(this.key ? describeKeySpec(this.key.spec) : '');
  get csrFileName() { return this.#csrFileName; }
  #csrFileName = $derived(this.csr ? `${this.csr.hostNames[0] ?? 'server'}.csr` : '');
  get keyFileName() { return this.#keyFileName; }
  #keyFileName = $derived(this.csr ? `${this.csr.hostNames[0] ?? 'server'}.key.pem` : '');
  get canAssemble() { return this.#canAssemble; }
  #canAssemble = $derived(this.key !== null && (this.certText.trim() !== '' || this.certFiles.length > 0));
  get files() { return this.#files; }
  #files = $derived(this.result ? this.result.files.map((f) => f.path) : []);
  /** The zip is offered once the chain is complete, or the user accepted the missing intermediate. */
  get canDownload() { return this.#canDownload; }
  #canDownload = $derived(this.result !== null && (!this.returned?.missingIntermediate || this.confirmMissing));
  get keepInVault() { return this.#keepInVault; }
  #keepInVault = $derived.by(() => this.keepChoice ?? this.#vault.isUnlocked);
  /** Keeping the key needs the vault unlocked (VaultGate asks) before the CSR is made. */
  get canMake() { return this.#canMake; }
  #canMake = $derived.by(() => !this.action.running && (!this.keepInVault || this.#vault.isUnlocked));
  /** Step 2 offers the vault's requests while no key is in memory from step 1. */
  get offersWaiting() { return this.#offersWaiting; }
  #offersWaiting = $derived(this.csr === null && this.waiting.length > 0);

  readonly #app: AppState;
  readonly #vault: VaultState;
  /** Plaintext keys and passwords are forgotten when the vault locks (issue 12 item 8). */
  readonly #stopForgetting: () => void;

  constructor({ app, vault }: Pick<Shared, 'app' | 'vault'>) {
    this.#app = app;
    this.#vault = vault;
    this.form = new ServerFormState(app, {
      // Public CAs issue for registered names only (BR 7.1.4.2 with 4.2.2: no IP in practice).
      extraIssues: (hostNames) => validateCsrForm({ hostNames, keySpec: SERVER_KEY_DEFAULT }).filter((i) => i.code === 'san.publicIp' || i.code === 'san.dns.noDot'),
    });
    this.action = new AsyncAction(app);
    this.#stopForgetting = vault.onLock(() => this.forgetSecrets());
  }

  /**
   * Forgets the passwords typed and every key that exists elsewhere too: a key opened from the
   * vault or kept there (pick the request again after unlocking), a key read from a file (drop it
   * again), and the bundle built with it. A key made here and NOT kept in the vault stays: it exists
   * nowhere else until its file is saved, and the CSR sent to the CA would be worthless without it.
   */
  forgetSecrets(): void {
    this.keyPassword = '';
    this.reloadPassword = '';
    this.reloadBytes = null;
    const onlyCopy = this.keyFrom === 'made' && this.request === null;
    if (onlyCopy) return;
    this.result = null;
    this.key = null;
    this.keyFrom = null;
    if (this.csr) this.#csr = null;
  }

  dispose(): void {
    this.#stopForgetting();
  }

  async makeCsr(): Promise<void> {
    this.form.touched = true;
    if (!this.form.valid || this.action.running) return;
    if (!this.canMake) return;
    await this.#run('csr', async () => {
      const csr = await makeKeyAndCsr({ hostNames: this.form.hostNames, keySpec: this.form.keySpec });
      this.#csr = csr;
      this.key = csr.key;
      this.keyFrom = 'made';
      this.#request = null;
      // The CSR is shown (and its key file offered) even if keeping fails; the error says why.
      if (this.keepInVault) this.#request = await keepRequestInVault(await this.#vault.ensureOpen(), csr);
    });
  }

  /** Reads the requests waiting in the vault; a store that cannot open leaves the list empty. */
  async loadWaiting(): Promise<void> {
    try {
      this.#waiting = await listWaitingRequests(await this.#vault.ensureOpen());
    } catch {
      this.#waiting = []; // the vault state's action.error tells why the store did not open
    }
    if (!this.waiting.some((r) => r.id === this.pickedId)) this.pickedId = this.waiting[0]?.id ?? '';
  }

  /** Decrypts the picked request's key (the vault is unlocked: VaultGate shows the picker only then). */
  async pickWaiting(): Promise<void> {
    const id = this.pickedId;
    if (!id || this.action.running) return;
    await this.#run('pick', async () => {
      const { request, key } = await openWaitingRequest(await this.#vault.ensureOpen(), id);
      this.key = key;
      this.keyFrom = 'vault';
      this.#request = request;
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
      this.keyFrom = 'file';
      this.#request = null; // a key from a file completes no request in the vault
    });
  }

  /**
   * Adds picked or dropped files. A file already listed that turned out wrong (unreadable, or with
   * the key known, holding no certificate of this chain) is replaced by the new pick: no reload and
   * no remove click needed (issue 17 item 8).
   */
  async addCertFiles(list: ReadonlyArray<{ name: string; bytes: Uint8Array }>): Promise<void> {
    const wrong: number[] = this.certFiles
      .filter((_, i) => {
        const read = this.certFilesRead[i];
        return read !== undefined && (read.error !== undefined || (this.key !== null && read.roles.length > 0 && read.roles.every((r) => r === 'other')));
      })
      .map((f) => f.id);
    this.#certFiles = [...this.certFiles.filter((f) => !wrong.includes(f.id)), ...list.map((f) => ({ id: this.#nextFileId++, name: f.name, bytes: f.bytes }))];
    await this.#readCertFiles();
  }

  async removeCertFile(id: number): Promise<void> {
    this.#certFiles = this.certFiles.filter((f) => f.id !== id);
    await this.#readCertFiles();
  }

  async #readCertFiles(): Promise<void> {
    this.#returned = null;
    this.result = null;
    this.confirmMissing = false;
    try {
      this.#certFilesRead = await readAnswerFiles(this.key, this.certFiles);
    } catch (e) {
      this.action.fail(e);
      this.#failedStep = 'cert';
    }
  }

  async #run(kind: 'csr' | 'key' | 'pick' | 'cert', step: () => Promise<void>): Promise<void> {
    this.#failedStep = null;
    if (!(await this.action.run(kind, step))) this.#failedStep = kind;
  }

  async assemble(): Promise<void> {
    const key = this.key;
    if (!key || !this.canAssemble || this.action.running) return;
    await this.#run('cert', async () => {
      this.#returned = null;
      this.result = null;
      this.#recorded = null;
      this.confirmMissing = false;
      this.#certFilesRead = await readAnswerFiles(key, this.certFiles);
      const fromFiles = this.certFilesRead.flatMap((f) => f.certificates);
      const pasted = this.certText.trim() !== '' || fromFiles.length === 0 ? collectCertificates([this.certText]) : [];
      const returned = await assembleReturnedChain(key, [...pasted, ...fromFiles]);
      const result = await buildPublicBundle(key, returned, { os: this.form.os, lang: this.#app.lang, ...(this.form.serverTab ? { serverTab: this.form.serverTab } : {}) });
      // A waiting request's answer is offered only once the vault took it: an answer it refuses
      // (the renewed certificate itself, a key marked leaked) must not leave a zip to download.
      const request = this.request;
      if (request) {
        this.#recorded = await recordReturnedCertificate(await this.#vault.ensureOpen(), request.id, returned);
        this.#request = null;
      }
      this.#returned = returned;
      this.result = result;
      if (request) await this.loadWaiting();
    });
  }
}
