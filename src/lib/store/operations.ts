/**
 * The certificate-management operations behind the seed's "証明書の管理" and "秘密鍵が流出した
 *場合の対応" (issue 4): create/import CAs, issue, list, export, renew, revoke, CRLs, key
 * compromise, rotation of the client-verification CA.
 * Invariants:
 *  - Each operation does all its crypto first (key generation, signing, key encryption), then
 *    writes everything in ONE db.commit: a tab closed midway leaves the store before or after.
 *  - A serial collision with another tab (unique [caId, serialHex]) is retried with a new serial;
 *    a stale read (DB_CONFLICT, e.g. two tabs issuing a CRL) is retried from a fresh read.
 *  - Plaintext private keys exist only in memory and in what an operation returns for a download.
 */
import {
  createCrl,
  createCsr,
  createPkcs12,
  createRootCa,
  encodePem,
  generateKey,
  createCertificate,
  keyMatchesSpki,
  parseCertificate,
  parsePrivateKey,
  privateKeyFromPkcs8,
  serializeCsrPem,
  toHex,
  verifyCertificateSignature,
  type CertificateSummary,
  type DistinguishedName,
  type HashName,
  type KeySpec,
  type PrivateKeyMaterial,
  type RevocationReason,
  type SanEntry,
} from '../pki/index.ts';
import { serializeExpiryCalendar, type CalendarEntry } from './calendar.ts';
import { sealKey } from './key-records.ts';
import type { StoreContext } from './context.ts';
import type { Changeset } from './db.ts';
import { StoreError, isStoreError } from './errors.ts';
import {
  certificatesOfKey,
  getCa,
  getCertificate,
  getKey,
  getRevocation,
  getSettings,
  revocationsOfCa,
} from './repositories.ts';
import type {
  CaPurpose,
  CaRecord,
  CertificateRecord,
  CrlRecord,
  IssuedProfile,
  KeyRecord,
  RevocationRecord,
} from './schema.ts';

const DAY_MS = 86_400_000;
/** Bounded retries: collisions of 128-bit random serials or tab races are rare, never endless. */
const MAX_ATTEMPTS = 5;

// ---------------------------------------------------------------- keys

/**
 * Decrypts a stored key with the vault passphrase (the vault must be unlocked). The public key and
 * spec are derived from the decrypted key, never taken from the record: a record whose `spki` was
 * swapped (issue 12 item 4) cannot make another certificate look like this key's.
 */
export async function openKey(ctx: StoreContext, keyId: string): Promise<PrivateKeyMaterial> {
  const record = await getKey(ctx.db, keyId);
  const pkcs8 = await ctx.vault.decryptKey(record.encryptedPkcs8);
  return privateKeyFromPkcs8(pkcs8);
}

/** The CA's key, checked against the CA's certificate before it signs anything. */
export async function openCaKey(ctx: StoreContext, ca: CaRecord): Promise<PrivateKeyMaterial> {
  await ctx.vault.checkCa(ca);
  const key = await openKey(ctx, ca.keyId);
  if (!keyMatchesSpki(key, parseCertificate(ca.certDer).spki)) {
    throw new StoreError('CA_KEY_MISMATCH', `CA ${ca.name}: its stored certificate does not belong to its key (the store was changed outside this page?)`);
  }
  return key;
}

/**
 * The certificate of the CA that issued `record`, for a chain or a trust profile: the record must
 * verify under it, so a CA certificate swapped in the store never reaches a download.
 */
export async function issuerCertificateOf(ctx: StoreContext, record: CertificateRecord): Promise<Uint8Array | null> {
  if (!record.caId) return null;
  const ca = await getCa(ctx.db, record.caId);
  await ctx.vault.checkCa(ca);
  if (!(await verifyCertificateSignature(record.der, ca.certDer))) {
    throw new StoreError('CA_KEY_MISMATCH', `certificate ${record.commonName}: not signed by the stored certificate of CA ${ca.name} (the store was changed outside this page?)`);
  }
  return ca.certDer;
}

