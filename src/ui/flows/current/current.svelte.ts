/**
 * State of the "現在の環境" flow: the chosen files (bytes kept raw, in memory only), the pasted
 * command line, the XMail target, and the last report of recipes/diagnose.
 */
import { diagnoseSetup, diagnosisRoleOfName, isFolderDrop, type DiagnosisFile, type DiagnosisReport } from '../../../lib/recipes/index.ts';
import type { Finding, FixFlow, XmailTarget } from '../../../lib/xmail/index.ts';
import { findingMessage } from '../../../i18n/findings.ts';
import type { Lang } from '../../../i18n/translate.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';
import type { Shared } from '../../state/context.ts';
import type { EnvironmentState } from '../../state/environment.svelte.ts';
import type { SettingsState } from '../../state/settings.svelte.ts';
import type { PickedFile } from './picked-files.ts';

/** XMail's TLS files are a few KB; anything past this is not one (and a 50 MB file is refused unread). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** The route of the flow that fixes a finding (see registry.ts). */
export const FIX_ROUTE: Readonly<Record<FixFlow, string>> = {
  public: 'public-ca',
  'self-signed': 'self-signed',
  'private-ca': 'private-ca',
  'client-ca': 'ca-for-clients',
  modes: 'tls-modes',
  'server-tab': 'tls-modes',
  startup: 'tls-modes',
  // The pair is there but in the wrong form or order (or the intermediate is missing): reading it in
  // 手持ちの証明書を使う orders the chain and writes what XMail reads; 公的運用 would start a new key (issue 17 item 8).
  install: 'own-certificate',
};

export interface RefusedFile {
  readonly name: string;
  readonly size: number;
  readonly reason: 'too-large' | 'read-failed';
}

/** A finding as the sentence shown, in `lang` (src/i18n/findings.ts renders its params). */
export function findingText(lang: Lang, f: Finding): string {
  return findingMessage(lang, f);
}

export class CurrentState {
  files = $state.raw<DiagnosisFile[]>([]);
  get refused() { return this.#refused; }
  #refused = $state.raw<RefusedFile[]>([]);
  commandLine = $state('');
  get targetChoice() { return this.#targetChoice; }
  #targetChoice = $state<XmailTarget | null>(null);
  get target() { return this.#target; }
  #target = $derived.by(() => this.targetChoice ?? this.#settings.target);
  report = $state.raw<DiagnosisReport | null>(null);
  readonly action: AsyncAction<'diagnose'>;
  readonly #settings: SettingsState;
  readonly #environment: EnvironmentState;

  /** `environment` receives what was given here, for the other flows; `settings` gives the default target. */
  constructor({ app, settings, environment }: Pick<Shared, 'app' | 'settings' | 'environment'>) {
    this.action = new AsyncAction(app);
    this.#settings = settings;
    this.#environment = environment;
  }

  /** Reads the files XMail uses (by name); others in a folder are listed as unused, never read. */
  async addFiles(picked: readonly PickedFile[]): Promise<void> {
    const taken: DiagnosisFile[] = [];
    const refused: RefusedFile[] = [];
    for (const p of picked) {
      if (diagnosisRoleOfName(p.path) === 'unused' && /[\\/]/.test(p.path)) {
        taken.push({ path: p.path, bytes: new Uint8Array() });
        continue;
      }
      if (p.file.size > MAX_FILE_BYTES) {
        refused.push({ name: p.path, size: p.file.size, reason: 'too-large' });
        continue;
      }
      try {
        taken.push({ path: p.path, bytes: new Uint8Array(await p.file.arrayBuffer()) });
      } catch {
        refused.push({ name: p.path, size: p.file.size, reason: 'read-failed' });
      }
    }
    // A new pick replaces a file of the same path; a folder pick replaces everything.
    const paths = taken.map((f) => f.path);
    this.files = [...this.files.filter((f) => !paths.includes(f.path)), ...taken];
    this.#refused = refused;
    if (taken.length > 0) await this.run();
  }

  clear(): void {
    this.action.supersede();
    this.files = [];
    this.#refused = [];
    this.report = null;
    this.#environment.remember(this.commandLine, undefined);
  }

  setTarget(target: XmailTarget): void {
    this.#targetChoice = target;
    if (this.report) void this.run();
  }

  async run(): Promise<void> {
    await this.action.run('diagnose', async (current) => {
      const report = await diagnoseSetup({ target: this.target, files: this.files, commandLine: this.commandLine });
      // A newer pick, target or clear started meanwhile (reading 200 certificates takes many turns): its report is the one to show.
      if (!current()) return;
      this.report = report;
      // The other flows reuse what was given here (names only, no file contents).
      this.#environment.remember(this.commandLine, this.files.length ? { folder: isFolderDrop(this.files), paths: this.files.map((f) => f.path) } : undefined);
    });
  }
}
