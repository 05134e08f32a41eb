/**
 * State of the "TLS モード" flow: the mode and its options, the administrator's own server.tab and
 * command line (optional), and the OS. The plan (changes, consequences, startup options) is
 * derived on every keystroke, so consequences and field errors show before anything is downloaded.
 */
import type { TargetOs } from '../../../lib/bundle/index.ts';
import { missingServerFiles, modeBundleFileName, tryPlanModeChange, zipModeBundle, type ModeChangeResult, type ModeField } from '../../../lib/recipes/index.ts';
import { parseCommandLineFile, serializeCommandLine, type ModeOptions, type TlsMode, type XmailTarget } from '../../../lib/xmail/index.ts';
import { describeError } from '../../i18n/error-messages.ts';
import { app } from '../../state/app.svelte.ts';
import { environment } from '../../state/environment.svelte.ts';
import { settingsState } from '../../state/settings.svelte.ts';

export class TlsModesState {
  mode = $state<TlsMode>('full');
  smtpAddress = $state('');
  certsFile = $state(true);
  certsDir = $state(true);
  requireCertificate = $state(false);
  os = $state<TargetOs>('windows');
  serverTab = $state.raw<{ name: string; bytes: Uint8Array } | null>(null);
  /** Starts from what the user gave in 現在の環境, if anything (issue 10: reuse, never ask twice). */
  commandLine = $state(environment.commandLine);
  commandLineFromCurrent = $derived(environment.commandLine !== '' && this.commandLine === environment.commandLine);
  /** A dropped init script / reg export file the XMail layer refused. */
  commandLineFileError = $state.raw<unknown>(null);
  /** server.key / server.cert absent from the MailRoot folder given in 現在の環境 (every mode but "off" needs them). */
  missingServerFiles = $derived(this.mode === 'off' ? [] : missingServerFiles(environment.mailRoot));
  targetChoice = $state<XmailTarget | null>(null);
  target = $derived(this.targetChoice ?? settingsState.target);

  options = $derived<ModeOptions>({
    target: this.target,
    ...(this.mode === 'require-tls' ? { requireTls: this.smtpAddress.trim() ? { smtpAddress: this.smtpAddress.trim() } : {} } : {}),
    ...(this.mode === 'client-verify' ? { clientVerify: { certsFile: this.certsFile, certsDir: this.certsDir, requireCertificate: this.requireCertificate } } : {}),
  });

  result = $derived<ModeChangeResult>(
    tryPlanModeChange({
      mode: this.mode,
      options: this.options,
      os: this.os,
      ...(this.serverTab ? { serverTab: this.serverTab.bytes } : {}),
      commandLine: this.commandLine,
    }),
  );

  change = $derived(this.result.ok ? this.result.value : null);
  fileName = $derived(modeBundleFileName(this.mode));

  /** The error text for a field, in the current language, or undefined. */
  errorFor(field: ModeField): string | undefined {
    return !this.result.ok && this.result.field === field ? describeError(app.lang, this.result.error).text : undefined;
  }

  /** Reads the command line out of an init script or a `reg export` file. */
  readCommandLineFile(bytes: Uint8Array): void {
    this.commandLineFileError = null;
    try {
      this.commandLine = serializeCommandLine(parseCommandLineFile(bytes));
    } catch (e) {
      this.commandLineFileError = e;
    }
  }

  setTarget(target: XmailTarget): void {
    this.targetChoice = target;
  }

  async zip(): Promise<Uint8Array> {
    if (!this.change) throw new Error('no valid TLS mode plan to download');
    return zipModeBundle({ change: this.change, os: this.os, lang: app.lang });
  }
}
