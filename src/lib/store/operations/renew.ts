/**
 * Renewal: a new certificate with the same names under the same CA, a new key of the same spec
 * (or the same key); the old one is marked superseded and stays valid until it expires.
 */
import { DAY_MS } from '../../time.ts';
import type { StoreContext } from '../context.ts';
import { unchanged } from '../db.ts';
import { StoreError } from '../errors.ts';
import { getCertificate, getKey } from '../repositories.ts';
import type { IssuedCertificate } from './issue.ts';
import { commitWithKey, keyFor, openSigner, signCertificate, withRetry } from './signer.ts';

export interface RenewOptions {
  /** Keep the current key (default: a new key of the same spec). */
  reuseKey?: boolean;
  validityDays?: number;
}

/** A new certificate with the same names; the old one is marked superseded (still valid until it expires). */
export async function renewCertificate(ctx: StoreContext, id: string, options: RenewOptions = {}): Promise<IssuedCertificate> {
  const old = await getCertificate(ctx.db, id);
  // Our CA cannot sign an outside CA's certificate again; its renewal is a new CSR for that CA
  // (renewal-requests.ts, 証明書の管理's "make a renewal CSR"), which the error text points to.
  if (!old.caId) throw new StoreError('CERT_OUTSIDE_CA', `renew ${old.commonName}: signed by an outside CA; make a renewal CSR (createRenewalRequest) instead`);
  if (old.supersededBy) throw new StoreError('CERT_NOT_RENEWABLE', `renew ${old.commonName}: already renewed as ${old.supersededBy}`);
  if (options.reuseKey && !old.keyId) throw new StoreError('CERT_NO_KEY', `renew ${old.commonName}: its key is not in the vault`);
  const signer = await openSigner(ctx, old.caId);
  const oldKeySpec = old.keyId ? (await getKey(ctx.db, old.keyId)).spec : undefined;
  const { key, record: keyRecord, keyId } = await keyFor(ctx, options.reuseKey ? { keyId: old.keyId! } : { keySpec: oldKeySpec });
  const validityDays = options.validityDays ?? Math.max(1, Math.round((Date.parse(old.notAfter) - Date.parse(old.notBefore)) / DAY_MS));
  return withRetry('renew certificate', async () => {
    const current = await getCertificate(ctx.db, id);
    const record = await signCertificate(
      ctx,
      signer,
      { profile: old.profile, subject: old.subject, sans: old.sans, validityDays, user: old.user },
      key,
      keyId,
      { renewedFrom: old.id },
    );
    await commitWithKey(ctx, keyRecord, {
      add: { certificates: [record] },
      put: { certificates: [{ ...current, supersededBy: record.id, rev: current.rev + 1 }] },
      expect: unchanged('certificates', [current]),
    });
    return { record, key, caCertificate: signer.ca.certDer };
  });
}