/** Writes `changes`, plus a freshly sealed key when there is one (then guarded by the vault revision). */
function commitWithKey(ctx: StoreContext, key: KeyRecord | null, changes: Changeset): Promise<void> {
  if (!key) return ctx.db.commit(changes);
  return ctx.vault.commitSealed({ ...changes, add: { ...changes.add, keys: [key] } });
}

async function withRetry<T>(step: string, attempt: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isStoreError(e, 'SERIAL_COLLISION') && !isStoreError(e, 'DB_CONFLICT')) throw e;
      last = e;
    }
  }
  throw new StoreError('DB_CONFLICT', `${step}: gave up after ${MAX_ATTEMPTS} attempts (serial collisions or other tabs writing)`, {
    cause: last,
  });
}

function commonNameOf(subject: DistinguishedName): string {
  return subject.find((a) => a.type === 'CN')?.value ?? '';
}

// ---------------------------------------------------------------- CAs

export interface CreateCaInput {
  name: string;
  purpose: CaPurpose;
  subject: DistinguishedName;
  keySpec: KeySpec;
  validityDays?: number;
  hash?: HashName;
}

function caRecordFrom(
  ctx: StoreContext,
  summary: CertificateSummary,
  input: { name: string; purpose: CaPurpose; hash: HashName; origin: CaRecord['origin'] },
  keyId: string,
): CaRecord {
  return {
    id: ctx.newId(),
    name: input.name,
    purpose: input.purpose,
    status: 'active',
    origin: input.origin,
    certDer: summary.der,
    keyId,
    subjectText: summary.subjectText,
    serialHex: summary.serialHex,
    notBefore: summary.notBefore.toISOString(),
    notAfter: summary.notAfter.toISOString(),
    hash: input.hash,
    crlNumber: 0,
    createdAt: ctx.clock.now().toISOString(),
    rev: 1,
  };
}

function hashFor(spec: KeySpec, hash?: HashName): HashName {
  return hash ?? (spec.kind === 'EC' && spec.curve === 'P-384' ? 'SHA-384' : 'SHA-256');
}

async function prepareCa(
  ctx: StoreContext,
  input: CreateCaInput,
): Promise<{ ca: CaRecord; key: KeyRecord; material: PrivateKeyMaterial }> {
  ctx.vault.requirePassphrase('creating a CA');
  const material = await generateKey(input.keySpec);
  const hash = hashFor(input.keySpec, input.hash);
  const der = await createRootCa({
    key: material,
    subject: input.subject,
    validityDays: input.validityDays,
    hash,
    now: ctx.clock.now(),
  });
  const key = await sealKey(ctx, material);
  const ca = await ctx.vault.sealCa(caRecordFrom(ctx, parseCertificate(der), { ...input, hash, origin: 'created' }, key.id));
  return { ca, key, material };
}

export async function createCa(ctx: StoreContext, input: CreateCaInput): Promise<CaRecord> {
  const { ca, key } = await prepareCa(ctx, input);
  await ctx.vault.commitSealed({ add: { cas: [ca], keys: [key] } });
  return ca;
}

export interface ImportCaInput {
  name: string;
  purpose: CaPurpose;
  /** PEM or DER certificate, as XMailCFG or easy-rsa (pki/ca.crt) leave it. */
  certificate: string | Uint8Array;
  /** PEM key (PKCS#1, PKCS#8, SEC1 or encrypted), as easy-rsa's pki/private/ca.key. */
  key: string | Uint8Array;
  keyPassword?: string;
}

