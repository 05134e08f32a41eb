/**
 * Revocation: one certificate, or everything issued with a key. The revocation records are what
 * the next CRL lists (crl.ts); XMail itself never reads a CRL (xmail-tls.md).
 */
import type { RevocationReason } from '../../pki/index.ts';
import { nextMacrotask } from '../../time.ts';
import type { StoreContext } from '../context.ts';
import { unchanged } from '../db.ts';
import { StoreError } from '../errors.ts';
import { certificatesOfKey, getCertificate, getKey } from '../repositories.ts';
import type { CertificateRecord, RevocationRecord } from '../schema.ts';
import { withRetry } from './signer.ts';

/** Records built per chunk in revokeAllWithKey: ~500 keeps each task well under 50 ms. */
const REVOKE_CHUNK = 500;

export function revocationOf(cert: CertificateRecord, reason: RevocationReason, at: Date): RevocationRecord {
  return { id: cert.id, caId: cert.caId, serialHex: cert.serialHex, revokedAt: at.toISOString(), reason, rev: 1 };
}

export async function revokeCertificate(
  ctx: StoreContext,
  id: string,
  reason: RevocationReason,
  at: Date = ctx.clock.now(),
): Promise<RevocationRecord> {
  return withRetry('revoke', async () => {
    const cert = await getCertificate(ctx.db, id);
    if (cert.status === 'revoked') throw new StoreError('CERT_ALREADY_REVOKED', `revoke ${cert.commonName}: already revoked`);
    const revocation = revocationOf(cert, reason, at);
    await ctx.db.commit({
      put: { certificates: [{ ...cert, status: 'revoked', rev: cert.rev + 1 }] },
      add: { revocations: [revocation] },
      expect: unchanged('certificates', [cert]),
    });
    return revocation;
  });
}

/** "Revoke everything issued with this key": every not-yet-revoked certificate of the key. */
export async function revokeAllWithKey(
  ctx: StoreContext,
  keyId: string,
  reason: RevocationReason,
  at: Date = ctx.clock.now(),
): Promise<RevocationRecord[]> {
  await getKey(ctx.db, keyId);
  return withRetry('revoke by key', async () => {
    const certs = (await certificatesOfKey(ctx.db, keyId)).filter((c) => c.status !== 'revoked');
    if (certs.length === 0) return [];
    // Built in chunks with a macrotask between them (10,000 certificates were one ~1 s task,
    // docs/PERFORMANCE.md); the write stays ONE commit after the last chunk, so a closed tab
    // leaves every certificate revoked or none.
    const put: CertificateRecord[] = [];
    const revocations: RevocationRecord[] = [];
    for (let i = 0; i < certs.length; i++) {
      if (i > 0 && i % REVOKE_CHUNK === 0) await nextMacrotask();
      const c = certs[i]!;
      put.push({ ...c, status: 'revoked', rev: c.rev + 1 });
      revocations.push(revocationOf(c, reason, at));
    }
    await ctx.db.commit({ put: { certificates: put }, add: { revocations }, expect: unchanged('certificates', certs) });
    return revocations;
  });
}
