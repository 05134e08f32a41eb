/**
 * Issue 15 item 3: a dropped server.tab is read in a task of its own and planned from in the next
 * (1 MB read and planned in one go was a 0.2-0.5 s task). While it is read nothing is planned (no
 * plan of an older file or of the stock one shows), and a newer drop or a clear wins over a read
 * still under way. The plan is the one planned from the file directly (same result as before).
 */
import { describe, expect, it } from 'vitest';
import { readModeServerTab, tryPlanModeChange } from '../../../lib/recipes/index.ts';
import { createShared } from '../../state/context.ts';
import { TlsModesState } from './modes.svelte.ts';

const shared = createShared({ vault: { activityTarget: null } });
const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
const A = file('a.tab', '"EnableSMTP-TLS"\t"0"\r\n"SmtpServerDomain"\t"a.example.test"\r\n');
const B = file('b.tab', '"EnableSMTP-TLS"\t"1"\n"POP3Domain"\t"b.example.test"\n# comment\n');
const TOO_MANY = file('big.tab', '#\n'.repeat(20_001));

/** What the state plans from with `tab` as the user's server.tab (undefined: the stock one). */
function planned(s: TlsModesState, tab: { bytes: Uint8Array } | undefined) {
  const read = tab ? readModeServerTab(tab.bytes) : undefined;
  if (read && !read.ok) return read;
  return tryPlanModeChange({ mode: s.mode, options: s.options, os: s.os, ...(read ? { serverTab: read.value } : {}), commandLine: '' });
}

const CASES: Array<[string, (s: TlsModesState) => void, { bytes: Uint8Array } | undefined]> = [
  ['one drop', (s) => (s.serverTab = A), A],
  ['a second drop while the first is read: the second file', (s) => ((s.serverTab = A), (s.serverTab = B)), B],
  ['a clear while the drop is read: the stock server.tab', (s) => ((s.serverTab = A), (s.serverTab = null)), undefined],
  ['a file refused: its error, for the server.tab field', (s) => (s.serverTab = TOO_MANY), TOO_MANY],
  ['a refused file then a good one: the good one', (s) => ((s.serverTab = TOO_MANY), (s.serverTab = B)), B],
];

describe('TLS modes: the dropped server.tab, read in its own turn', () => {
  it.each(CASES)('%s', async (_, act, want) => {
    const s = new TlsModesState(shared);
    act(s);
    if (s.serverTab) expect([s.result, s.change]).toEqual([null, null]); // being read: nothing planned yet
    await s.serverTabRead;
    expect(s.result).toEqual(planned(s, want));
    expect(s.failureFor('serverTab') !== null).toBe(want === TOO_MANY);
  });

  it('a drop after a read: nothing of the earlier file shows while the new one is read', async () => {
    const s = new TlsModesState(shared);
    s.serverTab = A;
    await s.serverTabRead;
    expect(s.change?.serverTabBase).toBe('yours');
    s.serverTab = B;
    expect(s.change).toBeNull();
    await s.serverTabRead;
    expect(s.result).toEqual(planned(s, B));
  });
});
