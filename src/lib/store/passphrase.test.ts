/**
 * Issue 12 item 7: weak vault passphrases. `password` and `12345678` (and longer passphrases made
 * of a listed word, a repeat or a sequence) are refused when a vault is created and when its
 * passphrase is changed, with the reason as data; unlocking a vault made earlier still works.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MIN_PASSPHRASE_LENGTH, assessPassphrase } from './passphrase.ts';
import { PASSPHRASE, openTestStore } from './test-support.ts';
import { deriveVerifier } from './vault.ts';

const REFUSED: Array<[string, 'too-short' | 'common' | 'predictable']> = [
  ['password', 'too-short'],
  ['12345678', 'too-short'],
  ['1234567', 'too-short'],
  ['password1234', 'common'],
  ['Password123!', 'common'],
  ['ｐａｓｓｗｏｒｄ１２３４', 'common'], // full-width, as a Japanese IME types it
  ['qwertyuiop12', 'common'],
  ['iloveyou1234', 'common'],
  ['xmailadmin2024', 'common'],
  ['summer2024summer', 'common'],
  ['correct horse battery staple', 'common'],
  ['123456789012', 'predictable'],
  ['aaaaaaaaaaaa', 'predictable'],
  ['abababababab', 'predictable'],
  ['abcdefghijkl', 'predictable'],
  ['a'.repeat(300), 'predictable'],
];

const ACCEPTED = [
  PASSPHRASE,
  'vault passphrase 1',
  'Tanaka2024!!',
  'たなかのひみつのあいことば',
  'tr0ub4dor&3xyz',
  'Xk7p-Q2wZ-r9mA',
];

describe('the vault passphrase rule (issue 12 item 7)', () => {
  it('asks for at least 12 characters', () => {
    expect(MIN_PASSPHRASE_LENGTH).toBe(12);
  });

  it.each(REFUSED)('refuses %j (%s)', (passphrase, problem) => {
    expect(assessPassphrase(passphrase)).toMatchObject({ accepted: false, problem });
  });

  it.each(ACCEPTED)('accepts %j', (passphrase) => {
    expect(assessPassphrase(passphrase)).toMatchObject({ accepted: true });
  });

  it.each(REFUSED)('a vault cannot be created with %j: VAULT_WEAK_PASSPHRASE, nothing written', async (passphrase) => {
    expect.hasAssertions();
    const store = await openTestStore({ unlock: false });
    await expect(store.vault.initialize(passphrase)).rejects.toMatchObject({ code: 'VAULT_WEAK_PASSPHRASE' });
    expect(await store.vault.state()).toBe('uninitialized');
    store.close();
  });

  it.each(REFUSED)('the passphrase cannot be changed to %j: VAULT_WEAK_PASSPHRASE, the old one still opens', async (passphrase) => {
    expect.hasAssertions();
    const store = await openTestStore();
    await expect(store.vault.changePassphrase(PASSPHRASE, passphrase)).rejects.toMatchObject({ code: 'VAULT_WEAK_PASSPHRASE' });
    store.vault.lock();
    await store.vault.unlock(PASSPHRASE);
    store.close();
  });

  it('a vault made earlier with a weak passphrase still unlocks (the rule is for new passphrases only)', async () => {
    expect.hasAssertions();
    const store = await openTestStore({ unlock: false });
    const salt = new Uint8Array(16).fill(7);
    const verifier = await deriveVerifier('password', salt, 1000);
    await store.db.commit({ add: { meta: [{ id: 'vault', salt, iterations: 1000, verifier, createdAt: '2024-01-01T00:00:00.000Z', rev: 1 }] } });
    await store.vault.unlock('password');
    expect(store.vault.isUnlocked).toBe(true);
    store.close();
  });
});
