/**
 * CSRs waiting for an outside (public) CA: the key made for the request is kept in the vault
 * (encrypted like every key) until the CA answers, so the user need not carry a key file around.
 * Invariants:
 *  - Each operation is one transaction (db.ts commit): saving writes the key and the request
 *    together; completing adds the certificate and removes the request together; deleting removes
 *    the request and its key together (the key never served a certificate).
 *  - Saving, completing and deleting need the unlocked vault; listing does not (no key is read).
 *  - A completed request becomes an externally issued certificate (caId null) with the same keyId,
 *    so certificate management lists it and can download it again with its key and intermediates.
 *  - The returned leaf must carry the request's public key (CERT_KEY_MISMATCH otherwise): the
 *    user may pick the wrong pending request; nothing is written then.
 *  - A request that renews a kept certificate (`renews`, made by renewal-requests.ts) marks that
 *    certificate superseded by the new one in the same transaction (renewedFrom/supersededBy, as
 *    operations/renew.ts does under our own CA). A request whose key was marked compromised
 *    meanwhile is refused (KEY_COMPROMISED): no new certificate is filed under a leaked key.
 *    Its answer must be a renewal (RENEWAL_ANSWER_MISMATCH otherwise): not the old certificate
 *    itself, not issued before it, and for all of the request's host names (with the kept key
 *    reused, the old certificate and any other of that key pass the key check).
 *  - An answer already kept under the request's key (a merged backup brought a completed request
 *    back) is not filed twice: the request is removed and the kept record returned.
 */
import {
  equalBytes,
  keyMatchesSpki,
  parseCertificate,
  parseCsr,
  type CertificateSummary,
  type DistinguishedName,
  type PrivateKeyMaterial,
  type SanEntry,
} from '../pki/index.ts';
import type { StoreContext } from './context.ts';
import { unchanged } from './db.ts';
import { StoreError } from './errors.ts';
import { externalCertificateRecord } from './external-certificates.ts';
import { sealKey } from './key-records.ts';
import { openKey } from './operations/index.ts';
import { compareText } from './order.ts';
import { certificatesOfKey, getKey } from './repositories.ts';
import type { CertificateRecord, PendingRequestRecord } from './schema.ts';

export interface SavePendingRequestInput {
  key: PrivateKeyMaterial;
  /** The PKCS#10 request made with `key` (DER). */
  csrDer: Uint8Array;
  subject: DistinguishedName;
  sans: SanEntry[];
  label?: string;
}

/** Keeps the request and its key (encrypted under the vault) until the CA answers; one transaction. */
export async function savePendingRequest(ctx: StoreContext, input: SavePendingRequestInput): Promise<PendingRequestRecord> {
  ctx.vault.requirePassphrase('keeping the key of a certificate request');
  let csrSpki: Uint8Array;
  try {
    csrSpki = (await parseCsr(input.csrDer)).spki;
  } catch (e) {
    throw new StoreError('INVALID_ARGUMENT', 'pending request: expected a PKCS#10 request (DER), found something else', { cause: e });
  }
  if (!equalBytes(csrSpki, input.key.spki)) {
    throw new StoreError('INVALID_ARGUMENT', 'pending request: expected the CSR of this key, found one for another key');
  }
  const key = await sealKey(ctx, input.key);
  const record = pendingRequestRecord(ctx, key.id, input);
  await ctx.vault.commitSealed({ add: { keys: [key], pendingRequests: [record] } });
  return record;
}

/** The record of a request made with the key `keyId` (nothing is written here). */
export function pendingRequestRecord(ctx: StoreContext, keyId: string, input: Omit<SavePendingRequestInput, 'key'> & { renews?: string }): PendingRequestRecord {
  return {
    id: ctx.newId(),
    keyId,
    csrDer: input.csrDer,
    subject: input.subject,
    sans: input.sans,
    label: input.label?.trim() || input.sans[0]?.value || input.subject.find((a) => a.type === 'CN')?.value || 'request',
    ...(input.renews ? { renews: input.renews } : {}),
    createdAt: ctx.clock.now().toISOString(),
    rev: 1,
  };
}

/** Oldest first, ties by id, in code-unit order (order.ts: the same in every locale). Needs the store open, not unlocked. */
export async function listPendingRequests(ctx: Pick<StoreContext, 'db'>): Promise<PendingRequestRecord[]> {
  const all = await ctx.db.getAll('pendingRequests');
  return all.sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id));
}

export async function getPendingRequest(ctx: Pick<StoreContext, 'db'>, id: string): Promise<PendingRequestRecord> {
  const record = await ctx.db.get('pendingRequests', id);
  if (!record) throw new StoreError('NOT_FOUND', `pending request ${id}: not in the store (completed or deleted, maybe in another tab)`);
  return record;
}

export interface CompletePendingRequestInput {
  /** What the CA returned, leaf first (recipes/public-ca orders it); the rest are kept as intermediates. */
  chain: Uint8Array[];
}

