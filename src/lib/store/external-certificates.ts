/**
 * Server certificates signed by an outside CA (a public CA, a reseller, a colleague's CA) kept in
 * the vault with their key: what a completed public-CA request becomes (pending-requests.ts), and
 * what "I already have a certificate" keeps when the user ticks it (issue 11 item 1), so that
 * certificate management lists it and a renewal later reuses the key or replaces it.
 * Invariants:
 *  - The decrypted key decides, never a record's stored spki (issue 12 item 4): the leaf must carry
 *    the given key's public key, and a key already in the vault is reused only when its decrypted
 *    form is that key; otherwise the key is sealed anew.
 *  - One commit through Vault.commitSealed: the sealed key (when new) and the certificate record
 *    together, after all the crypto (nothing is written on any failure).
 *  - Keeping the same certificate again writes nothing and returns the record already kept.
 */
import { equalBytes, keyMatchesSpki, parseCertificate, sha256Hex, type CertificateSummary, type PrivateKeyMaterial } from '../pki/index.ts';
import type { StoreContext } from './context.ts';
import { unchanged } from './db.ts';
import { StoreError } from './errors.ts';
import { sealKey } from './key-records.ts';
import { openKey } from './operations/index.ts';
import { certificatesOfKey } from './repositories.ts';
import type { CertificateRecord, KeyRecord } from './schema.ts';

/** The record of a server certificate an outside CA signed (caId null), with its intermediates. */
export function externalCertificateRecord(ctx: StoreContext, leaf: CertificateSummary, keyId: string, intermediates: Uint8Array[]): CertificateRecord {
  const now = ctx.clock.now().toISOString();
  return {
    id: ctx.newId(),
    caId: null,
    issuerText: leaf.issuerText,
    serialHex: leaf.serialHex,
    profile: 'server',
    subject: leaf.subject,
    subjectText: leaf.subjectText,
    commonName: publicCommonName(leaf),
    sans: leaf.sans,
    notBefore: leaf.notBefore.toISOString(),
    notAfter: leaf.notAfter.toISOString(),
    status: 'valid',
    keyId,
    der: leaf.der,
    chain: intermediates,
    createdAt: now,
    rev: 1,
  };
}

export interface KeepExternalCertificateInput {
  /** The private key of the leaf (decrypted from the user's .pfx or key file). */
  key: PrivateKeyMaterial;
  /** Leaf first, then its intermediates (recipes order and check it); no root. */
  chain: Uint8Array[];
}

export interface KeptExternalCertificate {
  record: CertificateRecord;
  /** False when this very certificate was already kept (nothing written). */
  added: boolean;
  /** The key was already in the vault (kept before, or another certificate uses it). */
  keyReused: boolean;
}

/**
 * Keeps a server certificate and its key in the vault (see the module invariants). VAULT_LOCKED
 * when locked; CERT_KEY_MISMATCH when the leaf is not for the key; INVALID_ARGUMENT without a leaf.
 */
export async function keepExternalCertificate(ctx: StoreContext, input: KeepExternalCertificateInput): Promise<KeptExternalCertificate> {
  ctx.vault.requirePassphrase('keeping a server certificate and its key');
  const [leafDer, ...intermediates] = input.chain;
  if (!leafDer) throw new StoreError('INVALID_ARGUMENT', 'keep certificate: expected the server certificate, found none');
  const leaf = parseCertificate(leafDer);
  if (!keyMatchesSpki(input.key, leaf.spki)) {
    throw new StoreError('CERT_KEY_MISMATCH', `keep certificate ${leaf.subjectText}: expected the certificate of this key, found one for another key`);
  }
  const existing = await keptKey(ctx, input.key);
  if (existing) {
    const same = (await certificatesOfKey(ctx.db, existing.id)).find((c) => equalBytes(c.der, leaf.der));
    if (same) return { record: same, added: false, keyReused: true };
  }
  const sealed = existing ? null : await sealKey(ctx, input.key);
  const record = externalCertificateRecord(ctx, leaf, existing?.id ?? sealed!.id, intermediates);
  await ctx.vault.commitSealed({
    add: { certificates: [record], ...(sealed ? { keys: [sealed] } : {}) },
    expect: unchanged('keys', [existing]),
  });
  return { record, added: true, keyReused: existing !== null };
}

/** The vault's record of `key`: found by its SPKI hash, accepted only when it decrypts to that key. */
async function keptKey(ctx: StoreContext, key: PrivateKeyMaterial): Promise<KeyRecord | null> {
  const candidates = await ctx.db.getAllFromIndex('keys', 'spkiSha256', await sha256Hex(key.spki));
  for (const candidate of candidates) {
    if (candidate.compromisedAt) continue;
    const opened = await openKey(ctx, candidate.id).catch(() => null);
    if (opened && keyMatchesSpki(opened, key.spki)) return candidate;
  }
  return null;
}

/**
 * The name a public CA's certificate goes by in the vault: its CN when that is one of its (screened)
 * SANs, as CA/Browser Forum BR 7.1.4.3 requires, else its first SAN. A CN that is neither comes from
 * a CA we cannot vouch for and is not kept as a name (issue 12 item 2).
 */
function publicCommonName(leaf: CertificateSummary): string {
  const cn = leaf.subject.find((a) => a.type === 'CN')?.value.toLowerCase();
  return leaf.sans.find((s) => s.value === cn)?.value ?? leaf.sans[0]?.value ?? '';
}
