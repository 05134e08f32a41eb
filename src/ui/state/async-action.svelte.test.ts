import { describe, expect, it } from 'vitest';
import { PkiError } from '../../lib/pki/index.ts';
import { translate } from '../../i18n/translate.ts';
import { AsyncAction } from './async-action.svelte.ts';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('AsyncAction', () => {
  it('is busy with the step while it runs and idle after it succeeded', async () => {
    const action = new AsyncAction<'ca' | 'issue'>({ lang: 'en' });
    const step = deferred();
    const done = action.run('ca', () => step.promise);
    expect([action.busy, action.running]).toEqual(['ca', true]);
    step.resolve();
    expect(await done).toBe(true);
    expect([action.busy, action.running, action.failure, action.error]).toEqual(['', false, null, null]);
  });

  it('keeps a failure instead of throwing it, as text in the current language', async () => {
    const texts = { lang: 'en' as 'en' | 'ja' };
    const action = new AsyncAction(texts);
    const failure = new PkiError('PEM_NO_BLOCK', 'pem: expected BEGIN line');
    expect(await action.run('run', () => Promise.reject(failure))).toBe(false);
    expect(action.failure).toBe(failure);
    expect(action.busy).toBe('');
    expect(action.error).toEqual({ text: translate('en', 'error.pki.PEM_NO_BLOCK'), detail: 'pem: expected BEGIN line', code: 'pki/PEM_NO_BLOCK' });
    texts.lang = 'ja';
    expect(action.error?.text).toBe(translate('ja', 'error.pki.PEM_NO_BLOCK'));
  });

  it('forgets the previous failure when the next run starts', async () => {
    const action = new AsyncAction({ lang: 'en' });
    await action.run('run', () => Promise.reject(new Error('first')));
    const step = deferred();
    const done = action.run('run', () => step.promise);
    expect(action.failure).toBeNull();
    step.resolve();
    await done;
  });

  it('stays busy with a later run when an earlier one finishes first', async () => {
    const action = new AsyncAction<'a' | 'b'>({ lang: 'en' });
    const first = deferred();
    const second = deferred();
    const a = action.run('a', () => first.promise);
    const b = action.run('b', () => second.promise);
    first.resolve();
    await a;
    expect(action.busy).toBe('b');
    second.resolve();
    await b;
    expect(action.busy).toBe('');
  });

  it('tells a step whether it is still the latest run; a superseded run keeps no failure and leaves the action idle', async () => {
    const action = new AsyncAction<'read'>({ lang: 'en' });
    const first = deferred();
    let firstCurrent: () => boolean = () => true;
    const a = action.run('read', (current) => ((firstCurrent = current), first.promise));
    expect(firstCurrent()).toBe(true);
    let secondCurrent: () => boolean = () => false;
    const b = action.run('read', async (current) => void (secondCurrent = current));
    expect([firstCurrent(), secondCurrent()]).toEqual([false, true]);
    await b;
    action.supersede();
    expect([secondCurrent(), action.busy]).toEqual([false, '']);
    first.reject(new Error('late failure of a superseded read'));
    expect(await a).toBe(false);
    expect([action.failure, action.busy]).toEqual([null, '']);
  });

  it('keeps a failure from outside a run until cleared', () => {
    const action = new AsyncAction({ lang: 'en' });
    action.fail('not an Error');
    expect(action.error?.text).toBe('An unexpected error occurred.');
    action.clear();
    expect(action.error).toBeNull();
  });
});
