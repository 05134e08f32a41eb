/** State of the 私的運用 / self-signed flow: one form, one action, a summary and the zip. */
import { makeSelfSignedBundle, type SelfSignedResult } from '../../../lib/recipes/index.ts';
import { app } from '../../state/app.svelte.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';
import { ServerFormState } from '../../components/server/server-form.svelte.ts';

export class SelfSignedState {
  readonly form = new ServerFormState();
  readonly action = new AsyncAction<'make'>(app);
  result = $state.raw<SelfSignedResult | null>(null);

  files = $derived(this.result ? this.result.files.map((f) => f.path) : []);

  async make(): Promise<void> {
    this.form.touched = true;
    if (!this.form.valid || this.action.running) return;
    await this.action.run('make', async () => {
      this.result = await makeSelfSignedBundle(
        { hostNames: this.form.hostNames, keySpec: this.form.keySpec, validityDays: this.form.validityDays, os: this.form.os },
        { lang: app.lang, ...(this.form.serverTab ? { serverTab: this.form.serverTab } : {}) },
      );
    });
  }

  reset(): void {
    this.result = null;
    this.action.clear();
  }
}
