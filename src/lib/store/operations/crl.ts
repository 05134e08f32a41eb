/**
 * CRLs: every revocation of a CA, signed by it (a retired CA still publishes CRLs for what it
 * issued), the CRL number up by one per CA in the same transaction as the CRL record.
 */
import { createCrl, encodePem } from '../../pki/index.ts';
import { DAY_MS } from '../../time.ts';
import type { StoreContext } from '../context.ts';
import { StoreError } from '../errors.ts';
import { getCa, getSettings, revocationsOfCa } from '../repositories.ts';
import type { CrlRecord } from '../schema.ts';
import { compareText } from './list.ts';
import { openSigner, withRetry } from './signer.ts';

export interface CrlOptions {
  /** Days until nextUpdate (default settings.defaults.crlValidityDays) ... */
  nextUpdateDays?: number;
  /** ... or an explicit nextUpdate. */
  nextUpdate?: Date;
}
export interface IssuedCrl {
  record: CrlRecord;
  der: Uint8Array;
  pem: string;
}

/**
 * Revocations in ascending order of their lower-case hex serial: the order localeCompare gave,
 * without an ICU collation per comparison (docs/PERFORMANCE.md, CRL of 10,000 entries). A plain
 * code-unit comparison orders [0-9a-f] like the collator does ('0'-'9' before 'a'-'f', a prefix
 * first); the serials are normalized once, not per comparison.
 */
export function sortBySerial<T extends { serialHex: string }>(records: readonly T[]): T[] {
  return records
    .map((r) => ({ r, key: r.serialHex.toLowerCase() }))
    .sort((a, b) => compareText(a.key, b.key))
    .map((e) => e.r);
}

/** Signs a CRL listing every revocation of the CA; the CRL number goes up by one per CA. */
export async function issueCrl(ctx: StoreContext, caId: string, options: CrlOptions = {}): Promise<IssuedCrl> {
  const signer = await openSigner(ctx, caId, { retired: 'allowed' });
  const days = options.nextUpdateDays ?? (await getSettings(ctx.db)).defaults.crlValidityDays;
  return withRetry('issue CRL', async () => {
    const ca = await getCa(ctx.db, caId);
    const now = ctx.clock.now();
    const nextUpdate = options.nextUpdate ?? new Date(now.getTime() + days * DAY_MS);
    if (nextUpdate.getTime() <= now.getTime()) {
      throw new StoreError('INVALID_ARGUMENT', `CRL: expected nextUpdate after now, found ${nextUpdate.toISOString()}`);
    }
    const revoked = sortBySerial(await revocationsOfCa(ctx.db, caId))
      .map((r) => ({ serialHex: r.serialHex, revokedAt: new Date(r.revokedAt), reason: r.reason }));
    const crlNumber = ca.crlNumber + 1;
    const der = await createCrl({
      issuerCert: ca.certDer,
      issuerKey: signer.key,
      revoked,
      crlNumber,
      thisUpdate: now,
      nextUpdate,
      hash: ca.hash,
    });
    const record: CrlRecord = {
      id: ctx.newId(),
      caId,
      crlNumber,
      thisUpdate: now.toISOString(),
      nextUpdate: nextUpdate.toISOString(),
      der,
      rev: 1,
    };
    await ctx.db.commit({
      put: { cas: [{ ...ca, crlNumber, rev: ca.rev + 1 }] },
      add: { crls: [record] },
      expect: [{ store: 'cas', key: caId, rev: ca.rev }],
    });
    return { record, der, pem: encodePem('X509 CRL', der) };
  });
}
