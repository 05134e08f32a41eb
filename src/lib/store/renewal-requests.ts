/**
 * Renewal of a server certificate an outside CA signed (issue 11 item 1: "renewal later reuses the
 * key or replaces it"). Our CA cannot sign it again (operations/renew.ts refuses, CERT_OUTSIDE_CA);
 * what we can do is the CSR the CA needs: the same subject and SANs as the current certificate, with
 * either the key kept in the vault or a new key of the same spec. The CSR waits in the vault as a
 * pending request (pending-requests.ts) linked to the certificate (`renews`), so the public-CA
 * flow's waiting-request step brings the CA's answer in, and completing it marks this certificate
 * superseded.
 * Invariants:
 *  - Only an outside-CA server certificate that is not revoked, not superseded and has no renewal
 *    request waiting (RENEWAL_PENDING) gets one; a certificate of our own CA is renewed by renew.ts.
 *  - Reusing needs the key in the vault, in good standing (KEY_COMPROMISED when the user marked it
 *    leaked: a renewal must never carry a leaked key on), and decrypting to the certificate's key
 *    (CERT_KEY_MISMATCH otherwise: the decrypted key decides, issue 12 item 4).
 *  - A new key has the spec of the certificate's own public key (algorithm, RSA size, curve).
 *  - All the crypto first, then one commit through Vault.commitSealed (the new key sealed, the
 *    request, and the expected revisions of the certificate and the reused key): nothing is
 *    written on any failure, VAULT_LOCKED included. The certificate's revision is bumped in that
 *    commit, so two tabs making its request at once keep one (the other gets DB_CONFLICT); the reused
 *    key's revision is the one read before the crypto, so a key marked compromised meanwhile fails it.
 */
import { PkiError, createCsr, generateKey, parseCertificate, type KeySpec, type PrivateKeyMaterial } from '../pki/index.ts';
import type { StoreContext } from './context.ts';
import { unchanged } from './db.ts';
import { StoreError } from './errors.ts';
import { sealKey } from './key-records.ts';
import { openCertificateKey } from './operations/index.ts';
import { listPendingRequests, pendingRequestRecord } from './pending-requests.ts';
import { getCertificate, getKey } from './repositories.ts';
import type { CertificateRecord, PendingRequestRecord } from './schema.ts';

export type RenewalKeyChoice = 'reuse' | 'new';
/** Why the kept key cannot be reused: none in the vault for this certificate, or marked compromised. */
export type ReuseUnavailable = 'no-key' | 'key-compromised';

export interface RenewalPlan {
  certificate: CertificateRecord;
  /** The spec of the current certificate's key: what a new key gets. */
  keySpec: KeySpec;
  reuse: { available: true } | { available: false; reason: ReuseUnavailable };
  /**
   * A new key unless told otherwise: many public CAs want one per renewal, and a key that leaked
   * unnoticed stops with the old certificate. Reuse is the choice for pinned keys and DANE TLSA
   * records with selector 1 (RFC 7671 section 5.1: an SPKI match survives a renewal with the same key).
   */
  recommended: RenewalKeyChoice;
  /** The renewal request already waiting for this certificate, if any (only one at a time). */
  waiting: PendingRequestRecord | null;
}

/** What the renewal would be, read without the passphrase (no key is decrypted). */
export async function planRenewalRequest(ctx: StoreContext, certificateId: string): Promise<RenewalPlan> {
  const certificate = await getCertificate(ctx.db, certificateId);
  assertRenewableOutside(certificate);
  const keyRecord = certificate.keyId ? await ctx.db.get('keys', certificate.keyId) : undefined;
  const reuse: RenewalPlan['reuse'] = !keyRecord
    ? { available: false, reason: 'no-key' }
    : keyRecord.compromisedAt
      ? { available: false, reason: 'key-compromised' }
      : { available: true };
  return { certificate, keySpec: keySpecOf(certificate), reuse, recommended: 'new', waiting: await waitingRenewal(ctx, certificate.id) };
}

