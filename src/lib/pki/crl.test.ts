import { beforeAll, describe, expect, it } from 'vitest';
import { createRootCa } from './cert.ts';
import { createCrl, decodeCrl, parseCrl, verifyCrl, type RevocationReason } from './crl.ts';
import { isPkiError } from './errors.ts';
import { generateKey } from './keys.ts';
import { toHex } from './pem.ts';
import type { PrivateKeyMaterial } from './types.ts';

let key: PrivateKeyMaterial;
let ca: Uint8Array;
beforeAll(async () => {
  key = await generateKey({ kind: 'EC', curve: 'P-256' });
  ca = await createRootCa({ key, subject: [{ type: 'CN', value: 'CRL CA' }] });
});

describe('CRL v2', () => {
  it('round-trips entries, reasons, number and dates, and verifies', async () => {
    const revoked = [
      { serialHex: '7f01020304050607080910111213141f', revokedAt: new Date('2026-01-02T03:04:05Z'), reason: 'keyCompromise' as RevocationReason },
      { serialHex: '0a', revokedAt: new Date('2026-01-03T00:00:00Z'), reason: 'cessationOfOperation' as RevocationReason },
      { serialHex: 'ff00', revokedAt: new Date('2026-01-04T00:00:00Z') },
    ];
    const thisUpdate = new Date('2026-02-01T00:00:00Z');
    const nextUpdate = new Date('2026-03-01T00:00:00Z');
    const der = await createCrl({ issuerCert: ca, issuerKey: key, revoked, crlNumber: 300n, thisUpdate, nextUpdate });
    const s = parseCrl(der);
    expect(s.issuerText).toBe('CN=CRL CA');
    expect(s.crlNumber).toBe(300n);
    expect(s.thisUpdate).toEqual(thisUpdate);
    expect(s.nextUpdate).toEqual(nextUpdate);
    expect(s.entries).toEqual([
      { serialHex: '7f01020304050607080910111213141f', revokedAt: revoked[0]!.revokedAt, reason: 'keyCompromise' },
      { serialHex: '0a', revokedAt: revoked[1]!.revokedAt, reason: 'cessationOfOperation' },
      { serialHex: 'ff00', revokedAt: revoked[2]!.revokedAt, reason: undefined },
    ]);
    expect(s.extensions.map((e) => e.name)).toEqual(['authorityKeyIdentifier', 'cRLNumber']);
    expect(s.signatureHash).toBe('SHA-256');
    expect(await verifyCrl(der, ca)).toBe(true);
    const other = await createRootCa({ key: await generateKey({ kind: 'EC', curve: 'P-256' }), subject: [{ type: 'CN', value: 'CRL CA' }] });
    expect(await verifyCrl(der, other)).toBe(false);
  });

  it('writes the TBS pkijs would write for the same fields (the revoked list is hand-written DER)', async () => {
    const revoked = Array.from({ length: 300 }, (_, i) => ({ serialHex: (0xf00000 + i).toString(16), revokedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), reason: i % 2 ? ('superseded' as RevocationReason) : undefined }));
    const der = await createCrl({ issuerCert: ca, issuerKey: key, revoked, crlNumber: 9, nextUpdate: new Date(Date.now() + 86_400_000) });
    const crl = decodeCrl(der);
    const reencoded = crl.toSchema(true).valueBlock.value[0]!; // toSchema(true) runs pkijs's encodeTBS()
    expect(toHex(new Uint8Array(reencoded.toBER(false)))).toBe(toHex(crl.tbsView));
    expect(crl.revokedCertificates).toHaveLength(300);
    expect(await verifyCrl(der, ca)).toBe(true);
  });

  it('omits the revoked list when empty', async () => {
    const der = await createCrl({ issuerCert: ca, issuerKey: key, revoked: [], crlNumber: 1, nextUpdate: new Date(Date.now() + 86_400_000) });
    expect(parseCrl(der).entries).toEqual([]);
  });

  it.each([
    ['nextUpdate before thisUpdate', { nextUpdate: new Date(0) }, 'PROFILE_INVALID'],
    ['negative CRL number', { crlNumber: -1 }, 'PROFILE_INVALID'],
  ] as const)('refuses %s', async (_n, patch, code) => {
    expect.hasAssertions();
    await expect(createCrl({ issuerCert: ca, issuerKey: key, revoked: [], crlNumber: 1, nextUpdate: new Date(Date.now() + 1e8), ...patch }))
      .rejects.toSatisfy((e) => isPkiError(e, code));
  });
});
