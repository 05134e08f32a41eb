/** State of the 私的運用 / self-signed flow: one form, one action, a summary and the zip. */
import { makeSelfSignedBundle, type SelfSignedResult } from '../../../lib/recipes/index.ts';
import type { AppState } from '../../state/app.svelte.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';
import type { Shared } from '../../state/context.ts';
import { ServerFormState } from '../../components/server/server-form.svelte.ts';

export class SelfSignedState {
  readonly form: ServerFormState;
  readonly action: AsyncAction<'make'>;
  result = $state.raw<SelfSignedResult | null>(null);
  readonly #app: AppState;

  constructor({ app }: Pick<Shared, 'app'>) {
    this.#app = app;
    this.form = new ServerFormState(app);
    this.action = new AsyncAction(app);
  }

  get files() { return this.#files; }
  #files = $derived(this.result ? this.result.files.map((f) => f.path) : []);

  async make(): Promise<void> {
    this.form.touched = true;
    if (!this.form.valid || this.action.running) return;
    await this.action.run('make', async () => {
      this.result = await makeSelfSignedBundle(
        { hostNames: this.form.hostNames, keySpec: this.form.keySpec, validityDays: this.form.validityDays, os: this.form.os },
        { lang: this.#app.lang, ...(this.form.serverTab ? { serverTab: this.form.serverTab } : {}) },
      );
    });
  }

  reset(): void {
    this.result = null;
    this.action.clear();
  }
}
