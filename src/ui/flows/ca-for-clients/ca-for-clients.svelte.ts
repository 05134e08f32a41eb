/**
 * State of the "CA証明書" flow: the client-verification CAs of the vault, the form for a new one,
 * the verification choice and its plan (consequences shown before the download), the bundle.
 */
import type { FieldIssue, KeySpec } from '../../../lib/pki/index.ts';
import {
  missingServerFiles,
  certsDirNames,
  clientVerifyPreview,
  createClientCa,
  defaultClientCaForm,
  planClientVerify,
  validateClientCaForm,
  zipClientCaBundle,
  type ClientCaForm,
  type CertsDirName,
  type ModeChange,
  type ServicePreviewRow,
} from '../../../lib/recipes/index.ts';
import { listCas, type CaRecord } from '../../../lib/store/index.ts';
import { parseServerTab, TARGETS, XMAIL_TARGETS, type XmailTarget } from '../../../lib/xmail/index.ts';
import type { AppState } from '../../state/app.svelte.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';
import type { Shared } from '../../state/context.ts';
import type { EnvironmentState } from '../../state/environment.svelte.ts';
import type { VaultState } from '../../state/vault.svelte.ts';
import { parseDays } from '../../components/days.ts';

export const CLIENT_CA_KEYS = {
  'rsa-2048': { kind: 'RSA', bits: 2048 },
  'rsa-4096': { kind: 'RSA', bits: 4096 },
  'ec-p-256': { kind: 'EC', curve: 'P-256' },
} as const satisfies Record<string, KeySpec>;
export type ClientCaKeyId = keyof typeof CLIENT_CA_KEYS;
export { XMAIL_TARGETS };

export class CaForClientsState {
  cas = $state.raw<CaRecord[]>([]);
  /** '' = create a new CA. */
  selectedId = $state('');
  name = $state('');
  organization = $state('');
  keyId = $state<ClientCaKeyId>('rsa-2048');
  validityText = $state(String(defaultClientCaForm().validityDays));
  target = $state<XmailTarget>('official-1.27-win');
  requireCertificate = $state(false);
  os = $state<'windows' | 'unix'>('windows');
  serverTab = $state.raw<Uint8Array | undefined>(undefined);
  acknowledged = $state(false);
  readonly action: AsyncAction<'create'>;
  get createdName() { return this.#createdName; }
  #createdName = $state('');
  readonly #app: AppState;
  readonly #vault: VaultState;
  readonly #environment: EnvironmentState;

  /** `environment` gives the command line and MailRoot files shown in 現在の環境 (the preview, the warnings). */
  constructor({ app, vault, environment }: Pick<Shared, 'app' | 'vault' | 'environment'>) {
    this.#app = app;
    this.#vault = vault;
    this.#environment = environment;
    this.action = new AsyncAction(app);
  }

  get form() { return this.#form; }
  #form: ClientCaForm = $derived({
    name: this.name,
    organization: this.organization,
    keySpec: CLIENT_CA_KEYS[this.keyId],
    // Whole days by the one parseDays (ui/components/days.ts); anything else is NaN, which the recipe reports as out of range.
    validityDays: parseDays(this.validityText) ?? NaN,
    target: this.target,
  });
  /** Shown once a field was typed in: an empty form is not an error yet. */
  get issues() { return this.#issues; }
  #issues: FieldIssue[] = $derived(validateClientCaForm(this.form));
  get selected() { return this.#selected; }
  #selected: CaRecord | undefined = $derived(this.cas.find((c) => c.id === this.selectedId));
  get planned() { return this.#planned; }
  #planned: { change?: ModeChange; error?: unknown } = $derived.by(() => {
    try {
      return { change: planClientVerify({ requireCertificate: this.requireCertificate, target: this.target, os: this.os, serverTab: this.serverTab }) };
    } catch (error) {
      return { error };
    }
  });
  /**
   * Before/after of every TLS listener, client certificate included, when the user gave their
   * server.tab here and their command line in 現在の環境 (issue 10 item 4). A line or file the XMail
   * layer refuses shows no preview: the plan's own error already speaks for the file.
   */
  get preview() { return this.#preview; }
  #preview: ServicePreviewRow[] | undefined = $derived.by(() => {
    const change = this.planned.change;
    if (!change || !this.serverTab || !this.#environment.commandLine) return undefined;
    try {
      return clientVerifyPreview(change, parseServerTab(this.serverTab), this.#environment.commandLine);
    } catch {
      return undefined;
    }
  });
  /**
   * "Requested, not required" is recommended only when it is safe for this server: not when the
   * user's server.tab sends with NeedTLS, where any verification breaks outgoing TLS (issue 17 item 3).
   */
  get requestIsSafe() { return this.#requestIsSafe; }
  #requestIsSafe = $derived(!this.planned.change?.plan.consequences.some((c) => c.code === 'WANTVERIFY_BREAKS_OUTBOUND'));
  get names() { return this.#names; }
  #names: CertsDirName[] = $derived(this.selected ? certsDirNames([this.selected.certDer]) : []);
  get targetHash() { return this.#targetHash; }
  #targetHash = $derived(TARGETS[this.target].clientChainHash);
  /** server.key / server.cert absent from the MailRoot folder given in 現在の環境: the bundle builds on them. */
  get missingServerFiles() { return this.#missingServerFiles; }
  #missingServerFiles = $derived.by(() => missingServerFiles(this.#environment.mailRoot));
  get canDownload() { return this.#canDownload; }
  #canDownload = $derived.by(() => !!this.selected && !!this.planned.change && this.acknowledged && !this.action.running);

  issueFor(field: string): FieldIssue | undefined {
    return this.issues.find((i) => i.field === field);
  }

  async load(): Promise<void> {
    const store = await this.#vault.ensureOpen();
    this.cas = (await listCas(store.db, { purpose: 'client-verify' })).filter((c) => c.status === 'active');
    if (!this.selectedId && this.cas[0]) this.selectedId = this.cas[0].id;
  }

  async create(): Promise<void> {
    if (this.issues.length) return;
    await this.action.run('create', async () => {
      const store = await this.#vault.ensureOpen();
      const ca = await createClientCa(store, this.form);
      this.#createdName = ca.name;
      await this.load();
      this.selectedId = ca.id;
    });
  }

  setServerTab(bytes: Uint8Array | undefined): void {
    this.serverTab = bytes;
  }

  zip = async (): Promise<Uint8Array> => {
    const change = this.planned.change;
    if (!this.selected || !change) throw new Error('ca-for-clients: download before a CA and a plan exist');
    const store = await this.#vault.ensureOpen();
    return zipClientCaBundle(store, { caIds: [this.selected.id], change, os: this.os, lang: this.#app.lang, ...(this.preview ? { services: this.preview } : {}) });
  };
}
