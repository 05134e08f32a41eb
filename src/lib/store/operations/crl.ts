/**
 * CRLs: every revocation of a CA, signed by it (a retired CA still publishes CRLs for what it
 * issued), the CRL number up by one per CA in the same transaction as the CRL record.
 */
import { createCrl, encodePem, type RevokedEntry } from '../../pki/index.ts';
import { sortInTurns, type InTurnsOptions } from '../../sort-in-turns.ts';
import { DAY_MS, nextMacrotask } from '../../time.ts';
import type { StoreContext } from '../context.ts';
import { unchanged } from '../db.ts';
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

/** Entries mapped per turn. */
const TURN = 16_384;

/**
 * sortBySerial's order (the same records in the same order, ties kept in their order), in turns
 * (sort-in-turns.ts). One sort of 100,000 revocations was a 125 ms task on a quiet machine, several
 * times that under load (issue 15: no task over 200 ms in a CRL).
 */
export async function sortBySerialInTurns<T extends { serialHex: string }>(records: readonly T[], options: InTurnsOptions = {}): Promise<T[]> {
  const keyed = records.map((r) => ({ r, key: r.serialHex.toLowerCase() }));
  return (await sortInTurns(keyed, (a, b) => compareText(a.key, b.key), options)).map((e) => e.r);
}

/**
 * The CRL's entries of sorted revocations, a macrotask every TURN; revocations of the same moment
 * (revoke-all writes one time for all) share one Date, parsed once.
 */
async function revokedEntries(records: ReadonlyArray<{ serialHex: string; revokedAt: string; reason?: RevokedEntry['reason'] }>): Promise<RevokedEntry[]> {
  const dates = new Map<string, Date>();
  const out: RevokedEntry[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    if (i > 0 && i % TURN === 0) await nextMacrotask();
    const r = records[i]!;
    let at = dates.get(r.revokedAt);
    if (!at) {
      at = new Date(r.revokedAt);
      dates.set(r.revokedAt, at);
    }
    out[i] = { serialHex: r.serialHex, revokedAt: at, reason: r.reason };
  }
  return out;
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
    const revoked = await revokedEntries(await sortBySerialInTurns(await revocationsOfCa(ctx.db, caId)));
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
      expect: unchanged('cas', [ca]),
    });
    return { record, der, pem: encodePem('X509 CRL', der) };
  });
}