/**
 * Records the CA's certificate as externally issued with the request's key, and removes the request;
 * one transaction. Refused (nothing written) when the leaf is not for the request's key.
 */
export async function completePendingRequest(ctx: StoreContext, id: string, input: CompletePendingRequestInput): Promise<CertificateRecord> {
  ctx.vault.requirePassphrase('completing a certificate request');
  const pending = await getPendingRequest(ctx, id);
  const [leafDer, ...intermediates] = input.chain;
  if (!leafDer) throw new StoreError('INVALID_ARGUMENT', `pending request ${pending.label}: expected the returned certificate, found none`);
  // The decrypted key decides, never the record's stored spki (issue 12 item 4): a record whose spki
  // was swapped in IndexedDB must not let another key's certificate be filed under this key.
  const keyRecord = await getKey(ctx.db, pending.keyId);
  if (keyRecord.compromisedAt) {
    throw new StoreError('KEY_COMPROMISED', `pending request ${pending.label}: expected a key in good standing, found one marked compromised on ${keyRecord.compromisedAt}`);
  }
  const leaf = parseCertificate(leafDer);
  if (!keyMatchesSpki(await openKey(ctx, keyRecord.id), leaf.spki)) {
    throw new StoreError(
      'CERT_KEY_MISMATCH',
      `pending request ${pending.label}: expected a certificate for its key, found one for ${leaf.subjectText || 'another key'}`,
    );
  }
  // The certificate being renewed, when it is still there and not renewed already (another request
  // for it completed first, or a restore brought a newer one): only then is it marked superseded.
  const renewed = pending.renews ? await ctx.db.get('certificates', pending.renews) : undefined;
  if (renewed) assertRenewalAnswer(pending, renewed, leaf);
  // This very answer is already kept (the request came back with a backup merged after it was
  // completed): the request goes, nothing is filed twice, and the kept record is returned.
  const same = (await certificatesOfKey(ctx.db, keyRecord.id)).find((c) => equalBytes(c.der, leaf.der));
  if (same) {
    await ctx.db.commit({ delete: { pendingRequests: [pending.id] }, expect: unchanged('pendingRequests', [pending]) });
    return same;
  }
  const superseded = renewed && !renewed.supersededBy ? renewed : undefined;
  const record: CertificateRecord = {
    ...externalCertificateRecord(ctx, leaf, pending.keyId, intermediates),
    ...(superseded ? { renewedFrom: superseded.id } : {}),
  };
  await ctx.db.commit({
    add: { certificates: [record] },
    delete: { pendingRequests: [pending.id] },
    ...(superseded ? { put: { certificates: [{ ...superseded, supersededBy: record.id, rev: superseded.rev + 1 }] } } : {}),
    expect: [...unchanged('pendingRequests', [pending]), ...unchanged('keys', [keyRecord]), ...unchanged('certificates', [superseded])],
  });
  return record;
}

/**
 * With the kept key reused, every certificate of that key passes the key check, the one being renewed
 * included (its old .crt dropped again). The answer to a renewal is a certificate other than the old
 * one, issued no earlier than it, for every host name of the request (RENEWAL_ANSWER_MISMATCH).
 */
function assertRenewalAnswer(pending: PendingRequestRecord, renewed: CertificateRecord, leaf: CertificateSummary): void {
  const names = new Set(leaf.sans.map((s) => s.value.toLowerCase()));
  const missing = pending.sans.filter((s) => !names.has(s.value.toLowerCase())).map((s) => s.value);
  const why = equalBytes(leaf.der, renewed.der)
    ? 'the certificate being renewed itself'
    : leaf.notBefore.getTime() < Date.parse(renewed.notBefore)
      ? `one issued ${leaf.notBefore.toISOString()}, before the certificate being renewed (${renewed.notBefore})`
      : missing.length > 0
        ? `one without ${missing.join(', ')}`
        : null;
  if (why) throw new StoreError('RENEWAL_ANSWER_MISMATCH', `pending request ${pending.label}: expected the renewal of ${renewed.commonName}, found ${why}`);
}

/** Forgets a request the CA will never answer, with its key; one transaction. */
export async function deletePendingRequest(ctx: StoreContext, id: string): Promise<void> {
  ctx.vault.requirePassphrase('deleting a certificate request and its key');
  const pending = await getPendingRequest(ctx, id);
  const key = await ctx.db.get('keys', pending.keyId);
  // A key some certificate uses (a restore merged one in) stays; only the request goes.
  const keep = !key || (await certificatesOfKey(ctx.db, key.id)).length > 0;
  await ctx.db.commit({
    delete: { pendingRequests: [pending.id], ...(keep ? {} : { keys: [key.id] }) },
    expect: [...unchanged('pendingRequests', [pending]), ...unchanged('keys', [key])],
  });
}
