/**
 * The settings form: the user's edits over the stored values (the SettingsState it is given), validated as typed.
 * Nothing is written until save() (an explicit, awaited action).
 */
import type { KeySpec } from '../../../lib/pki/index.ts';
import { SETTINGS_DAYS_RANGE } from '../../../lib/store/index.ts';
import { validateServerValidity } from '../../../lib/recipes/index.ts';
import type { FieldIssue } from '../../../lib/pki/index.ts';
import { TARGETS, type XmailTarget } from '../../../lib/xmail/index.ts';
import { parseDays } from '../../components/days.ts';
import type { SettingsState, SettingsValues } from '../../state/settings.svelte.ts';

export const KEY_CHOICES = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'EC-P-256', 'EC-P-384'] as const;
export type KeyChoice = (typeof KEY_CHOICES)[number];

export function keyChoiceOf(spec: KeySpec): KeyChoice {
  return spec.kind === 'RSA' ? `RSA-${spec.bits}` : `EC-${spec.curve}`;
}

export function keySpecOf(choice: KeyChoice): KeySpec {
  switch (choice) {
    case 'RSA-2048': return { kind: 'RSA', bits: 2048 };
    case 'RSA-3072': return { kind: 'RSA', bits: 3072 };
    case 'RSA-4096': return { kind: 'RSA', bits: 4096 };
    case 'EC-P-256': return { kind: 'EC', curve: 'P-256' };
    case 'EC-P-384': return { kind: 'EC', curve: 'P-384' };
  }
}

/** Whole days 1..3650 (ten years: longer than any sensible server or client certificate; the store's SETTINGS_DAYS_RANGE). */
export function settingsDays(text: string): number | undefined {
  const n = parseDays(text);
  return n !== undefined && n >= SETTINGS_DAYS_RANGE.min && n <= SETTINGS_DAYS_RANGE.max ? n : undefined;
}

/**
 * Server-certificate days follow the one rule every server flow uses (recipes' validateServerValidity:
 * 1..825, Apple's limit even under a private root), so a saved default is always one the flows accept
 * (issue 17 item 6: settings took 1000 while the flows stopped at 825).
 */
export function settingsServerDays(text: string): { days: number | undefined; issues: FieldIssue[] } {
  const n = parseDays(text);
  const issues = validateServerValidity(n ?? Number.NaN);
  return { days: issues.length === 0 ? n : undefined, issues };
}

export class SettingsForm {
  target = $state<XmailTarget | null>(null);
  key = $state<KeyChoice | null>(null);
  serverDaysText = $state<string | null>(null);
  clientDaysText = $state<string | null>(null);
  readonly #settings: SettingsState;

  constructor({ settings }: { readonly settings: SettingsState }) {
    this.#settings = settings;
  }

  get current() { return this.#current; }
  #current = $derived.by(() => ({
    target: this.target ?? this.#settings.values.target,
    key: this.key ?? keyChoiceOf(this.#settings.values.keySpec),
    serverDays: this.serverDaysText ?? String(this.#settings.values.serverValidityDays),
    clientDays: this.clientDaysText ?? String(this.#settings.values.clientValidityDays),
  }));
  #server = $derived(settingsServerDays(this.current.serverDays));
  get serverDays() { return this.#serverDays; }
  #serverDays = $derived(this.#server.days);
  get serverDaysIssues() { return this.#serverDaysIssues; }
  #serverDaysIssues = $derived(this.#server.issues);
  get clientDays() { return this.#clientDays; }
  #clientDays = $derived(settingsDays(this.current.clientDays));
  get keyFitsTarget() { return this.#keyFitsTarget; }
  #keyFitsTarget = $derived(TARGETS[this.current.target].keyKinds.includes(keySpecOf(this.current.key).kind));
  get valid() { return this.#valid; }
  #valid = $derived(this.serverDays !== undefined && this.clientDays !== undefined && this.keyFitsTarget);

  async save(): Promise<boolean> {
    if (!this.valid || this.serverDays === undefined || this.clientDays === undefined) return false;
    const next: SettingsValues = { target: this.current.target, keySpec: keySpecOf(this.current.key), serverValidityDays: this.serverDays, clientValidityDays: this.clientDays };
    const ok = await this.#settings.save(next);
    if (ok) {
      this.target = null;
      this.key = null;
      this.serverDaysText = null;
      this.clientDaysText = null;
    }
    return ok;
  }
}
