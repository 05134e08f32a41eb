/**
 * State of the "TLS モード" flow: the mode and its options, the administrator's own server.tab and
 * command line (optional), and the OS. The plan (changes, consequences, startup options) is
 * derived from the choices as soon as they change and from typed text once typing pauses, so
 * consequences and field errors show before anything is downloaded. The dropped server.tab is read
 * once (issue 12: re-reading and re-planning a 1 MB server.tab on every keystroke froze the page).
 */
import type { TargetOs } from '../../../lib/bundle/index.ts';
import { modeChangePreview, modeChangeRisks, modeBundleFileName, readModeServerTab, tryPlanModeChange, zipModeBundle, type ModeChangeResult, type ModeField } from '../../../lib/recipes/index.ts';
import { parseCommandLineFile, serializeCommandLine, type ModeOptions, type TlsMode, type XmailTarget } from '../../../lib/xmail/index.ts';
import { nextMacrotask } from '../../../lib/time.ts';
import type { AppState } from '../../state/app.svelte.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';
import type { Shared } from '../../state/context.ts';
import type { EnvironmentState } from '../../state/environment.svelte.ts';
import type { SettingsState } from '../../state/settings.svelte.ts';

/** How long typing must pause before the plan follows the typed text. */
export const TYPING_PAUSE_MS = 300;

interface TypedText {
  commandLine: string;
  smtpAddress: string;
}

