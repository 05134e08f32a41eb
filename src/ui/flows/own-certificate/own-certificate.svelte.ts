/**
 * State of the "I already have a certificate" flow: the files the user dropped or picked (each
 * with its own password field when it is a .pfx or an encrypted key), what each one is, the key
 * and chain found in them (recipes/own-certificate), the findings, and the MailRoot zip.
 * The download waits while the leaf's issuer is missing until the user confirms.
 * Keeping the key and certificate in the vault is a tick: on by default while the vault is unlocked,
 * off (with the reason shown) while it is locked or not created yet; ticked, the zip waits for the
 * vault (VaultGate), and making the zip then keeps both there (issue 11 item 1).
 */
import {
  PFX_EXPORT_MIN_PASSWORD,
  buildOwnCertificateBundle,
  checkOwnCertificate,
  exportOwnCertificatePfx,
  keepOwnCertificateInVault,
  ownLeaf,
  readOwnCertificateFiles,
  type OwnBundleResult,
  type KeptExternalCertificate,
  type OwnFinding,
  type SortedFiles,
} from '../../../lib/recipes/index.ts';
import { describeKeySpec } from '../../../lib/pki/index.ts';
import type { AppState } from '../../state/app.svelte.ts';
import type { Shared } from '../../state/context.ts';
import type { SettingsState } from '../../state/settings.svelte.ts';
import type { VaultState } from '../../state/vault.svelte.ts';
import { ServerFormState } from '../../components/server/server-form.svelte.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';

export interface HeldFile {
  readonly id: number;
  readonly name: string;
  readonly bytes: Uint8Array;
  password: string;
}

/** Most files one set may hold: a .pfx, a key, a chain and a few loose certificates. */
export const MAX_FILES = 20;

