/**
 * Issue 15 item 3: files of many certificates are read in turns, so a read can still be under way
 * when the user removes the file, drops another or the vault locks. The newer action wins: a
 * slower, older read never puts its result back on screen (it did: `sorted`/`report` were
 * assigned whenever a read finished). Runs the test's own states (createShared, fake-indexeddb).
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCertificate, createRootCa, encodePem, generateKey } from '../../lib/pki/index.ts';
import { diagnoseSetup } from '../../lib/recipes/index.ts';
import { createShared } from '../state/context.ts';
import { CurrentState } from './current/current.svelte.ts';
import type { PickedFile } from './current/picked-files.ts';
import { OwnCertificateState } from './own-certificate/own-certificate.svelte.ts';

const shared = createShared({ vault: { activityTarget: null } });
let many: Uint8Array<ArrayBuffer>; // a CA and 5 server certificates, PEM
let one: Uint8Array<ArrayBuffer>; // one server certificate, PEM

beforeAll(async () => {
  const key = await generateKey({ kind: 'EC', curve: 'P-256' });
  const ca = await createRootCa({ key, subject: [{ type: 'CN', value: 'Latest Read CA' }] });
  const pems = [encodePem('CERTIFICATE', ca)];
  for (let i = 0; i < 5; i++) {
    pems.push(encodePem('CERTIFICATE', await createCertificate({ issuerCert: ca, issuerKey: key, profile: 'server', subject: [], sans: [{ type: 'dns', value: `m${i}.example.test` }], spki: key.spki })));
  }
  many = new TextEncoder().encode(pems.slice(1).concat(pems[0]!).join(''));
  one = new TextEncoder().encode(pems[1]!);
});

const picked = (path: string, bytes: Uint8Array<ArrayBuffer>): PickedFile => ({ path, file: new File([bytes.slice()], path) }) as PickedFile;

describe('own certificate: a newer action wins over a read still under way', () => {
  const CASES: Array<[string, (s: OwnCertificateState) => Promise<void> | void]> = [
    ['the file is removed while it is read', (s) => s.remove(s.files[0]!.id)],
    ['the vault locks (clear) while it is read', (s) => s.clear()],
  ];
  it.each(CASES)('%s: nothing of the old read shows', async (_, act) => {
    const s = new OwnCertificateState(shared);
    try {
      const reading = s.add([{ name: 'chain.pem', bytes: many }]);
      expect(s.action.busy).toBe('read');
      await act(s);
      await reading;
      expect([s.files.length, s.sorted, s.action.busy, s.action.failure]).toEqual([0, null, '', null]);
    } finally {
      s.dispose();
    }
  });

  it('a second file added while the first is read: the result is of both files', async () => {
    const s = new OwnCertificateState(shared);
    try {
      const first = s.add([{ name: 'chain.pem', bytes: many }]);
      const second = s.add([{ name: 'one.pem', bytes: one }]);
      await Promise.all([first, second]);
      expect(s.sorted?.files.map((f) => f.name)).toEqual(['chain.pem', 'one.pem']);
    } finally {
      s.dispose();
    }
  });
});

describe('現在の環境: a newer pick or clear wins over a diagnosis still under way', () => {
  it('server.cert of 5 certificates replaced by one of 1 while the first is read: the report is of the new file', async () => {
    const s = new CurrentState(shared);
    const first = s.addFiles([picked('server.cert', many)]);
    await new Promise((r) => setTimeout(r, 0)); // the first diagnosis is under way
    const second = s.addFiles([picked('server.cert', one)]);
    await Promise.all([first, second]);
    const want = await diagnoseSetup({ target: s.target, files: [{ path: 'server.cert', bytes: one }], commandLine: '' });
    expect(s.report?.certificate).toEqual(want.certificate);
    expect(s.report?.findings.map((f) => f.id)).toEqual(want.findings.map((f) => f.id));
  });

  it('clear while a diagnosis is under way: no report comes back', async () => {
    const s = new CurrentState(shared);
    const running = s.addFiles([picked('certs.pem', many), picked('server.cert', many)]);
    await new Promise((r) => setTimeout(r, 0));
    s.clear();
    await running;
    expect([s.report, s.files, s.action.busy]).toEqual([null, [], '']);
  });
});
