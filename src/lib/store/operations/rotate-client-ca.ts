/**
 * Rotation of the client-verification CA: XMail never checks CRLs (xmail-tls.md), so the way to
 * lock out a client certificate is to stop trusting its CA. A new CA, every still-valid client
 * certificate re-issued under it with a new key, the old CA retired; one transaction.
 */
import { generateKey, parseCertificate, type DistinguishedName, type KeySpec } from '../../pki/index.ts';
import type { StoreContext } from '../context.ts';
import { unchanged } from '../db.ts';
import { StoreError } from '../errors.ts';
import { sealKey } from '../key-records.ts';
import { getCa, getKey, getSettings } from '../repositories.ts';
import type { CaRecord, CertificateRecord, KeyRecord } from '../schema.ts';
import { prepareCa } from './cas.ts';
import type { IssuedCertificate } from './issue.ts';
import { effectiveStatus } from './list.ts';
import { defaultValidity, signCertificate, type Signer } from './signer.ts';

export interface RotateClientCaOptions {
  /** Default: the old CA's subject with today's date added to its CN. */
  subject?: DistinguishedName;
  name?: string;
  caKeySpec?: KeySpec;
  caValidityDays?: number;
  clientKeySpec?: KeySpec;
  clientValidityDays?: number;
}

export interface RotationResult {
  newCa: CaRecord;
  retiredCa: CaRecord;
  reissued: Array<IssuedCertificate & { replaces: CertificateRecord }>;
  /** Not carried over: revoked, expired or already superseded certificates of the old CA. */
  skipped: Array<{ record: CertificateRecord; reason: 'revoked' | 'expired' }>;
  /** Users who must install their new PKCS#12. */
  usersToNotify: Array<{ name: string; email: string; certificateId: string }>;
  /** Every active client-verification CA after the rotation: the new certs.pem and certs/. */
  trustedCaCertificates: Uint8Array[];
}

/**
 * XMail never checks CRLs (xmail-tls.md), so the way to lock out a client certificate is to stop
 * trusting its CA: a new CA, every still-valid client certificate re-issued under it with a new
 * key, the old CA retired. One transaction.
 */
export async function rotateClientCa(ctx: StoreContext, caId: string, options: RotateClientCaOptions = {}): Promise<RotationResult> {
  const old = await getCa(ctx.db, caId);
  if (old.purpose !== 'client-verify') throw new StoreError('WRONG_PURPOSE', `rotate ${old.name}: expected a client-verification CA, found purpose ${old.purpose}`);
  if (old.status !== 'active') throw new StoreError('CA_RETIRED', `rotate ${old.name}: already retired`);
  const now = ctx.clock.now();
  const oldSummary = parseCertificate(old.certDer);
  const oldKeySpec = (await getKey(ctx.db, old.keyId)).spec;
  const date = now.toISOString().slice(0, 10);
  const subject =
    options.subject ??
    (oldSummary.subject.some((a) => a.type === 'CN')
      ? oldSummary.subject.map((a) => (a.type === 'CN' ? { ...a, value: `${a.value.replace(/ \d{4}-\d{2}-\d{2}$/, '')} ${date}` } : a))
      : [...oldSummary.subject, { type: 'CN', value: `${old.name} ${date}` }]);
  const prepared = await prepareCa(ctx, {
    name: options.name ?? `${old.name.replace(/ \d{4}-\d{2}-\d{2}$/, '')} ${date}`,
    purpose: 'client-verify',
    subject,
    keySpec: options.caKeySpec ?? oldKeySpec,
    validityDays: options.caValidityDays,
    hash: old.hash,
  });
  const newSigner: Signer = { ca: prepared.ca, key: prepared.material };

  const within = (await getSettings(ctx.db)).defaults.reminderDaysBefore;
  const clientValidity = await defaultValidity(ctx, 'client', options.clientValidityDays);
  const all = (await ctx.db.getAllFromIndex('certificates', 'caId', caId)).filter((c) => !c.supersededBy);
  const skipped: RotationResult['skipped'] = [];
  const carried: CertificateRecord[] = [];
  for (const c of all) {
    const status = effectiveStatus(c, now, within);
    if (status === 'revoked' || status === 'expired') skipped.push({ record: c, reason: status });
    else if (c.profile === 'client') carried.push(c);
  }
  const newKeys: KeyRecord[] = [];
  const reissued: RotationResult['reissued'] = [];
  for (const c of carried) {
    const spec = options.clientKeySpec ?? (c.keyId ? (await getKey(ctx.db, c.keyId)).spec : (await getSettings(ctx.db)).defaults.keySpec);
    const key = await generateKey(spec);
    const keyRecord = await sealKey(ctx, key);
    newKeys.push(keyRecord);
    const record = await signCertificate(
      ctx,
      newSigner,
      { profile: 'client', subject: c.subject, sans: c.sans, validityDays: clientValidity, user: c.user },
      key,
      keyRecord.id,
      { renewedFrom: c.id },
    );
    reissued.push({ record, key, caCertificate: prepared.ca.certDer, replaces: c });
  }
  const current = await getCa(ctx.db, caId);
  await ctx.vault.checkCa(current);
  const retiredCa = await ctx.vault.sealCa({ ...current, status: 'retired', retiredAt: now.toISOString(), replacedBy: prepared.ca.id, rev: current.rev + 1 });
  // New serials under a brand-new CA cannot collide with another tab; a changed old CA or
  // client certificate (another tab revoked one meanwhile) aborts with DB_CONFLICT.
  await ctx.vault.commitSealed({
    add: { cas: [prepared.ca], keys: [prepared.key, ...newKeys], certificates: reissued.map((r) => r.record) },
    put: {
      cas: [retiredCa],
      certificates: carried.map((c) => ({ ...c, supersededBy: reissued.find((r) => r.replaces.id === c.id)!.record.id, rev: c.rev + 1 })),
    },
    expect: [...unchanged('cas', [current]), ...unchanged('certificates', carried)],
  });
  const trusted = (await ctx.db.getAll('cas')).filter((c) => c.purpose === 'client-verify' && c.status === 'active');
  // These become certs.pem, what XMail trusts for client certificates: each must be as this page left it.
  for (const c of trusted) await ctx.vault.checkCa(c);
  return {
    newCa: prepared.ca,
    retiredCa,
    reissued,
    skipped,
    usersToNotify: reissued.map((r) => ({
      name: r.record.user?.name ?? r.record.commonName,
      email: r.record.user?.email ?? r.record.sans.find((s) => s.type === 'email')?.value ?? '',
      certificateId: r.record.id,
    })),
    trustedCaCertificates: trusted.map((c) => c.certDer),
  };
}
