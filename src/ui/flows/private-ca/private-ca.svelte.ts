/**
 * State of the 私的認証局 / private CA flow: pick or create the server CA in the vault, then issue
 * the server certificate under it and build the zip (recipes/private-ca). The Store comes from the
 * shared vaultState; this class holds only what the screens show.
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
import { app, t } from '../../state/app.svelte.ts';
import { vaultState } from '../../state/vault.svelte.ts';
import { parseDays } from '../../components/days.ts';
import { ServerFormState, fieldError } from '../../components/server/server-form.svelte.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';

export class PrivateCaState {
  readonly server = new ServerFormState();
  cas = $state.raw<CaRecord[]>([]);
  loaded = $state(false);
  /** '' = create a new CA. */
  pickedId = $state('');
  chosen = $state.raw<CaRecord | null>(null);

  caName = $state('');
  caOrg = $state('');
  caKeyId = $state(keySpecId(PRIVATE_CA_KEY_DEFAULT));
  caValidityText = $state<string>(String(PRIVATE_CA_VALIDITY_DEFAULT_DAYS));
  caTouched = $state(false);

  readonly action = new AsyncAction<'ca' | 'issue'>(app);
  result = $state.raw<PrivateCaResult | null>(null);
  /** The result holds the server's plaintext key: forgotten when the vault locks (issue 12 item 8). */
  readonly #stopForgetting = vaultState.onLock(() => this.forgetSecrets());

  /** Drops the bundle with the server key (vault locked); the certificate and its key stay in the vault. */
  forgetSecrets(): void {
    this.result = null;
  }

  dispose(): void {
    this.#stopForgetting();
  }

  readonly caKeyChoices: readonly KeySpec[] = PRIVATE_CA_KEY_CHOICES;
  caKeySpec = $derived<KeySpec>(keySpecFromId(this.caKeyId) ?? PRIVATE_CA_KEY_DEFAULT);

  /** A CA key choice's name; "(推奨)" marks this list's own default (RSA 3072), not the server key's (issue 17 item 6). */
  caKeyLabel(spec: KeySpec): string {
    const name = t(`server.key.${keySpecId(spec)}`);
    return keySpecId(spec) === keySpecId(PRIVATE_CA_KEY_DEFAULT) ? t('server.key.recommended', { name }) : name;
  }
  caIssues = $derived(validatePrivateCaForm({ name: this.caName, organization: this.caOrg, keySpec: this.caKeySpec, validityDays: parseDays(this.caValidityText) ?? NaN }));
  caNameError = $derived(this.caTouched || this.caName !== '' ? fieldError(this.caIssues, 'caName') : undefined);
  caOrgError = $derived(fieldError(this.caIssues, 'organization'));
  caValidityError = $derived(fieldError(this.caIssues, 'caValidityDays'));
  files = $derived(this.result ? this.result.files.map((f) => f.path) : []);

  async loadCas(): Promise<void> {
    try {
      const store = await vaultState.ensureOpen();
      this.cas = await listServerCas(store);
      this.pickedId = this.cas[0]?.id ?? '';
      this.loaded = true;
    } catch (e) {
      this.action.fail(e);
    }
  }

  usePicked(): void {
    this.chosen = this.cas.find((c) => c.id === this.pickedId) ?? null;
  }

  async createCa(): Promise<void> {
    this.caTouched = true;
    if (this.caIssues.length || this.action.running) return;
    await this.action.run('ca', async () => {
      const store = await vaultState.ensureOpen();
      const ca = await createServerCa(store, { name: this.caName, organization: this.caOrg, keySpec: this.caKeySpec, validityDays: parseDays(this.caValidityText) ?? NaN });
      this.cas = [ca, ...this.cas];
      this.chosen = ca;
    });
  }

  async issue(): Promise<void> {
    this.server.touched = true;
    const ca = this.chosen;
    if (!ca || !this.server.valid || this.action.running) return;
    await this.action.run('issue', async () => {
      const store = await vaultState.ensureOpen();
      this.result = await issueServerBundle(
        store,
        ca,
        { hostNames: this.server.hostNames, keySpec: this.server.keySpec, validityDays: this.server.validityDays, os: this.server.os },
        { lang: app.lang, ...(this.server.serverTab ? { serverTab: this.server.serverTab } : {}) },
      );
    });
  }

  changeCa(): void {
    this.chosen = null;
    this.result = null;
  }

  again(): void {
    this.result = null;
    this.action.clear();
  }
}