export class OwnCertificateState {
  /** Host names to check against, the dropped server.tab and the target OS. */
  readonly form: ServerFormState;
  files = $state<HeldFile[]>([]);
  sorted = $state.raw<SortedFiles | null>(null);
  /** The identity picked when several keys have their certificate. */
  get choose() { return this.#choose; }
  #choose = $state<number | undefined>(undefined);
  /** The user accepts a server.cert without the leaf's issuer. */
  confirmMissing = $state(false);
  result = $state.raw<OwnBundleResult | null>(null);
  readonly action: AsyncAction<'read' | 'build' | 'keep'>;
  /** The user's choice of keeping the key in the vault; null = not chosen (on while the vault is unlocked). */
  keepChoice = $state<boolean | null>(null);
  /** What keeping in the vault did for the zip made last. */
  get kept() { return this.#kept; }
  #kept = $state.raw<KeptExternalCertificate | null>(null);
  /** Password of the .pfx export (Windows/IIS). */
  pfxPassword = $state('');
  #nextId = 1;
  readonly #app: AppState;
  readonly #vault: VaultState;
  readonly #settings: SettingsState;
  /** Passwords and keys are forgotten when the vault locks (issue 12 item 8): drop the files again. */
  readonly #stopForgetting: () => void;

  /** `settings` gives the target the findings judge against; `vault` keeps the key and its lock clears the files. */
  constructor({ app, vault, settings }: Pick<Shared, 'app' | 'vault' | 'settings'>) {
    this.#app = app;
    this.#vault = vault;
    this.#settings = settings;
    this.form = new ServerFormState(app);
    this.action = new AsyncAction(app);
    this.#stopForgetting = vault.onLock(() => this.clear());
  }

  get findings() { return this.#findings; }
  #findings = $derived.by<OwnFinding[]>(() =>
    this.sorted ? checkOwnCertificate(this.sorted, { hostNames: this.form.hostNames, ...(this.form.serverTab ? { serverTab: this.form.serverTab } : {}), target: this.#settings.target }) : [],
  );
  get leaf() { return this.#leaf; }
  #leaf = $derived(this.sorted ? ownLeaf(this.sorted) : undefined);
  get missingIntermediate() { return this.#missingIntermediate; }
  #missingIntermediate = $derived(this.sorted?.missingIssuer !== undefined);
  get keepInVault() { return this.#keepInVault; }
  #keepInVault = $derived.by(() => this.keepChoice ?? this.#vault.isUnlocked);
  /** Why the tick is off by itself (the vault is locked, not created, or cannot open); null when the user chose. */
  get keepOffReason() { return this.#keepOffReason; }
  #keepOffReason = $derived.by(() => (this.keepChoice !== null || this.#vault.status === 'unlocked' ? null : (`own.vault.off.${this.#vault.status}` as const)));
  /** Ticked while the vault is not unlocked: the zip waits for the vault. */
  get keepWaitsForVault() { return this.#keepWaitsForVault; }
  #keepWaitsForVault = $derived.by(() => this.keepInVault && !this.#vault.isUnlocked);
  get canBuild() { return this.#canBuild; }
  #canBuild = $derived.by(() =>
    !this.action.running && !!this.sorted?.identity && this.sorted.chain.length > 0 && (!this.missingIntermediate || this.confirmMissing) && !this.keepWaitsForVault,
  );
  /**
   * What tells the identities apart when the page asks (SEVERAL_IDENTITIES): two certificates of one
   * host name differ in their key, issuer, expiry and file.
   */
  get identityChoices() { return this.#identityChoices; }
  #identityChoices = $derived(
    (this.sorted?.identities ?? []).map((identity) => {
      const leaf = this.sorted!.certificates[identity.leaf]?.summary;
      return {
        subject: leaf?.subjectText ?? '',
        key: describeKeySpec(identity.key.spec),
        issuer: leaf?.issuerText ?? '',
        notAfter: leaf ? leaf.notAfter.toISOString().slice(0, 10) : '',
        file: this.files[identity.keyFile]?.name ?? '',
      };
    }),
  );
  get bundlePaths() { return this.#bundlePaths; }
  #bundlePaths = $derived(this.result ? this.result.files.map((f) => f.path) : []);
  get pfxPasswordShort() { return this.#pfxPasswordShort; }
  #pfxPasswordShort = $derived(this.pfxPassword !== '' && [...this.pfxPassword].length < PFX_EXPORT_MIN_PASSWORD);
  get pfxReady() { return this.#pfxReady; }
  #pfxReady = $derived(this.result !== null && [...this.pfxPassword].length >= PFX_EXPORT_MIN_PASSWORD);
  get pfxFileName() { return this.#pfxFileName; }
  #pfxFileName = $derived(this.result ? this.result.fileName.replace(/\.zip$/, '.pfx') : '');
  readonly pfxMinPassword = PFX_EXPORT_MIN_PASSWORD;

  pfxBytes = (): Promise<Uint8Array> => {
    const key = this.sorted?.identity?.key;
    const result = this.result;
    if (!key || !result) return Promise.reject(new Error('no bundle yet'));
    return exportOwnCertificatePfx(key, result.chain, this.pfxPassword, result.hostNames[0] ?? 'XMail');
  };

  /** Reads whether the vault exists and is unlocked (the tick's default and its reason). */
  readVault(): Promise<void> {
    return this.#vault.refresh();
  }

  dispose(): void {
    this.#stopForgetting();
  }

  clear(): void {
    this.action.supersede();
    this.pfxPassword = '';
    this.files = [];
    this.sorted = null;
    this.result = null;
    this.#choose = undefined;
    this.confirmMissing = false;
    this.#kept = null;
  }

  async add(list: ReadonlyArray<{ name: string; bytes: Uint8Array }>): Promise<void> {
    const room = MAX_FILES - this.files.length;
    const added = list.slice(0, Math.max(0, room)).map((f) => ({ id: this.#nextId++, name: f.name, bytes: f.bytes, password: '' }));
    this.files = [...this.files, ...added];
    await this.refresh();
  }

  async remove(id: number): Promise<void> {
    this.files = this.files.filter((f) => f.id !== id);
    this.#choose = undefined; // the identities' indexes shift: ask again if still several
    await this.refresh();
  }

  async pick(index: number): Promise<void> {
    this.#choose = index;
    await this.refresh();
  }

  /** Reads every file again (after an add, a remove or a password). */
  async refresh(): Promise<void> {
    this.result = null;
    this.#kept = null;
    this.confirmMissing = false;
    if (this.files.length === 0) {
      this.action.supersede();
      this.sorted = null;
      return;
    }
    await this.action.run('read', async (current) => {
      const input = this.files.map((f) => ({ name: f.name, bytes: f.bytes, ...(f.password ? { password: f.password } : {}) }));
      const sorted = await readOwnCertificateFiles(input, this.choose);
      // A newer add, remove, password or clear started meanwhile: its result is the one to show.
      if (current()) this.sorted = sorted;
    });
  }

  async build(): Promise<void> {
    const sorted = this.sorted;
    if (!sorted || !this.canBuild) return;
    await this.action.run('build', async (current) => {
      const result = await buildOwnCertificateBundle(sorted, {
        os: this.form.os,
        lang: this.#app.lang,
        ...(this.form.serverTab ? { serverTab: this.form.serverTab } : {}),
        acceptMissingIntermediate: this.confirmMissing,
      });
      if (current()) this.result = result;
    });
    const key = sorted.identity?.key;
    const result = this.result;
    if (!this.keepInVault || !key || !result) return;
    // The zip stays offered if keeping fails; the error says why.
    await this.action.run('keep', async (current) => {
      const kept = await keepOwnCertificateInVault(await this.#vault.ensureOpen(), key, result);
      if (current()) this.#kept = kept;
    });
  }
}