/** Imports an existing CA; refuses a certificate that is not a CA or does not match the key. */
export async function importCa(ctx: StoreContext, input: ImportCaInput): Promise<CaRecord> {
  ctx.vault.requirePassphrase('importing a CA');
  const summary = parseCertificate(input.certificate);
  if (!summary.isCa) {
    throw new StoreError('CA_NOT_A_CA', `import CA: expected a certificate with basicConstraints CA:TRUE, found ${summary.subjectText}`);
  }
  const material = await parsePrivateKey(input.key, input.keyPassword);
  if (toHex(material.spki) !== toHex(summary.spki)) {
    throw new StoreError('CA_KEY_MISMATCH', `import CA: the key does not belong to the certificate ${summary.subjectText}`);
  }
  const key = await sealKey(ctx, material);
  const hash: HashName = summary.signatureHash === 'SHA-1' || summary.signatureHash === 'SHA-384' ? summary.signatureHash : 'SHA-256';
  const ca = await ctx.vault.sealCa(caRecordFrom(ctx, summary, { name: input.name, purpose: input.purpose, hash, origin: 'imported' }, key.id));
  await ctx.vault.commitSealed({ add: { cas: [ca], keys: [key] } });
  return ca;
}

// ---------------------------------------------------------------- issue

export interface IssueInput {
  caId: string;
  profile: IssuedProfile;
  subject: DistinguishedName;
  sans: SanEntry[];
  /** A new key of this spec (default: settings.defaults.keySpec) ... */
  keySpec?: KeySpec;
  /** ... or reuse a key already in the vault. */
  keyId?: string;
  validityDays?: number;
  user?: { name: string; email: string };
}

export interface IssuedCertificate {
  record: CertificateRecord;
  /** Plaintext key for the download being built; never stored like this. */
  key: PrivateKeyMaterial;
  /** The issuing CA's certificate (chain for server.cert, PKCS#12 CA bag). */
  caCertificate: Uint8Array;
}

interface Signer {
  ca: CaRecord;
  key: PrivateKeyMaterial;
}

async function openSigner(ctx: StoreContext, caId: string): Promise<Signer> {
  const ca = await getCa(ctx.db, caId);
  if (ca.status !== 'active') throw new StoreError('CA_RETIRED', `CA ${ca.name}: retired, it issues nothing any more`);
  return { ca, key: await openCaKey(ctx, ca) };
}

async function signCertificate(
  ctx: StoreContext,
  signer: Signer,
  spec: Omit<IssueInput, 'caId' | 'keySpec' | 'keyId'> & { validityDays: number },
  key: PrivateKeyMaterial,
  keyId: string,
  extra: Partial<CertificateRecord> = {},
): Promise<CertificateRecord> {
  const der = await createCertificate({
    issuerCert: signer.ca.certDer,
    issuerKey: signer.key,
    profile: spec.profile,
    subject: spec.subject,
    sans: spec.sans,
    spki: key.spki,
    validityDays: spec.validityDays,
    hash: signer.ca.hash,
    serialHex: ctx.newSerialHex(),
    now: ctx.clock.now(),
  });
  const summary = parseCertificate(der);
  return {
    id: ctx.newId(),
    caId: signer.ca.id,
    issuerText: summary.issuerText,
    serialHex: summary.serialHex,
    profile: spec.profile,
    subject: spec.subject,
    subjectText: summary.subjectText,
    commonName: commonNameOf(spec.subject),
    sans: spec.sans,
    notBefore: summary.notBefore.toISOString(),
    notAfter: summary.notAfter.toISOString(),
    status: 'valid',
    keyId,
    der,
    ...(spec.user ? { user: spec.user } : {}),
    createdAt: ctx.clock.now().toISOString(),
    rev: 1,
    ...extra,
  };
}

async function defaultValidity(ctx: StoreContext, profile: IssuedProfile, days?: number): Promise<number> {
  if (days !== undefined) return days;
  const s = await getSettings(ctx.db);
  return profile === 'server' ? s.defaults.serverValidityDays : s.defaults.clientValidityDays;
}

