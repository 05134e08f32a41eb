/**
 * What every operation of this folder shares: opening keys from the vault and checking them
 * against certificates, signing a certificate record under a CA of the store, and writing.
 * Invariants:
 *  - A key is always checked against the certificate it will sign for or be bundled with
 *    (CA_KEY_MISMATCH / CERT_KEY_MISMATCH, issue 12 item 4): the store trusts nothing it reads.
 *  - A write that adds a freshly sealed key goes through Vault.commitSealed (the vault revision
 *    the tab unlocked, issue 12 item 3); everything else through db.commit.
 *  - A serial collision with another tab (unique [caId, serialHex]) or a stale read (DB_CONFLICT)
 *    is retried from a fresh read, a bounded number of times.
 */
import {
  createCertificate,
  generateKey,
  keyMatchesSpki,
  parseCertificate,
  privateKeyFromPkcs8,
  verifyCertificateSignature,
  type DistinguishedName,
  type KeySpec,
  type PrivateKeyMaterial,
  type SanEntry,
} from '../../pki/index.ts';
import type { StoreContext } from '../context.ts';
import type { Changeset } from '../db.ts';
import { StoreError, isStoreError } from '../errors.ts';
import { sealKey } from '../key-records.ts';
import { getCa, getKey, getSettings } from '../repositories.ts';
import type { CaRecord, CertificateRecord, IssuedProfile, KeyRecord } from '../schema.ts';

/** Bounded retries: collisions of 128-bit random serials or tab races are rare, never endless. */
const MAX_ATTEMPTS = 5;

// ---------------------------------------------------------------- keys

/**
 * Decrypts a stored key with the vault passphrase (the vault must be unlocked). The public key and
 * spec are derived from the decrypted key, never taken from the record: a record whose `spki` was
 * swapped (issue 12 item 4) cannot make another certificate look like this key's.
 */
export async function openKey(ctx: StoreContext, keyId: string): Promise<PrivateKeyMaterial> {
  const record = await getKey(ctx.db, keyId);
  const pkcs8 = await ctx.vault.decryptKey(record.encryptedPkcs8);
  return privateKeyFromPkcs8(pkcs8);
}

/** The CA's key, checked against the CA's certificate before it signs anything. */
export async function openCaKey(ctx: StoreContext, ca: CaRecord): Promise<PrivateKeyMaterial> {
  await ctx.vault.checkCa(ca);
  const key = await openKey(ctx, ca.keyId);
  if (!keyMatchesSpki(key, parseCertificate(ca.certDer).spki)) {
    throw new StoreError('CA_KEY_MISMATCH', `CA ${ca.name}: its stored certificate does not belong to its key (the store was changed outside this page?)`);
  }
  return key;
}

/** The key of a stored certificate, checked against it, for a download (server.key, PKCS#12, bundle). */
export async function openCertificateKey(ctx: StoreContext, record: CertificateRecord): Promise<PrivateKeyMaterial> {
  if (!record.keyId) throw new StoreError('CERT_NO_KEY', `certificate ${record.commonName}: its private key is not in the vault`);
  const key = await openKey(ctx, record.keyId);
  if (!keyMatchesSpki(key, parseCertificate(record.der).spki)) {
    throw new StoreError('CERT_KEY_MISMATCH', `certificate ${record.commonName}: its stored key does not belong to it (the store was changed outside this page?)`);
  }
  return key;
}

/**
 * The certificate of the CA that issued `record`, for a chain or a trust profile: the record must
 * verify under it, so a CA certificate swapped in the store never reaches a download.
 */
export async function issuerCertificateOf(ctx: StoreContext, record: CertificateRecord): Promise<Uint8Array | null> {
  if (!record.caId) return null;
  const ca = await getCa(ctx.db, record.caId);
  await ctx.vault.checkCa(ca);
  if (!(await verifyCertificateSignature(record.der, ca.certDer))) {
    throw new StoreError('CA_KEY_MISMATCH', `certificate ${record.commonName}: not signed by the stored certificate of CA ${ca.name} (the store was changed outside this page?)`);
  }
  return ca.certDer;
}

