/** State of the 私的運用 / self-signed flow: one form, one action, a summary and the zip. */
import { makeSelfSignedBundle, type SelfSignedResult } from '../../../lib/recipes/index.ts';
import { describeError } from '../../i18n/error-messages.ts';
import { app } from '../../state/app.svelte.ts';
import { ServerFormState } from '../../components/server/server-form.svelte.ts';

export class SelfSignedState {
  readonly form = new ServerFormState();
  busy = $state(false);
  result = $state.raw<SelfSignedResult | null>(null);
  failure = $state.raw<unknown>(null);

  error = $derived(this.failure === null ? undefined : describeError(app.lang, this.failure));
  files = $derived(this.result ? this.result.files.map((f) => f.path) : []);

  async make(): Promise<void> {
    this.form.touched = true;
    if (!this.form.valid || this.busy) return;
    this.busy = true;
    this.failure = null;
    try {
      this.result = await makeSelfSignedBundle(
        { hostNames: this.form.hostNames, keySpec: this.form.keySpec, validityDays: this.form.validityDays, os: this.form.os },
        { lang: app.lang, ...(this.form.serverTab ? { serverTab: this.form.serverTab } : {}) },
      );
    } catch (e) {
      this.failure = e;
    } finally {
      this.busy = false;
    }
  }

  reset(): void {
    this.result = null;
    this.failure = null;
  }
}