export class TlsModesState {
  mode = $state<TlsMode>('full');
  /** What the text fields show, as typed. */
  #typed = $state<TypedText>({ commandLine: '', smtpAddress: '' });
  /** What the plan uses: the typed text once typing paused (or `settle()` was called). */
  #settled = $state.raw<TypedText>({ commandLine: '', smtpAddress: '' });
  #timer: ReturnType<typeof setTimeout> | undefined;
  certsFile = $state(true);
  certsDir = $state(true);
  requireCertificate = $state(false);
  os = $state<TargetOs>('windows');
  #serverTab = $state.raw<{ name: string; bytes: Uint8Array } | null>(null);
  /** The dropped file as read, for the file it was read from. */
  #read = $state.raw<{ file: object; tab: ReturnType<typeof readModeServerTab> } | null>(null);
  #reading: Promise<void> = Promise.resolve();
  /** The dropped server.tab; setting it starts reading it (a newer drop or a clear wins over a read under way). */
  get serverTab(): { name: string; bytes: Uint8Array } | null {
    return this.#serverTab;
  }
  set serverTab(file: { name: string; bytes: Uint8Array } | null) {
    this.#serverTab = file;
    if (file) this.#reading = this.#readLater(file);
  }
  /** Resolves once the server.tab dropped last is read and planned from (downloads and tests wait for it). */
  get serverTabRead(): Promise<void> {
    return this.#reading;
  }
  /** Starts from what the user gave in 現在の環境, if anything (issue 10: reuse, never ask twice). */
  get commandLine(): string {
    return this.#typed.commandLine;
  }
  set commandLine(value: string) {
    this.#typed.commandLine = value;
    this.#settleLater();
  }
  get smtpAddress(): string {
    return this.#typed.smtpAddress;
  }
  set smtpAddress(value: string) {
    this.#typed.smtpAddress = value;
    this.#settleLater();
  }
  get commandLineFromCurrent() { return this.#commandLineFromCurrent; }
  #commandLineFromCurrent = $derived.by(() => this.#environment.commandLine !== '' && this.commandLine === this.#environment.commandLine);
  /** Reading a dropped init script / reg export file: its failure kept for <ErrorNotice> (`.error`). */
  readonly commandLineFile: AsyncAction;

  get targetChoice() { return this.#targetChoice; }

  #targetChoice = $state<XmailTarget | null>(null);
  get target() { return this.#target; }
  #target = $derived.by(() => this.targetChoice ?? this.#settings.target);
  readonly #app: AppState;
  readonly #settings: SettingsState;
  readonly #environment: EnvironmentState;

  /** The command line starts as given in 現在の環境 (`environment`); the target as in the settings. */
  constructor({ app, settings, environment }: Pick<Shared, 'app' | 'settings' | 'environment'>) {
    this.#app = app;
    this.#settings = settings;
    this.#environment = environment;
    this.commandLineFile = new AsyncAction(app);
    this.#typed = { commandLine: environment.commandLine, smtpAddress: '' };
    this.#settled = { ...this.#typed };
  }

  get options() { return this.#options; }
  #options = $derived<ModeOptions>({
    target: this.target,
    ...(this.mode === 'require-tls' ? { requireTls: this.#settled.smtpAddress.trim() ? { smtpAddress: this.#settled.smtpAddress.trim() } : {} } : {}),
    ...(this.mode === 'client-verify' ? { clientVerify: { certsFile: this.certsFile, certsDir: this.certsDir, requireCertificate: this.requireCertificate } } : {}),
  });

  /**
   * The dropped server.tab, read once per file, in a task of its own and the plan in the next one
   * (issue 15 item 3: reading 1 MB and planning from it were one ~0.2-0.5 s task). A newer drop or
   * a clear meanwhile: this read stores nothing.
   */
  async #readLater(file: { name: string; bytes: Uint8Array }): Promise<void> {
    await nextMacrotask();
    if (this.#serverTab !== file) return;
    const tab = readModeServerTab(file.bytes);
    await nextMacrotask();
    if (this.#serverTab !== file) return;
    this.#read = { file, tab };
  }

  /** undefined: no server.tab given; null: the one given is being read. */
  #tab = $derived(this.#serverTab ? (this.#read?.file === this.#serverTab ? this.#read.tab : null) : undefined);

  /** null while a dropped server.tab is being read (nothing of an older file or of the stock one shows meanwhile). */
  get result() { return this.#result; }
  #result = $derived<ModeChangeResult | null>(
    this.#tab === null
      ? null
      : this.#tab && !this.#tab.ok
      ? this.#tab
      : tryPlanModeChange({
          mode: this.mode,
          options: this.options,
          os: this.os,
          ...(this.#tab ? { serverTab: this.#tab.value } : {}),
          commandLine: this.#settled.commandLine,
        }),
  );

  get change() { return this.#change; }
  #change = $derived(this.result?.ok ? this.result.value : null);
  /** What this change would break on the server as the user showed it (issue 10 item 5), before the download. */
  get risks() { return this.#risks; }
  #risks = $derived.by(() => this.change ? modeChangeRisks(this.change, this.#environment.mailRoot) : []);
  /** Before/after of every TLS-capable listener, when the user gave their server.tab and command line. */
  get preview() { return this.#preview; }
  #preview = $derived(this.change && this.#tab?.ok ? modeChangePreview(this.change, this.#tab.value) : undefined);
  get fileName() { return this.#fileName; }
  #fileName = $derived(modeBundleFileName(this.mode));

  /** Why the plan refuses this field's input (a coded error, worded by <ErrorNotice>/Field), or null. */
  failureFor(field: ModeField): unknown {
    return this.result && !this.result.ok && this.result.field === field ? this.result.error : null;
  }

  /** Reads the command line out of an init script or a `reg export` file. */
  readCommandLineFile(bytes: Uint8Array): void {
    this.commandLineFile.clear();
    try {
      this.commandLine = serializeCommandLine(parseCommandLineFile(bytes));
      this.settle();
    } catch (e) {
      this.commandLineFile.fail(e);
    }
  }

  /** The plan follows the typed text now (a paused typist, or a download that must use it). */
  settle(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const typed = this.#typed;
    if (typed.commandLine !== this.#settled.commandLine || typed.smtpAddress !== this.#settled.smtpAddress) this.#settled = { ...typed };
  }

  #settleLater(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.settle(), TYPING_PAUSE_MS);
  }

  setTarget(target: XmailTarget): void {
    this.#targetChoice = target;
  }

  async zip(): Promise<Uint8Array> {
    this.settle();
    await this.#reading;
    if (!this.change) throw new Error('no valid TLS mode plan to download');
    return zipModeBundle({ change: this.change, os: this.os, lang: this.#app.lang, ...(this.preview ? { services: this.preview } : {}) });
  }
}