export interface RenewalRequest {
  request: PendingRequestRecord;
  /** The key of the CSR (the kept one, or the new one now sealed in the vault). */
  key: PrivateKeyMaterial;
  keyReused: boolean;
}

/** Makes the renewal CSR and keeps it waiting in the vault (see the module invariants). */
export async function createRenewalRequest(ctx: StoreContext, certificateId: string, choice: RenewalKeyChoice): Promise<RenewalRequest> {
  ctx.vault.requirePassphrase('making a renewal request');
  const plan = await planRenewalRequest(ctx, certificateId);
  const old = plan.certificate;
  if (plan.waiting) {
    throw new StoreError('RENEWAL_PENDING', `renewal request for ${old.commonName}: expected none waiting, found ${plan.waiting.label} made ${plan.waiting.createdAt}`);
  }
  if (choice === 'reuse' && !plan.reuse.available) {
    throw plan.reuse.reason === 'no-key'
      ? new StoreError('CERT_NO_KEY', `renewal request for ${old.commonName}: expected its key in the vault, found none`)
      : new StoreError('KEY_COMPROMISED', `renewal request for ${old.commonName}: its key was marked compromised; a renewal needs a new key`);
  }
  // The reused key's record is read (and its good standing checked) BEFORE the crypto, and the commit
  // expects that revision: a key another tab marks compromised meanwhile fails the commit (DB_CONFLICT)
  // instead of being carried on (read after the crypto, the mark's own revision was expected).
  const reusedKey = choice === 'reuse' ? await getKey(ctx.db, old.keyId!) : null;
  if (reusedKey?.compromisedAt) {
    throw new StoreError('KEY_COMPROMISED', `renewal request for ${old.commonName}: its key was marked compromised; a renewal needs a new key`);
  }
  const key = choice === 'reuse' ? await openCertificateKey(ctx, old) : await generateKey(plan.keySpec);
  const csrDer = await createCsr({ key, subject: old.subject, sans: old.sans, profile: 'server' });
  const sealed = choice === 'reuse' ? null : await sealKey(ctx, key);
  const keyId = sealed?.id ?? old.keyId!;
  const request = pendingRequestRecord(ctx, keyId, { csrDer, subject: old.subject, sans: old.sans, label: old.sans.map((s) => s.value).join(', '), renews: old.id });
  // The certificate's revision moves with the request: a second request made at the same time (another
  // tab read "none waiting" too) then fails its expectation (DB_CONFLICT) instead of waiting beside it.
  await ctx.vault.commitSealed({
    add: { pendingRequests: [request], ...(sealed ? { keys: [sealed] } : {}) },
    put: { certificates: [{ ...old, rev: old.rev + 1 }] },
    expect: [...unchanged('certificates', [old]), ...unchanged('keys', [reusedKey])],
  });
  return { request, key, keyReused: sealed === null };
}

function assertRenewableOutside(c: CertificateRecord): void {
  if (c.caId) throw new StoreError('CERT_NOT_RENEWABLE', `renewal request for ${c.commonName}: signed by a CA of this vault; renew it directly`);
  if (c.profile !== 'server') throw new StoreError('CERT_NOT_RENEWABLE', `renewal request for ${c.commonName}: expected a server certificate, found a ${c.profile} one`);
  if (c.status === 'revoked') throw new StoreError('CERT_ALREADY_REVOKED', `renewal request for ${c.commonName}: it is revoked`);
  if (c.supersededBy) throw new StoreError('CERT_NOT_RENEWABLE', `renewal request for ${c.commonName}: already renewed as ${c.supersededBy}`);
}

/** The spec of the certificate's own public key (not the key record's: the certificate is what the CA saw). */
function keySpecOf(c: CertificateRecord): KeySpec {
  const key = parseCertificate(c.der).key;
  if (key.kind === 'other') throw new PkiError('KEY_UNSUPPORTED', `renewal request for ${c.commonName}: expected an RSA or EC key, found ${key.description}`);
  return key;
}

async function waitingRenewal(ctx: StoreContext, certificateId: string): Promise<PendingRequestRecord | null> {
  return (await listPendingRequests(ctx)).find((r) => r.renews === certificateId) ?? null;
}