async function keyFor(ctx: StoreContext, input: { keySpec?: KeySpec; keyId?: string }): Promise<{ key: PrivateKeyMaterial; record: KeyRecord | null; keyId: string }> {
  if (input.keyId) return { key: await openKey(ctx, input.keyId), record: null, keyId: input.keyId };
  const spec = input.keySpec ?? (await getSettings(ctx.db)).defaults.keySpec;
  const key = await generateKey(spec);
  const record = await sealKey(ctx, key);
  return { key, record, keyId: record.id };
}

/** Issues a server or client certificate under a CA of the store; one transaction. */
export async function issueCertificate(ctx: StoreContext, input: IssueInput): Promise<IssuedCertificate> {
  const signer = await openSigner(ctx, input.caId);
  const validityDays = await defaultValidity(ctx, input.profile, input.validityDays);
  const { key, record: keyRecord, keyId } = await keyFor(ctx, input);
  return withRetry('issue certificate', async () => {
    const record = await signCertificate(ctx, signer, { ...input, validityDays }, key, keyId);
    await commitWithKey(ctx, keyRecord, { add: { certificates: [record] } });
    return { record, key, caCertificate: signer.ca.certDer };
  });
}

// ---------------------------------------------------------------- list, details, export

export type EffectiveStatus = 'valid' | 'expiring' | 'expired' | 'revoked';
export interface CertificateFilter {
  /** 'valid' includes 'expiring'. */
  status?: 'all' | 'valid' | 'expiring' | 'expired' | 'revoked';
  /** Window for 'expiring' (default settings.defaults.reminderDaysBefore). */
  withinDays?: number;
  /** Case-insensitive match on names, SANs, serial, user, issuer. */
  text?: string;
  caId?: string;
  profile?: IssuedProfile;
  /** Certificates replaced by a renewal are hidden unless asked for. */
  includeSuperseded?: boolean;
}
export interface CertificateListItem {
  record: CertificateRecord;
  status: EffectiveStatus;
  daysLeft: number;
}

export function effectiveStatus(record: CertificateRecord, now: Date, withinDays: number): EffectiveStatus {
  return statusAt(record.status === 'revoked', Date.parse(record.notAfter), now.getTime(), withinDays);
}

/** effectiveStatus from numbers parsed once: a list re-filtered per keystroke parses no dates. */
export function statusAt(revoked: boolean, notAfterMs: number, nowMs: number, withinDays: number): EffectiveStatus {
  if (revoked) return 'revoked';
  const left = notAfterMs - nowMs;
  if (left <= 0) return 'expired';
  return left <= withinDays * DAY_MS ? 'expiring' : 'valid';
}

/** The status filter: "valid" includes the expiring ones. */
export function statusMatches(status: EffectiveStatus, wanted: NonNullable<CertificateFilter['status']>): boolean {
  if (wanted === 'all') return true;
  if (wanted === 'valid') return status === 'valid' || status === 'expiring';
  return status === wanted;
}

