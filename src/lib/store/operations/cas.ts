/**
 * CA lifecycle in the store: create a root CA (server or client-verification purpose) or import
 * one made elsewhere (XMailCFG, easy-rsa). The CA record carries a MAC (Vault.sealCa, issue 12
 * item 4) and is written with its sealed key in one transaction.
 */
import {
  createRootCa,
  generateKey,
  parseCertificate,
  parsePrivateKey,
  toHex,
  type CertificateSummary,
  type DistinguishedName,
  type HashName,
  type KeySpec,
  type PrivateKeyMaterial,
} from '../../pki/index.ts';
import type { StoreContext } from '../context.ts';
import { StoreError } from '../errors.ts';
import { sealKey } from '../key-records.ts';
import type { CaPurpose, CaRecord, KeyRecord } from '../schema.ts';

export interface CreateCaInput {
  name: string;
  purpose: CaPurpose;
  subject: DistinguishedName;
  keySpec: KeySpec;
  validityDays?: number;
  hash?: HashName;
}

function caRecordFrom(
  ctx: StoreContext,
  summary: CertificateSummary,
  input: { name: string; purpose: CaPurpose; hash: HashName; origin: CaRecord['origin'] },
  keyId: string,
): CaRecord {
  return {
    id: ctx.newId(),
    name: input.name,
    purpose: input.purpose,
    status: 'active',
    origin: input.origin,
    certDer: summary.der,
    keyId,
    subjectText: summary.subjectText,
    serialHex: summary.serialHex,
    notBefore: summary.notBefore.toISOString(),
    notAfter: summary.notAfter.toISOString(),
    hash: input.hash,
    crlNumber: 0,
    createdAt: ctx.clock.now().toISOString(),
    rev: 1,
  };
}

/** SHA-384 goes with P-384 (RFC 5480 4: a hash of comparable strength), SHA-256 otherwise. */
function hashFor(spec: KeySpec, hash?: HashName): HashName {
  return hash ?? (spec.kind === 'EC' && spec.curve === 'P-384' ? 'SHA-384' : 'SHA-256');
}

/** A new CA, its key sealed and its record MAC'd, not yet written (rotation writes it with more). */
export async function prepareCa(
  ctx: StoreContext,
  input: CreateCaInput,
): Promise<{ ca: CaRecord; key: KeyRecord; material: PrivateKeyMaterial }> {
  ctx.vault.requirePassphrase('creating a CA');
  const material = await generateKey(input.keySpec);
  const hash = hashFor(input.keySpec, input.hash);
  const der = await createRootCa({
    key: material,
    subject: input.subject,
    validityDays: input.validityDays,
    hash,
    now: ctx.clock.now(),
  });
  const key = await sealKey(ctx, material);
  const ca = await ctx.vault.sealCa(caRecordFrom(ctx, parseCertificate(der), { ...input, hash, origin: 'created' }, key.id));
  return { ca, key, material };
}

export async function createCa(ctx: StoreContext, input: CreateCaInput): Promise<CaRecord> {
  const { ca, key } = await prepareCa(ctx, input);
  await ctx.vault.commitSealed({ add: { cas: [ca], keys: [key] } });
  return ca;
}

export interface ImportCaInput {
  name: string;
  purpose: CaPurpose;
  /** PEM or DER certificate, as XMailCFG or easy-rsa (pki/ca.crt) leave it. */
  certificate: string | Uint8Array;
  /** PEM key (PKCS#1, PKCS#8, SEC1 or encrypted), as easy-rsa's pki/private/ca.key. */
  key: string | Uint8Array;
  keyPassword?: string;
}

/** Imports an existing CA; refuses a certificate that is not a CA or does not match the key. */
export async function importCa(ctx: StoreContext, input: ImportCaInput): Promise<CaRecord> {
  ctx.vault.requirePassphrase('importing a CA');
  const summary = parseCertificate(input.certificate);
  if (!summary.isCa) {
    throw new StoreError('CA_NOT_A_CA', `import CA: expected a certificate with basicConstraints CA:TRUE, found ${summary.subjectText}`);
  }
  const material = await parsePrivateKey(input.key, input.keyPassword);
  if (toHex(material.spki) !== toHex(summary.spki)) {
    throw new StoreError('CA_KEY_MISMATCH', `import CA: the key does not belong to the certificate ${summary.subjectText}`);
  }
  const key = await sealKey(ctx, material);
  const hash: HashName = summary.signatureHash === 'SHA-1' || summary.signatureHash === 'SHA-384' ? summary.signatureHash : 'SHA-256';
  const ca = await ctx.vault.sealCa(caRecordFrom(ctx, summary, { name: input.name, purpose: input.purpose, hash, origin: 'imported' }, key.id));
  await ctx.vault.commitSealed({ add: { cas: [ca], keys: [key] } });
  return ca;
}
