import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { createClientCa, defaultClientCaForm } from '../../../lib/recipes/index.ts';
import { openStore } from '../../../lib/store/index.ts';
import { createShared } from '../../state/context.ts';
import { CaForClientsState } from '../ca-for-clients/ca-for-clients.svelte.ts';
import { ClientCertsState } from './client-certs.svelte.ts';

/**
 * The validity days of both client flows are read by the one parseDays (ui/components/days.ts):
 * digits only, blanks around them allowed. Number() took '1e2' as 100, '0x10' as 16 and '' as 0.
 */
describe('validity days are read by parseDays in both client flows', () => {
  it.each([
    ['1e2', 'refused'],
    ['0x10', 'refused'],
    ['1.5', 'refused'],
    ['+30', 'refused'],
    [' 30 ', 30],
    ['365', 365],
  ] as const)('client certificates: %j is %s', (text, expected) => {
    const s = new ClientCertsState(createShared());
    s.caId = 'some-ca';
    s.usersText = 'Taro,taro@example.jp';
    s.validityText = text;
    flushSync();
    if (expected === 'refused') expect([s.validityBad, s.canIssue]).toEqual([true, false]);
    else expect([s.validityBad, s.validityDays, s.canIssue]).toEqual([false, expected, true]);
  });

  it('client certificates: an empty field is the default validity, not 0 days', () => {
    const s = new ClientCertsState(createShared());
    s.validityText = '  ';
    expect([s.validityBad, s.validityDays]).toEqual([false, undefined]);
  });

  it.each([
    ['1e2', 'refused'],
    ['0x10', 'refused'],
    ['1.5', 'refused'],
    ['', 'refused'],
    [' 30 ', 30],
    ['825', 825],
  ] as const)('CA for clients: %j is %s', (text, expected) => {
    const s = new CaForClientsState(createShared());
    s.name = 'Client CA';
    s.validityText = text;
    flushSync();
    const validity = s.issues.filter((i) => i.field === 'validityDays').map((i) => i.code);
    if (expected === 'refused') expect(validity).toEqual(['validity.range']);
    else expect([validity, s.form.validityDays]).toEqual([[], expected]);
  });
});

describe('ClientCertsState', () => {
  it('checks the list as it is typed and only then allows issuing', () => {
    const s = new ClientCertsState(createShared());
    s.caId = 'some-ca';
    expect(s.issues.map((i) => i.code)).toEqual(['users.empty']);
    s.usersText = 'Taro,taro@example.jp\nHanako,';
    flushSync();
    expect(s.issues.map((i) => `${i.line}:${i.code}`)).toEqual(['2:email.required']);
    expect(s.canIssue).toBe(false);
    s.usersText = 'Taro,taro@example.jp';
    s.validityText = '0';
    expect(s.validityBad).toBe(true);
    s.validityText = '';
    expect(s.canIssue).toBe(true);
  });

  it('issues from the vault and zips', async () => {
    const store = await openStore({ iterations: 1000, name: `client-certs-state-${Math.random()}`, channel: null });
    await store.vault.initialize('correct horse battery');
    const ca = await createClientCa(store, { ...defaultClientCaForm('openssl-1.0.1+'), name: 'CA', keySpec: { kind: 'EC', curve: 'P-256' } });
    const shared = createShared({ vault: { open: () => Promise.resolve(store), activityTarget: null } });
    const s = new ClientCertsState(shared);
    await s.load();
    expect(s.caId).toBe(ca.id);
    s.usersText = 'Taro,taro@example.jp';
    s.keyId = 'ec-p-256';
    await s.issue();
    expect(s.action.error).toBeNull();
    expect(s.result?.issued).toHaveLength(1);
    expect(s.done).toBe(1);
    expect((await s.zip()).length).toBeGreaterThan(100);
    shared.vault.close(); // closes the store too
  });
});

describe('CaForClientsState', () => {
  it('shows the SSLWantCert consequences before the download and needs them acknowledged', () => {
    const s = new CaForClientsState(createShared());
    expect(s.planned.change?.plan.consequences.map((c) => c.code)).toContain('WANTVERIFY_REQUEST_ONLY');
    s.requireCertificate = true;
    expect(s.planned.change?.plan.consequences.map((c) => c.code)).toContain('WANTCERT_BREAKS_INBOUND_SMTP');
    expect(s.canDownload).toBe(false);
    s.serverTab = new Uint8Array([0xff, 0xfe, 0x41, 0x00]);
    expect(s.planned.error).toBeDefined();
  });

  it('form issues follow the target', () => {
    const s = new CaForClientsState(createShared());
    s.name = 'CA';
    s.keyId = 'ec-p-256';
    expect(s.issueFor('keySpec')?.code).toBe('key.kindTarget');
    s.target = 'openssl-1.0.1+';
    expect(s.issueFor('keySpec')).toBeUndefined();
  });
});
