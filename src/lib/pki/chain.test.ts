import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, createCertificate } from './cert.ts';
import { keyMatchesCertificate, orderCertificates, orderChain, verifyChain } from './chain.ts';
import { parseCertificate } from './inspect.ts';
import { generateKey } from './keys.ts';
import type { PrivateKeyMaterial } from './types.ts';

let rootKey: PrivateKeyMaterial;
let leafKey: PrivateKeyMaterial;
let root: Uint8Array;
let leaf: Uint8Array;
let otherRoot: Uint8Array;

beforeAll(async () => {
  rootKey = await generateKey({ kind: 'EC', curve: 'P-256' });
  leafKey = await generateKey({ kind: 'EC', curve: 'P-256' });
  root = await createRootCa({ key: rootKey, subject: [{ type: 'CN', value: 'Chain Root' }] });
  leaf = await createCertificate({ issuerCert: root, issuerKey: rootKey, profile: 'server', subject: [], sans: [{ type: 'dns', value: 'mail.example.test' }], spki: leafKey.spki });
  otherRoot = await createRootCa({ key: await generateKey({ kind: 'EC', curve: 'P-256' }), subject: [{ type: 'CN', value: 'Other Root' }] });
});

describe('orderChain', () => {
  it('puts the leaf first whatever the input order and flags the root', () => {
    const r = orderChain([root, leaf]);
    expect(r.chain).toEqual([leaf, root]);
    expect(r.issues.map((i) => i.code)).toEqual(['CHAIN_ROOT_INCLUDED']);
  });

  it('reports a missing issuer and extra certificates', () => {
    const r = orderChain([otherRoot, leaf]);
    expect(r.chain).toEqual([leaf]);
    expect(r.issues.map((i) => i.code).sort()).toEqual(['CHAIN_EXTRA_CERTIFICATE', 'CHAIN_MISSING_ISSUER']);
  });

  it('reports duplicates and an empty input', () => {
    expect(orderChain([leaf, leaf, root]).issues.map((i) => i.code)).toContain('CHAIN_EXTRA_CERTIFICATE');
    expect(orderChain([]).issues).toEqual([{ code: 'CHAIN_EMPTY' }]);
  });
});

// sortUserFiles orders the summaries it already made (issue 15 item 3: it decoded every
// certificate again); orderCertificates must order them exactly as orderChain orders the DER.
describe('orderCertificates over summaries = orderChain over the DER', () => {
  let pool: Uint8Array[] = [];
  let summaries: ReturnType<typeof parseCertificate>[] = [];
  beforeAll(async () => {
    const keyA = await generateKey({ kind: 'EC', curve: 'P-256' });
    const keyA2 = await generateKey({ kind: 'EC', curve: 'P-256' });
    const a = await createRootCa({ key: keyA, subject: [{ type: 'CN', value: 'Chain Root A' }] });
    // Same name once case and spaces are folded, another key: names match, key identifiers do not.
    const a2 = await createRootCa({ key: keyA2, subject: [{ type: 'CN', value: 'chain  ROOT a' }] });
    const leafOf = (issuerCert: Uint8Array, issuerKey: PrivateKeyMaterial, host: string) =>
      createCertificate({ issuerCert, issuerKey, profile: 'server', subject: [], sans: [{ type: 'dns', value: host }], spki: leafKey.spki });
    pool = [a, a2, root, otherRoot, leaf, await leafOf(a, keyA, 'a.example.test'), await leafOf(a2, keyA2, 'a2.example.test'), await leafOf(a, keyA, 'mail.example.test')];
    summaries = pool.map((d) => parseCertificate(d));
  });

  it('for any choice, order and repetition of certificates and any fixed leaf', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(7), { minLength: 0, maxLength: 7 }), fc.option(fc.nat(7)), (picks, leafAt) => {
        const options = leafAt === null ? {} : { leaf: leafAt };
        expect(orderCertificates(picks.map((i) => summaries[i]!), options)).toEqual(orderChain(picks.map((i) => pool[i]!), options));
      }),
      { numRuns: 60 },
    );
  });
});

describe('verifyChain', () => {
  it('accepts leaf → trusted root, with or without the root in the chain', async () => {
    expect(await verifyChain([leaf], [root])).toEqual({ ok: true, problems: [] });
    expect(await verifyChain([leaf, root], [root])).toEqual({ ok: true, problems: [] });
  });

  it('rejects an untrusted root and an expired leaf', async () => {
    expect((await verifyChain([leaf], [otherRoot])).problems.map((p) => p.code)).toEqual(['ISSUER_NOT_FOUND']);
    expect((await verifyChain([leaf, root], [otherRoot])).problems.map((p) => p.code)).toEqual(['UNTRUSTED_ROOT']);
    const later = new Date(Date.now() + 400 * 86_400_000);
    expect((await verifyChain([leaf], [root], later)).problems.map((p) => p.code)).toEqual(['EXPIRED']);
  });

  it('detects a bad signature', async () => {
    const bad = leaf.slice();
    bad[bad.length - 3]! ^= 0x40;
    expect((await verifyChain([bad], [root])).problems.map((p) => p.code)).toContain('SIGNATURE_INVALID');
  });
});

describe('keyMatchesCertificate', () => {
  it('matches by public key', () => {
    expect(keyMatchesCertificate(leafKey, leaf)).toBe(true);
    expect(keyMatchesCertificate(rootKey, leaf)).toBe(false);
  });
});