export async function listCertificates(ctx: StoreContext, filter: CertificateFilter = {}): Promise<CertificateListItem[]> {
  const now = ctx.clock.now();
  const within = filter.withinDays ?? (await getSettings(ctx.db)).defaults.reminderDaysBefore;
  const needle = filter.text?.trim().toLowerCase() ?? '';
  const records = filter.caId ? await ctx.db.getAllFromIndex('certificates', 'caId', filter.caId) : await ctx.db.getAll('certificates');
  const items: CertificateListItem[] = [];
  for (const record of records) {
    if (filter.profile && record.profile !== filter.profile) continue;
    if (record.supersededBy && !filter.includeSuperseded) continue;
    const notAfterMs = Date.parse(record.notAfter);
    const status = statusAt(record.status === 'revoked', notAfterMs, now.getTime(), within);
    if (!statusMatches(status, filter.status ?? 'all')) continue;
    if (needle && !certificateSearchText(record).includes(needle)) continue;
    items.push({ record, status, daysLeft: Math.floor((notAfterMs - now.getTime()) / DAY_MS) });
  }
  // Same-format ISO strings and ids: a code-unit comparison, no ICU collation per comparison.
  return items.sort((a, b) => compareText(a.record.notAfter, b.record.notAfter) || compareText(a.record.id, b.record.id));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the text filter matches, lower-cased: names, subject, issuer, serial, SANs, user. */
export function certificateSearchText(r: CertificateRecord): string {
  return [r.commonName, r.subjectText, r.issuerText, r.serialHex, ...r.sans.map((s) => s.value), r.user?.name ?? '', r.user?.email ?? '']
    .join('\n')
    .toLowerCase();
}

export interface CertificateDetails {
  record: CertificateRecord;
  summary: CertificateSummary;
  ca: CaRecord | null;
  revocation: RevocationRecord | null;
  status: EffectiveStatus;
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
  };
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
      const key = await requireKey(ctx, record);
      return { filename: 'server.key', mediaType: 'application/x-pem-file', bytes: text(encodePem('PRIVATE KEY', key.pkcs8)) };
    }
    case 'pkcs12': {
      const key = await requireKey(ctx, record);
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

async function requireKey(ctx: StoreContext, record: CertificateRecord): Promise<PrivateKeyMaterial> {
  if (!record.keyId) throw new StoreError('CERT_NO_KEY', `certificate ${record.commonName}: its private key is not in the vault`);
  const key = await openKey(ctx, record.keyId);
  if (!keyMatchesSpki(key, parseCertificate(record.der).spki)) {
    throw new StoreError('CERT_KEY_MISMATCH', `certificate ${record.commonName}: its stored key does not belong to it (the store was changed outside this page?)`);
  }
  return key;
}

// ---------------------------------------------------------------- renew

export interface RenewOptions {
  /** Keep the current key (default: a new key of the same spec). */
  reuseKey?: boolean;
  validityDays?: number;
}

/** A new certificate with the same names; the old one is marked superseded (still valid until it expires). */
export async function renewCertificate(ctx: StoreContext, id: string, options: RenewOptions = {}): Promise<IssuedCertificate> {
  const old = await getCertificate(ctx.db, id);
  if (!old.caId) throw new StoreError('CERT_NOT_RENEWABLE', `renew ${old.commonName}: signed by an outside CA; send a new CSR instead`);
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
      expect: [{ store: 'certificates', key: id, rev: current.rev }],
    });
    return { record, key, caCertificate: signer.ca.certDer };
  });
}

// ---------------------------------------------------------------- revoke

function revocationOf(cert: CertificateRecord, reason: RevocationReason, at: Date): RevocationRecord {
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
      expect: [{ store: 'certificates', key: id, rev: cert.rev }],
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
    const expected: Array<{ store: 'certificates'; key: string; rev: number }> = [];
    for (let i = 0; i < certs.length; i++) {
      if (i > 0 && i % REVOKE_CHUNK === 0) await nextMacrotask();
      const c = certs[i]!;
      put.push({ ...c, status: 'revoked', rev: c.rev + 1 });
      revocations.push(revocationOf(c, reason, at));
      expected.push({ store: 'certificates', key: c.id, rev: c.rev });
    }
    await ctx.db.commit({ put: { certificates: put }, add: { revocations }, expect: expected });
    return revocations;
  });
}

/** Records built per chunk in revokeAllWithKey: ~500 keeps each task well under 50 ms. */
const REVOKE_CHUNK = 500;

/**
 * A macrotask (a resolved promise would keep the task going): scheduler.yield where the browser
 * has it (Chromium 129+), setTimeout otherwise (Node, other browsers).
 */
