import { describe, expect, it } from 'vitest';
import { nextMacrotask } from './time.ts';

describe('nextMacrotask', () => {
  it('ends the task: microtasks queued before it and a timer queued before it run first', async () => {
    expect.hasAssertions();
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    void Promise.resolve().then(() => order.push('microtask'));
    await nextMacrotask();
    order.push('after');
    expect(order).toEqual(['microtask', 'timer', 'after']);
  });

  it('uses scheduler.yield where the platform has it', async () => {
    expect.hasAssertions();
    const g = globalThis as { scheduler?: unknown };
    const before = g.scheduler;
    let calls = 0;
    g.scheduler = { yield: () => { calls++; return Promise.resolve(); } };
    try {
      await nextMacrotask();
    } finally {
      g.scheduler = before;
    }
    expect(calls).toBe(1);
  });
});
