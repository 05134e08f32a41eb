import { beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, createCertificate } from './cert.ts';
import { keyMatchesCertificate, orderChain, verifyChain } from './chain.ts';
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
