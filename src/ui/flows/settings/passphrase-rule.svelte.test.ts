/**
 * Issue 12 item 7 in the forms: the vault creation gate and the passphrase change form refuse what
 * the vault refuses (lib/store/passphrase.ts) and name the reason, in ja and en, next to the field.
 */
import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../lib/store/index.ts';
import { en } from '../../../i18n/en.ts';
import { ja } from '../../../i18n/ja.ts';
import { AppState } from '../../state/app.svelte.ts';
import { createShared } from '../../state/context.ts';
import { VaultState, passphraseAccepted, passphraseStrength } from '../../state/vault.svelte.ts';
import { ChangePassphraseForm } from './vault-settings.svelte.ts';

let counter = 0;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const CASES = [
  ['password', 'too-short'],
  ['12345678', 'too-short'],
  ['password1234', 'common'],
  ['123456789012', 'predictable'],
  ['correct horse battery', 'strong'],
  ['Tanaka2024!!', 'fair'],
] as const;

describe('the passphrase rule in the forms (issue 12 item 7)', () => {
  it.each(CASES)('%j shows %s', (pass, strength) => {
    expect(passphraseStrength(pass)).toBe(strength);
    expect(passphraseAccepted(passphraseStrength(pass))).toBe(strength === 'fair' || strength === 'strong');
  });

  it.each(['too-short', 'common', 'predictable', 'fair', 'strong'] as const)('has ja and en text for %s', (strength) => {
    const key = `vault.strength.${strength}` as const;
    expect(ja[key]).toBeTruthy();
    expect(en[key]).toBeTruthy();
    expect(ja[key]).not.toBe(en[key]);
  });

  it.each(CASES.filter(([, s]) => s !== 'fair' && s !== 'strong'))('the change form is not ready with %j (%s)', (pass, strength) => {
    const form = new ChangePassphraseForm(createShared());
    form.current = 'correct horse battery';
    form.next = pass;
    form.repeat = pass;
    flushSync();
    expect(form.strength).toBe(strength);
    expect(form.ready).toBe(false);
  });

  it.each(['password', '12345678', 'password1234'])('creating a vault with %j fails with VAULT_WEAK_PASSPHRASE and leaves none', async (pass) => {
    expect.hasAssertions();
    const state = new VaultState({ open: () => openStore({ iterations: 1000, name: `passphrase-rule-${Date.now()}-${++counter}`, channel: null }), activityTarget: null, app: new AppState() });
    cleanups.push(() => state.close());
    expect(await state.create(pass)).toBe(false);
    expect((state.action.failure as { code?: string }).code).toBe('VAULT_WEAK_PASSPHRASE');
    expect(state.status).toBe('uninitialized');
  });
});
