/**
 * State of the 私的認証局 / private CA flow: pick or create the server CA in the vault, then issue
 * the server certificate under it and build the zip (recipes/private-ca). The Store comes from the
 * vault state it is given; this class holds only what the screens show.
 */
import type { CaRecord } from '../../../lib/store/index.ts';
import {
  PRIVATE_CA_KEY_CHOICES,
  PRIVATE_CA_KEY_DEFAULT,
  PRIVATE_CA_VALIDITY_DEFAULT_DAYS,
  createServerCa,
  issueServerBundle,
  keySpecFromId,
  keySpecId,
  listServerCas,
  validatePrivateCaForm,
  type PrivateCaResult,
} from '../../../lib/recipes/index.ts';
import type { KeySpec } from '../../../lib/pki/index.ts';
import { translate } from '../../../i18n/translate.ts';
import type { AppState } from '../../state/app.svelte.ts';
import type { Shared } from '../../state/context.ts';
import type { VaultState } from '../../state/vault.svelte.ts';
import { parseDays } from '../../components/days.ts';
import { ServerFormState, fieldError } from '../../components/server/server-form.svelte.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';

export class PrivateCaState {
  readonly server: ServerFormState;
  cas = $state.raw<CaRecord[]>([]);
  get loaded() { return this.#loaded; }
  #loaded = $state(false);
  /** '' = create a new CA. */
  pickedId = $state('');
  get chosen() { return this.#chosen; }
  #chosen = $state.raw<CaRecord | null>(null);

  caName = $state('');
  caOrg = $state('');
  caKeyId = $state(keySpecId(PRIVATE_CA_KEY_DEFAULT));
  caValidityText = $state<string>(String(PRIVATE_CA_VALIDITY_DEFAULT_DAYS));
  get caTouched() { return this.#caTouched; }
  #caTouched = $state(false);

  readonly action: AsyncAction<'ca' | 'issue'>;
  result = $state.raw<PrivateCaResult | null>(null);
  readonly #app: AppState;
  readonly #vault: VaultState;
  /** The result holds the server's plaintext key: forgotten when the vault locks (issue 12 item 8). */
  readonly #stopForgetting: () => void;

  constructor({ app, vault }: Pick<Shared, 'app' | 'vault'>) {
    this.#app = app;
    this.#vault = vault;
    this.server = new ServerFormState(app);
    this.action = new AsyncAction(app);
    this.#stopForgetting = vault.onLock(() => this.forgetSecrets());
  }

  /** Drops the bundle with the server key (vault locked); the certificate and its key stay in the vault. */
  forgetSecrets(): void {
    this.result = null;
  }

  dispose(): void {
    this.#stopForgetting();
  }

  readonly caKeyChoices: readonly KeySpec[] = PRIVATE_CA_KEY_CHOICES;
  get caKeySpec() { return this.#caKeySpec; }
  #caKeySpec = $derived<KeySpec>(keySpecFromId(this.caKeyId) ?? PRIVATE_CA_KEY_DEFAULT);

  /** A CA key choice's name; "(推奨)" marks this list's own default (RSA 3072), not the server key's (issue 17 item 6). */
  caKeyLabel(spec: KeySpec): string {
    const lang = this.#app.lang;
    const name = translate(lang, `server.key.${keySpecId(spec)}`);
    return keySpecId(spec) === keySpecId(PRIVATE_CA_KEY_DEFAULT) ? translate(lang, 'server.key.recommended', { name }) : name;
  }
  get caIssues() { return this.#caIssues; }
  #caIssues = $derived(validatePrivateCaForm({ name: this.caName, organization: this.caOrg, keySpec: this.caKeySpec, validityDays: parseDays(this.caValidityText) ?? NaN }));
  get caNameError() { return this.#caNameError; }
  #caNameError = $derived.by(() => (this.caTouched || this.caName !== '' ? fieldError(this.#app.lang, this.caIssues, 'caName') : undefined));
  get caOrgError() { return this.#caOrgError; }
  #caOrgError = $derived.by(() => fieldError(this.#app.lang, this.caIssues, 'organization'));
  get caValidityError() { return this.#caValidityError; }
  #caValidityError = $derived.by(() => fieldError(this.#app.lang, this.caIssues, 'caValidityDays'));
  get files() { return this.#files; }
  #files = $derived(this.result ? this.result.files.map((f) => f.path) : []);

  async loadCas(): Promise<void> {
    try {
      const store = await this.#vault.ensureOpen();
      this.cas = await listServerCas(store);
      this.pickedId = this.cas[0]?.id ?? '';
      this.#loaded = true;
    } catch (e) {
      this.action.fail(e);
    }
  }

  usePicked(): void {
    this.#chosen = this.cas.find((c) => c.id === this.pickedId) ?? null;
  }

  async createCa(): Promise<void> {
    this.#caTouched = true;
    if (this.caIssues.length || this.action.running) return;
    await this.action.run('ca', async () => {
      const store = await this.#vault.ensureOpen();
      const ca = await createServerCa(store, { name: this.caName, organization: this.caOrg, keySpec: this.caKeySpec, validityDays: parseDays(this.caValidityText) ?? NaN });
      this.cas = [ca, ...this.cas];
      this.#chosen = ca;
    });
  }

  async issue(): Promise<void> {
    this.server.touched = true;
    const ca = this.chosen;
    if (!ca || !this.server.valid || this.action.running) return;
    await this.action.run('issue', async () => {
      const store = await this.#vault.ensureOpen();
      this.result = await issueServerBundle(
        store,
        ca,
        { hostNames: this.server.hostNames, keySpec: this.server.keySpec, validityDays: this.server.validityDays, os: this.server.os },
        { lang: this.#app.lang, ...(this.server.serverTab ? { serverTab: this.server.serverTab } : {}) },
      );
    });
  }

  changeCa(): void {
    this.#chosen = null;
    this.result = null;
  }

  again(): void {
    this.result = null;
    this.action.clear();
  }
}
