/**
 * One asynchronous step of a flow, composed into the flow's state class (issue 13 item 5):
 *   readonly action = new AsyncAction<'ca' | 'issue'>(app);
 *   await this.action.run('ca', async () => { ... });
 * It holds which step runs (`busy`) and the step's failure, kept for the page rather than thrown, so
 * the component renders it in the user's language (`error`, or <ErrorNotice> from ui/components).
 * A new run clears the previous failure; `run` resolves to whether the step succeeded.
 */
import type { Lang } from '../../i18n/translate.ts';
import { describeError, type DescribedError } from '../i18n/error-messages.ts';

/** Where the text of a failure takes its language from (the page's AppState). */
export interface LangSource {
  readonly lang: Lang;
}

export class AsyncAction<K extends string = 'run'> {
  /** The step running now; '' when none. */
  get busy() { return this.#busy; }
  #busy = $state<K | ''>('');
  /** The last failure (a coded error or anything thrown); null after a success or clear(). */
  get failure() { return this.#failure; }
  #failure = $state.raw<unknown>(null);
  readonly #texts: LangSource;
  /** Counts runs, so an earlier run finishing late does not end a later run's busy state. */
  #runs = 0;

  constructor(texts: LangSource) {
    this.#texts = texts;
  }

  get running(): boolean {
    return this.busy !== '';
  }

  /** The failure in the page's language (follows a language switch); null when none. */
  get error(): DescribedError | null {
    return this.failure === null ? null : describeError(this.#texts.lang, this.failure);
  }

  /**
   * Runs `step` as `kind`: busy while it runs, its failure kept. True when it succeeded.
   * `current()` tells the step whether it is still the latest run: a step that shows a result
   * checks it before storing, so a slower earlier read never replaces what a later run (or a
   * `supersede()`) showed (issue 15 item 3: reads of big files now take many turns). A failure of a
   * superseded run is not kept either.
   */
  async run(kind: K, step: (current: () => boolean) => Promise<void>): Promise<boolean> {
    const run = ++this.#runs;
    const current = () => run === this.#runs;
    this.#busy = kind;
    this.#failure = null;
    try {
      await step(current);
      return true;
    } catch (e) {
      if (current()) this.#failure = e;
      return false;
    } finally {
      if (current()) this.#busy = '';
    }
  }

  /** Whatever runs now is out of date (its files were removed or cleared): it stores nothing and the action is idle. */
  supersede(): void {
    this.#runs++;
    this.#busy = '';
  }

  /** Keeps a failure that happened outside `run` (a download, a background load). */
  fail(failure: unknown): void {
    this.#failure = failure;
  }

  clear(): void {
    this.#failure = null;
  }
}
