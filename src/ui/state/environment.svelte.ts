/**
 * What the administrator showed us in 現在の環境, for the other flows to reuse (issue 10): their
 * command line and the names of the MailRoot files they picked. Memory only, for this page
 * session; never written to storage, and no file contents (the picked server.key stays inside the
 * 現在の環境 flow). App.svelte creates the page's one instance and shares it through context
 * (state/context.ts).
 */
import type { MailRootSeen } from '../../lib/recipes/index.ts';

export class EnvironmentState {
  /** The command line as typed in 現在の環境 ('' when none). */
  commandLine = $state('');
  /** The MailRoot pick: folder or single files, and the picked paths. */
  get mailRoot() { return this.#mailRoot; }
  #mailRoot = $state.raw<MailRootSeen | undefined>(undefined);

  remember(commandLine: string, mailRoot: MailRootSeen | undefined): void {
    this.commandLine = commandLine.trim() ? commandLine : '';
    this.#mailRoot = mailRoot;
  }
}
