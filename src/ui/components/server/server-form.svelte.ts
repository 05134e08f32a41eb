/**
 * The server-certificate form shared by the self-signed, private-CA and public-CA flows: host
 * names (optionally read from a dropped server.tab), key type, validity and target OS, with the
 * problems of each field as the user types (recipes/server-common).
 */
import {
  SERVER_KEY_CHOICES,
  SERVER_KEY_DEFAULT,
  SERVER_VALIDITY_DEFAULT_DAYS,
  hostNamesFromServerTab,
  keySpecFromId,
  keySpecId,
  keyWarnsForTarget,
  parseHostNames,
  validateServerForm,
} from '../../../lib/recipes/index.ts';
import type { FieldIssue, KeySpec } from '../../../lib/pki/index.ts';
import type { TargetOs } from '../../../lib/bundle/index.ts';
import { issueText as codeIssueText } from '../../i18n/code-text.ts';
import { translate, type Lang } from '../../../i18n/translate.ts';
import { AsyncAction, type LangSource } from '../../state/async-action.svelte.ts';
import { parseDays } from '../days.ts';

/** A field issue from a recipe as a sentence in `lang`. */
export function issueText(lang: Lang, issue: FieldIssue): string {
  return codeIssueText(lang, 'server', issue);
}

/** The first issue of `field`, as text in `lang` (undefined when the field is fine). */
export function fieldError(lang: Lang, issues: readonly FieldIssue[], field: string): string | undefined {
  const first = issues.find((i) => i.field === field);
  return first ? issueText(lang, first) : undefined;
}

export class ServerFormState {
  hostNames = $state('');
  keyId = $state(keySpecId(SERVER_KEY_DEFAULT));
  validityText = $state(String(SERVER_VALIDITY_DEFAULT_DAYS));
  os = $state<TargetOs>('windows');
  /** The dropped server.tab, kept raw for the bundle (merged file + patch). */
  serverTab = $state.raw<Uint8Array | undefined>(undefined);
  get serverTabNames() { return this.#serverTabNames; }
  #serverTabNames = $state.raw<string[] | undefined>(undefined);
  /** Reading a dropped server.tab: its failure kept for <ErrorNotice> (`.error`). */
  readonly serverTabRead: AsyncAction;
  /** Errors show once the user typed in the field or pressed the button. */
  touched = $state(false);

  readonly keyChoices: readonly KeySpec[] = SERVER_KEY_CHOICES;
  #extraIssues: (hostNames: string) => FieldIssue[] = () => [];
  readonly #app: LangSource;

  /** `app` gives the language of the field messages and key names (the page's AppState). */
  constructor(app: LangSource, options: { keyChoices?: readonly KeySpec[]; extraIssues?: (hostNames: string) => FieldIssue[] } = {}) {
    this.#app = app;
    this.serverTabRead = new AsyncAction(app);
    if (options.keyChoices) this.keyChoices = options.keyChoices;
    if (options.extraIssues) this.#extraIssues = options.extraIssues;
  }

  get keySpec() { return this.#keySpec; }
  #keySpec = $derived<KeySpec>(keySpecFromId(this.keyId) ?? SERVER_KEY_DEFAULT);
  /** A number input binds a number (or null when empty) despite Field's string type. */
  /** Not whole days is NaN, which the recipe's validation reports as out of range. */
  get validityDays() { return this.#validityDays; }
  #validityDays = $derived(parseDays(this.validityText) ?? NaN);
  get keyWarning() { return this.#keyWarning; }
  #keyWarning = $derived(keyWarnsForTarget(this.keySpec));
  /** The names that go into the CSR/certificate, shown before anything is made (issue 17 item 2). */
  get names() { return this.#names; }
  #names = $derived(parseHostNames(this.hostNames).sans.map((s) => s.value));
  /** A space inside what looks like one name ("mail example.com") makes two names: said next to the list. */
  get spaceSplits() { return this.#spaceSplits; }
  #spaceSplits = $derived(this.hostNames.split(/[\r\n,;，、；]+/u).some((part) => /\S\s+\S/u.test(part.trim())));
  /** The one validation of this form (recipes' validateServerForm), split per field for the messages. */
  #formIssues = $derived(validateServerForm({ hostNames: this.hostNames, validityDays: this.validityDays }));
  get hostIssues() { return this.#hostIssues; }
  #hostIssues = $derived([...this.#formIssues.filter((i) => i.field === 'hostNames'), ...this.#extraIssues(this.hostNames)].filter((i, n, all) => all.findIndex((j) => j.code === i.code && j.params?.['value'] === i.params?.['value']) === n));
  get validityIssues() { return this.#validityIssues; }
  #validityIssues = $derived(this.#formIssues.filter((i) => i.field === 'validityDays'));
  get issues() { return this.#issues; }
  #issues = $derived([...this.hostIssues, ...this.validityIssues]);
  get valid() { return this.#valid; }
  #valid = $derived(this.issues.length === 0);

  get hostError() { return this.#hostError; }
  #hostError = $derived.by(() => (this.touched || this.hostNames.trim() !== '' ? fieldError(this.#app.lang, this.hostIssues, 'hostNames') : undefined));
  get validityError() { return this.#validityError; }
  #validityError = $derived.by(() => fieldError(this.#app.lang, this.validityIssues, 'validityDays'));

  /** The key choice's name; "(推奨)" marks the list's default, so it never sits on another entry (issue 17 item 6). */
  keyLabel(spec: KeySpec): string {
    const lang = this.#app.lang;
    const name = translate(lang, `server.key.${keySpecId(spec)}`);
    return keySpecId(spec) === keySpecId(SERVER_KEY_DEFAULT) ? translate(lang, 'server.key.recommended', { name }) : name;
  }

  /** Reads host names from a dropped server.tab; fills the field when the user has typed nothing. */
  loadServerTab(bytes: Uint8Array): void {
    this.serverTabRead.clear();
    try {
      const names = hostNamesFromServerTab(bytes);
      this.serverTab = bytes;
      this.#serverTabNames = names;
      if (names.length && this.hostNames.trim() === '') this.hostNames = names.join(', ');
    } catch (e) {
      this.serverTab = undefined;
      this.#serverTabNames = undefined;
      this.serverTabRead.fail(e);
    }
  }
}
