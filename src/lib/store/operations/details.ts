/**
 * One stored certificate: its details (parsed, with CA, revocation and effective status), and its
 * files again (PEM, DER, chain, key, PKCS#12). Formats with the key need the vault unlocked; the
 * key is checked against the certificate and the chain against the CA first (signer.ts).
 */
import { createPkcs12, encodePem, parseCertificate, type CertificateSummary } from '../../pki/index.ts';
import type { StoreContext } from '../context.ts';
import { getCertificate, getRevocation, getSettings } from '../repositories.ts';
import type { CaRecord, CertificateRecord, RevocationRecord } from '../schema.ts';
import { effectiveStatus, type EffectiveStatus } from './list.ts';
import { issuerCertificateOf, openCertificateKey } from './signer.ts';

export interface CertificateDetails {
  record: CertificateRecord;
  summary: CertificateSummary;
  ca: CaRecord | null;
  revocation: RevocationRecord | null;
  status: EffectiveStatus;
  /** The certificate this one renewed (now superseded by it), when it is still in the store. */
  renewedFrom: { id: string; serialHex: string; notAfter: string } | null;
}

export async function getCertificateDetails(ctx: StoreContext, id: string): Promise<CertificateDetails> {
  const record = await getCertificate(ctx.db, id);
  const within = (await getSettings(ctx.db)).defaults.reminderDaysBefore;
  return {
    record,
    summary: parseCertificate(record.der),
    ca: record.caId ? ((await ctx.db.get('cas', record.caId)) ?? null) : null,
    revocation: (await getRevocation(ctx.db, id)) ?? null,
    status: effectiveStatus(record, ctx.clock.now(), within),
    renewedFrom: await predecessorOf(ctx, record),
  };
}

async function predecessorOf(ctx: StoreContext, record: CertificateRecord): Promise<CertificateDetails['renewedFrom']> {
  const old = record.renewedFrom ? await ctx.db.get('certificates', record.renewedFrom) : undefined;
  return old ? { id: old.id, serialHex: old.serialHex, notAfter: old.notAfter } : null;
}

export type ExportFormat =
  | { kind: 'pem' }
  | { kind: 'der' }
  /** Leaf then CA: MailRoot/server.cert (XMail 1.27 reads the chain file). */
  | { kind: 'chain-pem' }
  /** Unencrypted PKCS#8 PEM: MailRoot/server.key (XMail has no passphrase callback). */
  | { kind: 'key-pem' }
  | { kind: 'pkcs12'; profile: 'compatible' | 'modern'; password: string };

export interface ExportedFile {
  filename: string;
  mediaType: string;
  bytes: Uint8Array;
}

const text = (s: string) => new TextEncoder().encode(s);

function safeName(record: CertificateRecord): string {
  return (record.commonName || record.serialHex).replace(/[^A-Za-z0-9._@-]+/g, '_');
}

/** Downloads a stored certificate again; formats with the key need the vault unlocked. */
export async function exportCertificate(ctx: StoreContext, id: string, format: ExportFormat): Promise<ExportedFile> {
  const record = await getCertificate(ctx.db, id);
  const base = safeName(record);
  // Above the leaf: the issuing CA of this store, or what an outside CA returned with it.
  // Above the leaf, checked (issuerCertificateOf) only for the formats that carry it.
  const above = async () => {
    const issuer = await issuerCertificateOf(ctx, record);
    return issuer ? [issuer] : (record.chain ?? []);
  };
  switch (format.kind) {
    case 'pem':
      return { filename: `${base}.crt`, mediaType: 'application/x-pem-file', bytes: text(encodePem('CERTIFICATE', record.der)) };
    case 'der':
      return { filename: `${base}.cer`, mediaType: 'application/pkix-cert', bytes: record.der };
    case 'chain-pem': {
      const parts = [record.der, ...(await above())].map((der) => encodePem('CERTIFICATE', der));
      return { filename: 'server.cert', mediaType: 'application/x-pem-file', bytes: text(parts.join('')) };
    }
    case 'key-pem': {
      const key = await openCertificateKey(ctx, record);
      return { filename: 'server.key', mediaType: 'application/x-pem-file', bytes: text(encodePem('PRIVATE KEY', key.pkcs8)) };
    }
    case 'pkcs12': {
      const key = await openCertificateKey(ctx, record);
      const bytes = await createPkcs12({
        key: key.pkcs8,
        certificate: record.der,
        caCertificates: await above(),
        password: format.password,
        friendlyName: record.user?.email || record.commonName,
        profile: format.profile,
      });
      return { filename: `${base}.p12`, mediaType: 'application/x-pkcs12', bytes };
    }
  }
}
