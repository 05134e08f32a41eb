/**
 * Exports a CA as an OpenSSL CA directory, so a user who outgrows the page goes on with
 * `openssl ca` (the layout of openssl's demoCA and easy-rsa):
 *   ca.crt, private/ca.key (EncryptedPrivateKeyInfo PEM under a password the user gives),
 *   index.txt (+ index.txt.attr), serial, crlnumber, newcerts/SERIAL.pem, crl.pem, openssl.cnf.
 * index.txt follows apps/lib/apps.c and apps/ca.c of OpenSSL 3: six TAB-separated fields
 * (status, expiry, revocation[,reason], serial as upper-case hex, "unknown", subject one-line).
 */
import { encodePem, encryptPrivateKey, parseCertificate, type DistinguishedName } from '../pki/index.ts';
import type { StoreContext } from './context.ts';
import { StoreError } from './errors.ts';
import { issueCrl, openCaKey } from './operations/index.ts';
import { compareText } from './order.ts';
import { certificatesOfCa, getCa, revocationsOfCa } from './repositories.ts';
import type { RevocationReason } from './schema.ts';

export interface ExportedCaFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * The reason as `openssl ca` reads it in index.txt. Its crl_reasons table (apps/ca.c) spells RFC
 * 5280's names alike but one (CACompromise) and has no privilegeWithdrawn or aACompromise: such an
 * entry is written without a reason.
 */
export function opensslReason(reason: RevocationReason): string | undefined {
  if (reason === 'cACompromise') return 'CACompromise';
  return reason === 'privilegeWithdrawn' || reason === 'aACompromise' ? undefined : reason;
}

/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), as OpenSSL writes them. */
export function formatOpenSslTime(d: Date): string {
  const iso = d.toISOString();
  const compact = iso.slice(0, 19).replace(/[-T:]/g, '');
  return d.getUTCFullYear() < 2050 ? `${compact.slice(2)}Z` : `${compact}Z`;
}

/** X509_NAME_oneline form: "/C=JP/O=Example/CN=name". */
export function formatOneLineName(name: DistinguishedName): string {
  return name.map((a) => `/${a.type}=${a.value}`).join('');
}

function upperSerial(hex: string): string {
  const h = hex.toUpperCase();
  return h.length % 2 ? `0${h}` : h;
}

function hexNumber(n: number): string {
  const h = n.toString(16).toUpperCase();
  return h.length % 2 ? `0${h}` : h;
}

/** openssl.cnf sections as data; serialized once, values never concatenated by hand. */
type ConfigSections = Array<[section: string, entries: Array<[key: string, value: string]>]>;

export function serializeOpenSslConfig(sections: ConfigSections): string {
  return sections.map(([name, entries]) => [`[ ${name} ]`, ...entries.map(([k, v]) => `${k} = ${v}`)].join('\n')).join('\n\n') + '\n';
}

export function caDirectoryConfig(hash: string): string {
  const md = hash.replace('-', '').toLowerCase();
  return serializeOpenSslConfig([
    ['ca', [['default_ca', 'CA_default']]],
    [
      'CA_default',
      [
        ['dir', '.'],
        ['database', '$dir/index.txt'],
        ['new_certs_dir', '$dir/newcerts'],
        ['certificate', '$dir/ca.crt'],
        ['private_key', '$dir/private/ca.key'],
        ['serial', '$dir/serial'],
        ['crlnumber', '$dir/crlnumber'],
        ['crl', '$dir/crl.pem'],
        ['default_md', md],
        ['default_days', '397'],
        ['default_crl_days', '30'],
        ['policy', 'policy_any'],
        ['unique_subject', 'no'],
        ['copy_extensions', 'copy'],
      ],
    ],
    [
      'policy_any',
      [
        ['commonName', 'supplied'],
        ['countryName', 'optional'],
        ['organizationName', 'optional'],
        ['emailAddress', 'optional'],
      ],
    ],
  ]);
}

export interface OpenSslExportOptions {
  /** Password for private/ca.key (the user types it; never the vault passphrase by default). */
  keyPassword: string;
  /** PBKDF2 iterations for private/ca.key (default pki's 600000). */
  iterations?: number;
}

/**
 * Builds the directory (a list of files for the bundle's zip writer).
 */
export async function exportOpenSslCa(ctx: StoreContext, caId: string, options: OpenSslExportOptions): Promise<ExportedCaFile[]> {
  if (!options.keyPassword) throw new StoreError('INVALID_ARGUMENT', 'OpenSSL export: expected a password for private/ca.key');
  const ca = await getCa(ctx.db, caId);
  const key = await openCaKey(ctx, ca);
  const revocations = await revocationsOfCa(ctx.db, caId);
  // A fresh CRL, so crl.pem lists every revocation; like `openssl ca -gencrl` it raises the number.
  const crl = await issueCrl(ctx, caId);
  const certs = (await certificatesOfCa(ctx.db, caId)).sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.serialHex, b.serialHex));
  const revokedById = new Map(revocations.map((r) => [r.id, r]));
  const index: string[] = [];
  const files: ExportedCaFile[] = [];
  const enc = (s: string) => new TextEncoder().encode(s);
  for (const c of certs) {
    const summary = parseCertificate(c.der);
    const r = revokedById.get(c.id);
    const serial = upperSerial(c.serialHex);
    const reason = r ? opensslReason(r.reason) : undefined;
    const revField = r ? `${formatOpenSslTime(new Date(r.revokedAt))}${reason && reason !== 'unspecified' ? `,${reason}` : ''}` : '';
    index.push([r ? 'R' : 'V', formatOpenSslTime(summary.notAfter), revField, serial, 'unknown', formatOneLineName(summary.subject)].join('\t'));
    files.push({ path: `newcerts/${serial}.pem`, bytes: enc(encodePem('CERTIFICATE', c.der)) });
  }
  const encryptedKey = await encryptPrivateKey(key.pkcs8, options.keyPassword, { iterations: options.iterations });
  // The next serial: random (16 bytes, positive) like every serial the page writes.
  const nextSerial = upperSerial(ctx.newSerialHex());
  return [
    { path: 'ca.crt', bytes: enc(encodePem('CERTIFICATE', ca.certDer)) },
    { path: 'private/ca.key', bytes: enc(encodePem('ENCRYPTED PRIVATE KEY', encryptedKey)) },
    { path: 'index.txt', bytes: enc(index.map((l) => `${l}\n`).join('')) },
    // Renewed certificates keep their subject: without this `openssl ca` refuses to sign them.
    { path: 'index.txt.attr', bytes: enc('unique_subject = no\n') },
    { path: 'serial', bytes: enc(`${nextSerial}\n`) },
    { path: 'crlnumber', bytes: enc(`${hexNumber(crl.record.crlNumber + 1)}\n`) },
    ...files,
    { path: 'crl.pem', bytes: enc(crl.pem) },
    { path: 'openssl.cnf', bytes: enc(caDirectoryConfig(ca.hash)) },
  ];
}
