/**
 * The leaked server key (the seed's "秘密鍵が流出した場合の対応"): its certificates revoked
 * (keyCompromise), a new key, each certificate re-issued with the same names by our CA or a new
 * CSR and a letter for an outside CA, and the steps on the server in order. One transaction.
 */
import { createCsr, generateKey, serializeCsrPem, type KeySpec, type PrivateKeyMaterial } from '../../pki/index.ts';
import { translate, type Lang } from '../../../i18n/translate.ts';
import type { StoreContext } from '../context.ts';
import { unchanged } from '../db.ts';
import { sealKey } from '../key-records.ts';
import { certificatesOfKey, getCa, getKey, getSettings } from '../repositories.ts';
import type { CertificateRecord, RevocationRecord } from '../schema.ts';
import type { IssuedCertificate } from './issue.ts';
import { revocationOf } from './revoke.ts';
import { defaultValidity, openSigner, signCertificate, withRetry, type Signer } from './signer.ts';

/**
 * The seed's steps after a leak, in order; the UI maps each code to ja/en text. The seed ends with
 * "restart XMail", but XMail needs none: it builds a fresh SSL_CTX and loads server.cert and
 * server.key into it for every TLS connection (SSLBind.cpp BSslBindServer -> BSslSetupVerify, called
 * per connection from SMTPSvr.cpp SMTPHandleCmd_STARTTLS, POP3Svr.cpp POP3HandleCmd_STLS and the
 * client threads of the SSL-only listeners, e.g. CTRLSvr.cpp CTRLClientThread). So the last step says
 * the next connection uses the new key; a restart only cuts connections already open.
 */
export const COMPROMISE_STEPS = [
  'backup-mailroot-files',
  'delete-server-key',
  'delete-server-cert',
  'install-new-key-and-cert',
  'next-connection-uses-new-key',
] as const;
export type CompromiseStep = (typeof COMPROMISE_STEPS)[number];

export interface CompromiseResult {
  revoked: RevocationRecord[];
  newKey: PrivateKeyMaterial;
  newKeyId: string;
  /** Re-issued by a CA of this store, same names, new key: what the bundle needs. */
  reissued: IssuedCertificate[];
  /** For certificates signed by an outside (public) CA: a new CSR and the text to send that CA. */
  requests: Array<{ replaces: CertificateRecord; csrPem: string; message: string }>;
  steps: readonly CompromiseStep[];
}

/**
 * The leaked server key: its certificates are revoked (keyCompromise), a new key is made, each
 * certificate is re-issued with the same names (our CA) or a CSR is prepared (outside CA). One
 * transaction for all of it.
 */
export async function handleKeyCompromise(
  ctx: StoreContext,
  keyId: string,
  options: { keySpec?: KeySpec; validityDays?: number } = {},
): Promise<CompromiseResult> {
  const leaked = await getKey(ctx.db, keyId);
  const live = (await certificatesOfKey(ctx.db, keyId)).filter((c) => c.status !== 'revoked' && !c.supersededBy);
  const spec = options.keySpec ?? leaked.spec;
  const newKey = await generateKey(spec);
  const newKeyRecord = await sealKey(ctx, newKey);
  const language = (await getSettings(ctx.db)).language;
  const signers = new Map<string, Signer>();
  return withRetry('key compromise', async () => {
    const now = ctx.clock.now();
    const reissued: IssuedCertificate[] = [];
    const requests: CompromiseResult['requests'] = [];
    for (const old of live) {
      if (old.caId) {
        const ca = await getCa(ctx.db, old.caId);
        if (ca.status !== 'active') continue;
        if (!signers.has(ca.id)) signers.set(ca.id, await openSigner(ctx, ca.id));
        const signer = signers.get(ca.id)!;
        const validityDays = options.validityDays ?? (await defaultValidity(ctx, old.profile));
        const record = await signCertificate(
          ctx,
          signer,
          { profile: old.profile, subject: old.subject, sans: old.sans, validityDays, user: old.user },
          newKey,
          newKeyRecord.id,
          { renewedFrom: old.id },
        );
        reissued.push({ record, key: newKey, caCertificate: signer.ca.certDer });
      } else {
        const csr = await createCsr({ key: newKey, subject: old.subject, sans: old.sans, profile: old.profile });
        const csrPem = serializeCsrPem(csr);
        requests.push({ replaces: old, csrPem, message: reissueRequestText(language, old, csrPem) });
      }
    }
    const current = await certificatesOfKey(ctx.db, keyId);
    const toRevoke = current.filter((c) => c.status !== 'revoked');
    const revoked = toRevoke.map((c) => revocationOf(c, 'keyCompromise', now));
    const replacedBy = new Map(reissued.map((r) => [r.record.renewedFrom!, r.record.id]));
    const currentLeaked = await getKey(ctx.db, keyId);
    await ctx.vault.commitSealed({
      add: { keys: [newKeyRecord], certificates: reissued.map((r) => r.record), revocations: revoked },
      put: {
        certificates: toRevoke.map((c) => ({
          ...c,
          status: 'revoked' as const,
          ...(replacedBy.has(c.id) ? { supersededBy: replacedBy.get(c.id)! } : {}),
          rev: c.rev + 1,
        })),
        keys: [{ ...currentLeaked, compromisedAt: now.toISOString(), rev: currentLeaked.rev + 1 }],
      },
      expect: [...unchanged('keys', [currentLeaked]), ...unchanged('certificates', toRevoke)],
    });
    return { revoked, newKey, newKeyId: newKeyRecord.id, reissued, requests, steps: COMPROMISE_STEPS };
  });
}

/** The letter to an outside CA: a new CSR for the same names, and revocation of the old serial (text: src/i18n/downloads/hand-over.ts). */
export function reissueRequestText(lang: Lang, old: CertificateRecord, csrPem: string): string {
  const names = old.sans.map((s) => s.value).join(', ') || old.commonName;
  const lines = [
    translate(lang, 'letter.title'),
    '',
    translate(lang, 'letter.names', { names }),
    translate(lang, 'letter.serial', { serial: old.serialHex.toUpperCase() }),
    translate(lang, 'letter.issuer', { issuer: old.issuerText }),
    '',
    translate(lang, 'letter.body'),
    '',
    csrPem.trimEnd(),
  ];
  return lines.join('\n') + '\n';
}