/** The key a new certificate gets: one already in the vault, or a new one sealed (not yet written). */
export async function keyFor(
  ctx: StoreContext,
  input: { keySpec?: KeySpec; keyId?: string },
): Promise<{ key: PrivateKeyMaterial; record: KeyRecord | null; keyId: string }> {
  if (input.keyId) return { key: await openKey(ctx, input.keyId), record: null, keyId: input.keyId };
  const spec = input.keySpec ?? (await getSettings(ctx.db)).defaults.keySpec;
  const key = await generateKey(spec);
  const record = await sealKey(ctx, key);
  return { key, record, keyId: record.id };
}

// ---------------------------------------------------------------- sign

export interface Signer {
  ca: CaRecord;
  key: PrivateKeyMaterial;
}

/** A CA of the store with its checked key; a retired CA signs only CRLs (`retired: 'allowed'`). */
export async function openSigner(ctx: StoreContext, caId: string, options: { retired?: 'allowed' } = {}): Promise<Signer> {
  const ca = await getCa(ctx.db, caId);
  if (ca.status !== 'active' && options.retired !== 'allowed') throw new StoreError('CA_RETIRED', `CA ${ca.name}: retired, it issues nothing any more`);
  return { ca, key: await openCaKey(ctx, ca) };
}

/** What a certificate says besides its key: the same for a first issue, a renewal and a re-issue. */
export interface CertificateSpec {
  profile: IssuedProfile;
  subject: DistinguishedName;
  sans: SanEntry[];
  validityDays: number;
  user?: { name: string; email: string };
}

/** Signs a certificate for `key` and returns its record (nothing is written here). */
export async function signCertificate(
  ctx: StoreContext,
  signer: Signer,
  spec: CertificateSpec,
  key: PrivateKeyMaterial,
  keyId: string,
  extra: Partial<CertificateRecord> = {},
): Promise<CertificateRecord> {
  const der = await createCertificate({
    issuerCert: signer.ca.certDer,
    issuerKey: signer.key,
    profile: spec.profile,
    subject: spec.subject,
    sans: spec.sans,
    spki: key.spki,
    validityDays: spec.validityDays,
    hash: signer.ca.hash,
    serialHex: ctx.newSerialHex(),
    now: ctx.clock.now(),
  });
  const summary = parseCertificate(der);
  return {
    id: ctx.newId(),
    caId: signer.ca.id,
    issuerText: summary.issuerText,
    serialHex: summary.serialHex,
    profile: spec.profile,
    subject: spec.subject,
    subjectText: summary.subjectText,
    commonName: commonNameOf(spec.subject),
    sans: spec.sans,
    notBefore: summary.notBefore.toISOString(),
    notAfter: summary.notAfter.toISOString(),
    status: 'valid',
    keyId,
    der,
    ...(spec.user ? { user: spec.user } : {}),
    createdAt: ctx.clock.now().toISOString(),
    rev: 1,
    ...extra,
  };
}

/** The validity asked for, or the settings' default for the profile. */
export async function defaultValidity(ctx: StoreContext, profile: IssuedProfile, days?: number): Promise<number> {
  if (days !== undefined) return days;
  const s = await getSettings(ctx.db);
  return profile === 'server' ? s.defaults.serverValidityDays : s.defaults.clientValidityDays;
}

function commonNameOf(subject: DistinguishedName): string {
  return subject.find((a) => a.type === 'CN')?.value ?? '';
}

// ---------------------------------------------------------------- write

/** Writes `changes`, plus a freshly sealed key when there is one (then guarded by the vault revision). */
export function commitWithKey(ctx: StoreContext, key: KeyRecord | null, changes: Changeset): Promise<void> {
  if (!key) return ctx.db.commit(changes);
  return ctx.vault.commitSealed({ ...changes, add: { ...changes.add, keys: [key] } });
}

/** Runs `attempt` again after a serial collision or a stale read, at most MAX_ATTEMPTS times. */
export async function withRetry<T>(step: string, attempt: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isStoreError(e, 'SERIAL_COLLISION') && !isStoreError(e, 'DB_CONFLICT')) throw e;
      last = e;
    }
  }
  throw new StoreError('DB_CONFLICT', `${step}: gave up after ${MAX_ATTEMPTS} attempts (serial collisions or other tabs writing)`, {
    cause: last,
  });
}
