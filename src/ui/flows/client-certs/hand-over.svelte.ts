/**
 * State of the hand-over of issued client certificates (issue 14), shared by the
 * クライアント証明書 flow and the rotation in 証明書の管理: the mail programs the kits are for
 * (everyone, or per user), the server settings (host typed or picked from the vault's server
 * certificates, ports from 現在の環境's command line), the files zip and the per-user zips (never a
 * password), and the passwords file, offered only when the administrator asks for it. The
 * passwords themselves are shown on the printable sheet.
 */
import {
  knownServerHosts,
  MAIL_PROGRAMS,
  passwordsFile,
  planKitServer,
  userKitZip,
  zipClientCerts,
  zipUserKits,
  type ClientIssueResult,
  type HandOverOptions,
  type IssuedClient,
  type MailProgram,
} from '../../../lib/recipes/index.ts';
import type { AppState } from '../../state/app.svelte.ts';
import type { Shared } from '../../state/context.ts';
import type { EnvironmentState } from '../../state/environment.svelte.ts';
import type { VaultState } from '../../state/vault.svelte.ts';

export const PER_USER_ZIPS_NAME = 'client-certificates-per-user.zip';
export type KitChoice = MailProgram | 'all';
export const KIT_CHOICES: readonly KitChoice[] = ['all', ...MAIL_PROGRAMS];

export class HandOverState {
  /** The separate passwords file is offered only after this is ticked. */
  wantPasswordsFile = $state(false);
  programForAll = $state<KitChoice>('all');
  /** Per user (by .p12 file name): '' follows programForAll. */
  get programOf() { return this.#programOf; }
  #programOf = $state<Record<string, KitChoice | ''>>({});
  host = $state('');
  starttls = $state(false);
  get knownHosts() { return this.#knownHosts; }
  #knownHosts = $state.raw<string[]>([]);

  get plan() { return this.#plan; }
  #plan = $derived.by(() => planKitServer({ host: this.host, commandLine: this.#environment.commandLine, starttls: this.starttls }));
  readonly #app: AppState;
  readonly #vault: VaultState;
  readonly #environment: EnvironmentState;

  /** `environment` gives the ports (現在の環境's command line); `vault` the known server hosts. */
  constructor({ app, vault, environment }: Pick<Shared, 'app' | 'vault' | 'environment'>, readonly result: () => ClientIssueResult) {
    this.#app = app;
    this.#vault = vault;
    this.#environment = environment;
  }

  /** Suggestions only: when the vault cannot be read now (locked meanwhile), the host is typed. */
  async loadHosts(): Promise<void> {
    const store = this.#vault.store;
    if (!store) return;
    this.#knownHosts = await knownServerHosts(store);
    if (!this.host && this.knownHosts.length === 1) this.host = this.knownHosts[0]!;
  }

  programsOf(c: IssuedClient): readonly MailProgram[] {
    const choice = this.programOf[c.fileName] || this.programForAll;
    return choice === 'all' ? MAIL_PROGRAMS : [choice];
  }

  get options(): HandOverOptions {
    return { programs: (c) => this.programsOf(c), ...(this.plan.server ? { server: this.plan.server } : {}) };
  }

  filesZip = (): Promise<Uint8Array> => zipClientCerts(this.result(), this.#app.lang, this.options);

  perUserZips = (): Promise<Uint8Array> => zipUserKits(this.result(), this.#app.lang, this.options);

  userZip(c: IssuedClient): { filename: string; bytes: () => Promise<Uint8Array> } {
    return userKitZip(this.result(), c, this.#app.lang, this.options);
  }

  passwords = async (): Promise<Uint8Array> => passwordsFile(this.result(), this.#app.lang).bytes;
}
