import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientCa, defaultClientCaForm } from '../../../lib/recipes/index.ts';
import { getSettings, openStore, saveSettings, type Clock, type Store } from '../../../lib/store/index.ts';
import { AppState } from '../../state/app.svelte.ts';
import { SettingsState } from '../../state/settings.svelte.ts';
import { VaultState } from '../../state/vault.svelte.ts';
import { ChangePassphraseForm, IdleLockForm, MAX_IDLE_LOCK_MINUTES, parseIdleMinutes } from './vault-settings.svelte.ts';

const PASSPHRASE = 'correct horse battery';
const NEXT = 'a new and longer vault passphrase';

/** Time moves only when the test says so; due timers fire in advance(). */
class TestClock implements Clock {
  #now = Date.parse('2025-06-01T00:00:00Z');
  #timers = new Map<number, { at: number; fn: () => void }>();
  #next = 1;
  now(): Date { return new Date(this.#now); }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void { this.#timers.delete(handle as number); }
  advance(ms: number): void {
    this.#now += ms;
    for (const [id, t] of [...this.#timers]) if (t.at <= this.#now) { this.#timers.delete(id); t.fn(); }
  }
}

let counter = 0;
const dbName = () => `vault-settings-${Date.now()}-${++counter}`;
const open = (name: string, clock: Clock) => openStore({ iterations: 1000, name, channel: null, clock });

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('parseIdleMinutes', () => {
  it.each([
    ['15', 15],
    [' 1 ', 1],
    [String(MAX_IDLE_LOCK_MINUTES), MAX_IDLE_LOCK_MINUTES],
    ['0', undefined],
    [String(MAX_IDLE_LOCK_MINUTES + 1), undefined],
    ['', undefined],
    ['1.5', undefined],
    ['-5', undefined],
    ['５', undefined],
    ['ten', undefined],
  ] as const)('%j -> %s', (text, expected) => {
    expect(parseIdleMinutes(text)).toBe(expected);
  });
});

describe('VaultState: idle lock and user activity', () => {
  async function unlockedState(clock: TestClock, activityTarget: EventTarget | null) {
    const name = dbName();
    const state = new VaultState({ open: () => open(name, clock), activityTarget, app: new AppState() });
    cleanups.push(() => state.close());
    expect(await state.create(PASSPHRASE)).toBe(true);
    state.setIdleLock(1);
    return state;
  }

  it('locks after the idle time and says it was the idle time', async () => {
    const clock = new TestClock();
    const state = await unlockedState(clock, null);
    clock.advance(59_000);
    expect(state.status).toBe('unlocked');
    clock.advance(1_000);
    expect(state.status).toBe('locked');
    expect(state.lockedBy).toBe('idle');
    expect(await state.unlock(PASSPHRASE)).toBe(true);
    expect(state.lockedBy).toBeNull();
  });

  it('pointer and key events in the page count as activity (throttled to one per second)', async () => {
    const clock = new TestClock();
    const page = new EventTarget();
    const state = await unlockedState(clock, page);
    for (let i = 0; i < 5; i++) {
      clock.advance(50_000);
      page.dispatchEvent(new Event(i % 2 === 0 ? 'pointerdown' : 'keydown'));
    }
    expect(state.status).toBe('unlocked'); // 250 s in all, never 60 s without activity
    clock.advance(59_000);
    page.dispatchEvent(new Event('pointermove'));
    clock.advance(500);
    page.dispatchEvent(new Event('pointermove')); // within a second of the last one: ignored
    clock.advance(59_600);
    expect(state.status).toBe('locked');
    expect(state.lockedBy).toBe('idle');
  });

  it('lock() is the user locking; activity after close() is not heard', async () => {
    const clock = new TestClock();
    const page = new EventTarget();
    const state = await unlockedState(clock, page);
    state.lock();
    expect(state.status).toBe('locked');
    expect(state.lockedBy).toBe('user');
    state.close();
    page.dispatchEvent(new Event('keydown')); // no listener left: nothing throws, nothing changes
    expect(state.status).toBe('closed');
  });

  it('openStore applies the stored idle time when the store opens', async () => {
    const clock = new TestClock();
    const name = dbName();
    const first = await open(name, clock);
    await first.vault.initialize(PASSPHRASE);
    const { id: _id, rev: _rev, ...rest } = await getSettings(first.db);
    await saveSettings(first.db, { ...rest, idleLockMinutes: 2 });
    first.close();

    const state = new VaultState({ open: () => open(name, clock), activityTarget: null, app: new AppState() });
    cleanups.push(() => state.close());
    expect(await state.unlock(PASSPHRASE)).toBe(true);
    clock.advance(119_000);
    expect(state.status).toBe('unlocked');
    clock.advance(1_000);
    expect(state.status).toBe('locked');
  });
});

describe('the vault section of the settings flow', () => {
  /** The test's own app, vault and settings states over an unlocked store (nothing of the page's). */
  async function sharedStore(clock: TestClock): Promise<{ store: Store; app: AppState; vault: VaultState; settings: SettingsState }> {
    const store = await open(dbName(), clock);
    await store.vault.initialize(PASSPHRASE);
    const app = new AppState();
    const vault = new VaultState({ open: () => Promise.resolve(store), activityTarget: null, app });
    cleanups.push(() => vault.close());
    await vault.ensureOpen();
    expect(vault.status).toBe('unlocked');
    return { store, app, vault, settings: new SettingsState(app, vault) };
  }

  it('the idle time is validated as typed, saved with the settings and applied at once', async () => {
    expect.hasAssertions();
    const clock = new TestClock();
    const { store, ...shared } = await sharedStore(clock);
    const form = new IdleLockForm(shared);
    await shared.settings.ensureLoaded();
    expect(form.current).toBe('15');
    form.edit('0');
    flushSync();
    expect(form.minutes).toBeUndefined();
    expect(await form.save()).toBe(false);
    form.edit('1');
    expect(await form.save()).toBe(true);
    expect(form.action.status).toBe('done');
    expect(form.current).toBe('1');
    expect((await getSettings(store.db)).idleLockMinutes).toBe(1);
    // The other settings in the record are untouched.
    expect((await getSettings(store.db)).xmailTarget).toBe(shared.settings.values.target);
    clock.advance(60_000);
    expect(store.vault.isUnlocked).toBe(false);
  });

  it('changing the passphrase: a wrong current one changes nothing, the right one re-encrypts every key', async () => {
    const clock = new TestClock();
    const { store, ...shared } = await sharedStore(clock);
    await createClientCa(store, { ...defaultClientCaForm('openssl-1.0.1+'), name: 'CA', keySpec: { kind: 'EC', curve: 'P-256' } });
    const keysBefore = await store.db.getAll('keys');
    const form = new ChangePassphraseForm(shared);

    form.current = PASSPHRASE;
    form.next = 'short';
    flushSync();
    expect(form.strength).toBe('too-short');
    expect(form.ready).toBe(false);
    form.next = PASSPHRASE;
    form.repeat = PASSPHRASE;
    expect(form.sameAsCurrent).toBe(true);
    expect(form.ready).toBe(false);
    form.next = NEXT;
    expect(form.mismatch).toBe(true);
    form.repeat = NEXT;
    expect(form.ready).toBe(true);

    form.current = 'not the passphrase';
    expect(await form.submit()).toBe(false);
    expect(form.action.status).toBe('failed');
    expect((form.action.failure as { code?: string }).code).toBe('VAULT_BAD_PASSPHRASE');
    expect(form.action.error?.text).toBeTruthy();
    expect(form.next).toBe(NEXT); // kept as typed, to correct the current one
    expect(await store.db.getAll('keys')).toEqual(keysBefore);
    expect(await store.vault.check(PASSPHRASE)).toBe(true);

    form.current = PASSPHRASE;
    expect(await form.submit()).toBe(true);
    expect(form.action.status).toBe('done');
    expect(form.keysReencrypted).toBe(keysBefore.length);
    expect([form.current, form.next, form.repeat]).toEqual(['', '', '']);
    expect(await store.vault.check(PASSPHRASE)).toBe(false);
    expect(await store.vault.check(NEXT)).toBe(true);
    const keysAfter = await store.db.getAll('keys');
    expect(keysAfter.map((k) => k.id)).toEqual(keysBefore.map((k) => k.id));
    for (const [i, k] of keysAfter.entries()) expect(k.encryptedPkcs8).not.toEqual(keysBefore[i]!.encryptedPkcs8);
    expect(shared.vault.status).toBe('unlocked');
  });
});
