/**
 * Issue 15 item 3: files of many certificates are read in turns — other tasks run between two
 * certificates (a file of 200 was one ~2–7 s task) — with the same result as the one-go read.
 * No timings: "another task ran while the read was under way" is counted, not measured.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nextMacrotask } from '../time.ts';
import { createCertificate, createRootCa } from './cert.ts';
import { parseCertificates, readCertificates } from './inspect.ts';
import { generateKey } from './keys.ts';
import { encodePem } from './pem.ts';
import { readAndSortUserFiles } from './user-files.ts';

let pems: string[] = [];

beforeAll(async () => {
  const key = await generateKey({ kind: 'EC', curve: 'P-256' });
  const ca = await createRootCa({ key, subject: [{ type: 'CN', value: 'Turns CA' }] });
  pems = [encodePem('CERTIFICATE', ca)];
  for (let i = 0; i < 4; i++) {
    const der = await createCertificate({ issuerCert: ca, issuerKey: key, profile: 'server', subject: [], sans: [{ type: 'dns', value: `m${i}.example.test` }], spki: key.spki });
    pems.push(encodePem('CERTIFICATE', der));
  }
});

/** Runs `work` while counting the macrotasks that get a turn before it ends. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let done = false;
  let turns = 0;
  const ticker = (async () => {
    while (!done) {
      await nextMacrotask();
      if (!done) turns++;
    }
  })();
  const result = await work();
  done = true;
  await ticker;
  return { result, turns };
}

// One certificate also gives a turn since the PEM decoding became a step of its own (issue 15 item 3).
const CASES = [
  { count: 1, interleaves: true },
  { count: 2, interleaves: true },
  { count: 5, interleaves: true },
];

describe('reading certificates in turns', () => {
  for (const { count, interleaves } of CASES) {
    it(`readCertificates over ${count}: same summaries as parseCertificates; other tasks run in between: ${interleaves}`, async () => {
      expect.hasAssertions();
      const pem = pems.slice(0, count).join('');
      const { result, turns } = await turnsDuring(() => readCertificates(pem));
      expect(result).toEqual(parseCertificates(pem));
      expect(turns > 0).toBe(interleaves);
    });

    it(`readAndSortUserFiles of a PEM of ${count}: every certificate sorted, other tasks run in between`, async () => {
      expect.hasAssertions();
      const bytes = new TextEncoder().encode(pems.slice(0, count).join(''));
      const { result, turns } = await turnsDuring(() => readAndSortUserFiles([{ name: 'chain.pem', bytes }]));
      expect(result.certificates.map((c) => c.summary)).toEqual(parseCertificates(bytes));
      expect(turns > 0).toBe(true); // the sort step yields once per file even for one certificate
    });
  }
});