function nextMacrotask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// ---------------------------------------------------------------- CRL

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
  const signer = await openSigner(ctx, caId).catch(async (e) => {
    // A retired CA still publishes CRLs for what it issued.
    if (!isStoreError(e, 'CA_RETIRED')) throw e;
    const ca = await getCa(ctx.db, caId);
    return { ca, key: await openCaKey(ctx, ca) };
  });
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

// ---------------------------------------------------------------- key compromise

/** The seed's steps after a leak, in order; the UI maps each code to ja/en text. */
export const COMPROMISE_STEPS = [
  'backup-mailroot-files',
  'delete-server-key',
  'delete-server-cert',
  'install-new-key-and-cert',
  'restart-xmail',
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
      expect: [
        { store: 'keys', key: keyId, rev: currentLeaked.rev },
        ...toRevoke.map((c) => ({ store: 'certificates' as const, key: c.id, rev: c.rev })),
      ],
    });
    return { revoked, newKey, newKeyId: newKeyRecord.id, reissued, requests, steps: COMPROMISE_STEPS };
  });
}

/** The letter to an outside CA: a new CSR for the same names, and revocation of the old serial. */
export function reissueRequestText(language: 'ja' | 'en', old: CertificateRecord, csrPem: string): string {
  const names = old.sans.map((s) => s.value).join(', ') || old.commonName;
  const lines =
    language === 'ja'
      ? [
          '証明書の再発行と失効のお願い',
          '',
          `対象の名前: ${names}`,
          `現在の証明書のシリアル番号: ${old.serialHex.toUpperCase()}`,
          `発行者: ${old.issuerText}`,
          '',
          'この証明書の秘密鍵が漏えいしました。上記の証明書を失効 (理由: keyCompromise) させ、',
          '次の証明書署名要求 (CSR) で同じ名前の証明書を再発行してください。',
          '',
          csrPem.trimEnd(),
        ]
      : [
          'Request: re-issue and revocation of a certificate',
          '',
          `Names: ${names}`,
          `Serial number of the current certificate: ${old.serialHex.toUpperCase()}`,
          `Issuer: ${old.issuerText}`,
          '',
          'The private key of this certificate has been compromised. Please revoke the certificate',
          'above (reason: keyCompromise) and issue a certificate for the same names from this CSR.',
          '',
          csrPem.trimEnd(),
        ];
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- rotate the client CA

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
    expect: [{ store: 'cas', key: caId, rev: current.rev }, ...carried.map((c) => ({ store: 'certificates' as const, key: c.id, rev: c.rev }))],
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

// ---------------------------------------------------------------- expiry calendar

/** The .ics of every certificate still in use (not revoked, not superseded, not expired) and every active CA. */
export async function exportExpiryCalendar(ctx: StoreContext, options: { reminderDaysBefore?: number } = {}): Promise<ExportedFile> {
  const settings = await getSettings(ctx.db);
  const now = ctx.clock.now();
  const certs = await listCertificates(ctx, { status: 'valid' });
  const cas = (await ctx.db.getAll('cas')).filter((c) => c.status === 'active' && Date.parse(c.notAfter) > now.getTime());
  const label = settings.language === 'ja' ? '証明書の期限' : 'Certificate expires';
  const entries: CalendarEntry[] = [
    ...certs.map(({ record: r }) => ({
      id: r.id,
      summary: `${label}: ${r.commonName || r.subjectText}`,
      description: `${r.profile} ${r.subjectText}\nserial ${r.serialHex.toUpperCase()}\n${r.issuerText}`,
      notAfter: new Date(r.notAfter),
    })),
    ...cas.map((c) => ({ id: c.id, summary: `${label}: CA ${c.name}`, description: c.subjectText, notAfter: new Date(c.notAfter) })),
  ];
  const body = serializeExpiryCalendar(entries, { reminderDaysBefore: options.reminderDaysBefore ?? settings.defaults.reminderDaysBefore, now });
  return { filename: 'certificate-expiry.ics', mediaType: 'text/calendar', bytes: new TextEncoder().encode(body) };
}
