/**
 * The MailRoot bundle: the one download every flow produces (issue 3 part 4). Takes the outputs of
 * the PKI core and the XMail layer as plain bytes and strings and lays them out as BUNDLE_PATHS
 * says, with INSTALL.ja.txt / INSTALL.en.txt written for exactly these files and a SHA-256
 * manifest of all of them.
 *
 * Invariants: the server key is unencrypted PEM (XMail has no passphrase callback,
 * xmail-tls.md); server.cert holds only CERTIFICATE blocks, leaf first, re-encoded by the one PEM
 * codec; every path passes assertBundleFiles; the output order is fixed, so the same input (and
 * the same UUID source) gives the same bytes.
 *
 * Size (just over 300 lines): every bundle kind's file list is built here from one layout so the
 * kinds cannot drift apart; the per-OS startup files (.reg, init script) sit beside the files they
 * accompany.
 */
import { decodePemBlocks, encodePem, equalBytes, keyMatchesCertificate, parsePrivateKey, sha256Hex, subjectHashesOfCertificate, summarizeCertificate } from '../pki/index.ts';
import type { StartupChange } from '../xmail/index.ts';
import { BundleError } from './errors.ts';
import { createHashDirFiles, type HashStyle, type SubjectHashes } from './hash-dir.ts';
import {
  createInstallDocument,
  serializeInstallText,
  type InstallFacts,
  type InstallServiceChange,
  type TargetOs,
  type TrustModel,
} from './install-steps.ts';
import { translate, type Lang } from '../../i18n/translate.ts';
import { BUNDLE_PATHS, caFileBase, type BundleFileRole } from './layout.ts';
import { assertBundleFiles, encodeUtf8, serializeSha256Manifest, type BundleFile } from './manifest.ts';
import { serializeRootCaProfile } from './mobileconfig.ts';
import { XMAIL_REG_KEY, XMAIL_REG_KEY_WOW64, XMAIL_REG_VALUE_NAME, encodeRegFile } from './registry.ts';

export interface MailRootBundleInput {
  /** The administrator's OS: picks the INSTALL steps and their line ends (CRLF for Windows). */
  os: TargetOs;
  /** Language of the user-visible names inside the bundle (the .mobileconfig); both INSTALL files are always written. Default 'ja'. */
  lang?: Lang;
  /** The server's private key as PEM text, unencrypted (PKCS#1 for RSA is what the PKI core writes). */
  serverKeyPem?: string;
  /** Leaf certificate, then intermediates, as PEM text. */
  serverCertChainPem?: string;
  /**
   * The server certificate is self-signed: offer it to clients as clients/server-selfsigned.cer.
   * Default: detected (one certificate in the chain, issuer = subject, and no caCertificates).
   */
  selfSigned?: boolean;
  /** Private CA certificates (DER) for clients to trust: clients/ca.cer, ca.pem, trust-ca.mobileconfig. */
  caCertificates?: Uint8Array[];
  /** CA certificates (DER) XMail verifies client certificates against: certs.pem and certs/. */
  clientVerifyCas?: Uint8Array[];
  /**
   * CA certificates (DER) XMail is to STOP trusting (the rotation of the client CA: XMail checks no
   * CRL): shipped as retired-ca/ca-N.pem, and INSTALL removes from certs.pem and certs/ exactly
   * what equals them, nothing else (reviewer: the administrator's own CAs went too). The
   * clientVerifyCas are added as always.
   */
  clientVerifyRetired?: Uint8Array[];
  /** Which certs/ names to write; default 'both' (old and new OpenSSL). */
  hashStyle?: HashStyle;
  /**
   * server.tab outputs of the XMail layer (encodeServerTabOutputs): the merged file when the user
   * gave theirs, and always the patch. Bytes, in the encoding of the user's file: only the XMail
   * layer knows it (a Shift_JIS file written as UTF-8 lost its comments' bytes).
   */
  serverTab?: { merged?: Uint8Array; patch: Uint8Array };
  /**
   * The startup-option change from the XMail layer (planStartupChange): `merged` ships the user's
   * line with only the TLS switches changed; `switches` ships no file, INSTALL names them; `none`
   * (or absent): nothing about the command line, no restart.
   */
  startup?: StartupChange;
  /**
   * The bundle builds on a server key and certificate already in MailRoot (client-CA and TLS-mode
   * bundles): INSTALL says so.
   */
  needsServerCert?: boolean;
  /** Before/after of each TLS-capable listener, for INSTALL's "after this change" list (recipes/preview.ts). */
  services?: ReadonlyArray<InstallServiceChange>;
  hostNames?: string[];
  /** Display name of the private CA (for the .mobileconfig and INSTALL). */
  caName?: string;
  /** More files, e.g. clients/*.p12 from the client-certificate flow. */
  extraFiles?: BundleFile[];
}

export interface MailRootBundleDeps {
  /** Hash names of a CA certificate (DER) for certs/. Defaults to the PKI core's subject hashes. */
  subjectHashesOf?: (certDer: Uint8Array) => SubjectHashes | Promise<SubjectHashes>;
  /** UUID source for the .mobileconfig (v4); defaults to crypto.randomUUID. */
  randomUUID?: () => string;
}

/** Key labels OpenSSL's PEM_read_bio_PrivateKey (what XMail calls) loads without a passphrase. */
const PLAIN_KEY_LABELS = ['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY'];

interface Entry extends BundleFile {
  role: BundleFileRole;
}

export async function buildMailRootBundle(input: MailRootBundleInput, deps: MailRootBundleDeps = {}): Promise<BundleFile[]> {
  const lang = input.lang ?? 'ja';
  const eol = input.os === 'windows' ? '\r\n' : '\n';
  const entries: Entry[] = [];
  const add = (path: string, bytes: Uint8Array, role: BundleFileRole) => entries.push({ path, bytes, role });

  // MailRoot/: only the files XMail reads.
  if (input.serverKeyPem !== undefined) add(BUNDLE_PATHS.serverKey, encodeUtf8(normalizeServerKey(input.serverKeyPem)), 'server-key');
  const chain = input.serverCertChainPem !== undefined ? decodeCertificateChain(input.serverCertChainPem) : [];
  if (input.serverKeyPem !== undefined && chain[0]) await assertKeyMatchesLeaf(input.serverKeyPem, chain[0]);
  if (chain.length) add(BUNDLE_PATHS.serverCert, encodeUtf8(chain.map((der) => encodePem('CERTIFICATE', der)).join('')), 'server-cert');

  const verifyCas = input.clientVerifyCas ?? [];
  let certsPemParts: InstallFacts['certsPemParts'];
  const hashesOf = deps.subjectHashesOf ?? defaultSubjectHashes;
  if (verifyCas.length) {
    add(BUNDLE_PATHS.certsPem, encodeUtf8(verifyCas.map((der) => encodePem('CERTIFICATE', der)).join('')), 'certs-pem');
    const withHashes = [];
    for (const der of verifyCas) withHashes.push({ der, hashes: await hashesOf(der) });
    const hashFiles = createHashDirFiles(withHashes, input.hashStyle ?? 'both');
    for (const f of hashFiles) add(f.path, f.bytes, 'certs-hash');
    certsPemParts = certsPemPartsOf(verifyCas, hashFiles);
  }
  const certsRetired: Array<NonNullable<InstallFacts['certsRetired']>[number]> = [];
  for (const [i, der] of (input.clientVerifyRetired ?? []).entries()) {
    if (verifyCas.some((v) => equalBytes(v, der))) throw new BundleError('BUNDLE_INPUT_INVALID', 'retired CA: expected a CA no longer trusted, found it among the CAs to trust');
    const pem = encodePem('CERTIFICATE', der);
    const path = `${BUNDLE_PATHS.retiredDir}/ca-${i + 1}.pem`;
    add(path, encodeUtf8(pem), 'retired-ca');
    const h = await hashesOf(der);
    certsRetired.push({ path, marker: pemMarker(der), firstLine: pem.split('\n')[1]!, stems: [...new Set([h.hash, h.hashOld])] });
  }

  if (input.serverTab) {
    if (input.serverTab.merged !== undefined) add(BUNDLE_PATHS.serverTab, input.serverTab.merged, 'server-tab');
    add(BUNDLE_PATHS.serverTabPatch, input.serverTab.patch, 'server-tab-patch');
  }

  // Startup options: the user's own line with only the TLS switches changed, for the user's OS
  // only (issue 10); a change without the user's line ships no file, INSTALL lists the switches.
  const startup = input.startup?.kind === 'merged' ? input.startup : undefined;
  if (startup) {
    const s = startup.outputs;
    add(BUNDLE_PATHS.commandLine, encodeUtf8(`${s.plain}${eol}`), 'command-line');
    if (input.os === 'unix') {
      add(BUNDLE_PATHS.initScriptLine, encodeUtf8(serializeInitScriptLine(s.unixLine)), 'init-script-line');
    } else {
      add(BUNDLE_PATHS.regNative, encodeRegFile({
        key: XMAIL_REG_KEY,
        comments: [translate('en', 'mailroot.reg.native')],
        values: [{ name: XMAIL_REG_VALUE_NAME, value: s.windowsValue }],
      }), 'reg-native');
      add(BUNDLE_PATHS.regWow64, encodeRegFile({
        key: XMAIL_REG_KEY_WOW64,
        comments: [translate('en', 'mailroot.reg.wow64')],
        values: [{ name: XMAIL_REG_VALUE_NAME, value: s.windowsValue }],
      }), 'reg-wow64');
    }
  }

  // clients/: what mail programs should trust.
  const cas = input.caCertificates ?? [];
  let trust: TrustModel = 'public';
  if (cas.length) {
    trust = 'private-ca';
    cas.forEach((der, i) => {
      const base = caFileBase(i, cas.length);
      add(`${base}.cer`, der, 'ca-der');
      add(`${base}.pem`, encodeUtf8(encodePem('CERTIFICATE', der)), 'ca-pem');
    });
    add(BUNDLE_PATHS.mobileconfig, encodeUtf8(await serializeCaProfile(input, cas, lang, deps.randomUUID)), 'mobileconfig');
  } else if (input.selfSigned ?? (chain.length === 1 && isSelfIssued(chain[0]!))) {
    const leaf = chain[0];
    if (!leaf) throw new BundleError('BUNDLE_INPUT_INVALID', 'self-signed bundle: expected the server certificate in serverCertChainPem, found none');
    trust = 'self-signed';
    add(BUNDLE_PATHS.selfSignedDer, leaf, 'self-signed-der');
    add(BUNDLE_PATHS.selfSignedPem, encodeUtf8(encodePem('CERTIFICATE', leaf)), 'self-signed-pem');
  }

  for (const f of input.extraFiles ?? []) add(f.path, f.bytes, 'extra');

  if (entries.length === 0 && input.startup?.kind !== 'switches') {
    throw new BundleError('BUNDLE_INPUT_INVALID', 'MailRoot bundle: expected at least a key, certificate, server.tab change or command line, found nothing');
  }

  const roles = [
    { path: BUNDLE_PATHS.installJa, role: 'install' as const },
    { path: BUNDLE_PATHS.installEn, role: 'install' as const },
    ...entries.map(({ path, role }) => ({ path, role })),
    { path: BUNDLE_PATHS.manifest, role: 'manifest' as const },
  ];
  const facts: InstallFacts = {
    os: input.os,
    hostNames: input.hostNames ?? [],
    files: roles,
    trust,
    ...(input.caName !== undefined ? { caName: input.caName } : {}),
    ...(startup ? { startup: { kind: 'merged', before: startup.before, after: startup.outputs.plain, added: startup.added, removed: startup.removed } } : {}),
    ...(input.startup?.kind === 'switches' ? { startup: { kind: 'switches', add: input.startup.add, remove: input.startup.remove } } : {}),
    ...(certsPemParts ? { certsPemParts } : {}),
    ...(certsRetired.length ? { certsRetired } : {}),
    ...(input.needsServerCert ? { needsServerCert: true } : {}),
    ...(input.services?.length ? { services: input.services } : {}),
  };
  const installBytes = (lang: Lang) => encodeInstallText(serializeInstallText(createInstallDocument(facts, lang), input.os), input.os);
  const files: BundleFile[] = [
    { path: BUNDLE_PATHS.installJa, bytes: installBytes('ja') },
    { path: BUNDLE_PATHS.installEn, bytes: installBytes('en') },
    ...entries.map(({ path, bytes }) => ({ path, bytes })),
  ];
  assertBundleFiles([...files, { path: BUNDLE_PATHS.manifest, bytes: new Uint8Array() }]);
  files.push({ path: BUNDLE_PATHS.manifest, bytes: encodeUtf8(await serializeSha256Manifest(files)) });
  return files;
}

/**
 * For each client-verification CA (once, in order): the certs/ file holding only it, and its
 * marker (pemMarker): INSTALL merges certs.pem CA by CA and skips one already there.
 */
function certsPemPartsOf(cas: readonly Uint8Array[], hashFiles: readonly BundleFile[]): Array<{ path: string; marker: string }> {
  const parts: Array<{ path: string; marker: string }> = [];
  const seen = new Set<string>();
  for (const der of cas) {
    const pem = encodePem('CERTIFICATE', der);
    if (seen.has(pem)) continue;
    seen.add(pem);
    const file = hashFiles.find((f) => new TextDecoder().decode(f.bytes) === pem);
    if (!file) throw new BundleError('BUNDLE_INPUT_INVALID', 'certs.pem: expected each CA in certs/, found a CA without its file');
    parts.push({ path: file.path, marker: pemMarker(der) });
  }
  return parts;
}

/** Marker length: 12 bytes of base64, at most two of them the fixed INTEGER header inside an ECDSA signature. */
const MARKER_CHARS = 16;
/**
 * A piece of a certificate's base64 that `grep -F` / `findstr /L /C:` find in certs.pem however
 * the PEM is wrapped at 64 columns (OpenSSL, us), 76 (MIME tools) or not at all, with LF or CRLF
 * (reviewer: the same CA wrapped otherwise was appended again): 16 characters from the last 60
 * before the padding, the signature's tail (random, so no other certificate has it), crossing no
 * multiple of 64 or 76. One always exists: the last 60 characters hold at most one multiple of
 * each, so one of the three pieces is at least 20 long.
 */
export function pemMarker(der: Uint8Array): string {
  const b64 = encodePem('CERTIFICATE', der).split('\n').filter((l) => !l.startsWith('-----')).join('').replace(/=+$/, '');
  for (let start = b64.length - MARKER_CHARS; start >= Math.max(0, b64.length - 60); start--) {
    let broken = false;
    for (let k = start + 1; k < start + MARKER_CHARS; k++) if (k % 64 === 0 || k % 76 === 0) broken = true;
    if (!broken) return b64.slice(start, start + MARKER_CHARS);
  }
  throw new BundleError('BUNDLE_INPUT_INVALID', `certs.pem: expected a certificate of at least 60 base64 characters, found ${b64.length}`);
}

/**
 * UTF-8; with a BOM for Windows, because Notepad before Windows 10 1903 (and so on Windows Server
 * 2016 and older, where XMail often runs) opens BOM-less text as the ANSI code page and a Japanese
 * system shows UTF-8 as mojibake.
 */
function encodeInstallText(text: string, os: TargetOs): Uint8Array {
  return encodeUtf8(os === 'windows' ? `\ufeff${text}` : text);
}

/** One unencrypted private key block, re-encoded by the PEM codec. */
function normalizeServerKey(pem: string): string {
  const blocks = decodePemWrapped(pem, 'server key');
  const keys = blocks.filter((b) => b.label.endsWith('PRIVATE KEY'));
  if (keys.length !== 1 || blocks.length !== 1) {
    throw new BundleError('BUNDLE_INPUT_INVALID', `server key: expected one private key PEM block, found ${blocks.map((b) => b.label).join(', ') || 'none'}`);
  }
  const key = keys[0]!;
  // Legacy encrypted PEM (Proc-Type: 4,ENCRYPTED) and PKCS#8 ENCRYPTED PRIVATE KEY need a passphrase XMail cannot give.
  if (!PLAIN_KEY_LABELS.includes(key.label) || Object.keys(key.headers).length > 0) {
    throw new BundleError('BUNDLE_INPUT_INVALID', `server key: expected an unencrypted key (${PLAIN_KEY_LABELS.join(', ')}), found ${key.label}${key.headers['Proc-Type'] ? ` with Proc-Type ${key.headers['Proc-Type']}` : ''}`);
  }
  return encodePem(key.label, key.der);
}

function decodeCertificateChain(pem: string): Uint8Array[] {
  const blocks = decodePemWrapped(pem, 'server certificate chain');
  const others = blocks.filter((b) => b.label !== 'CERTIFICATE');
  if (blocks.length === 0 || others.length) {
    throw new BundleError('BUNDLE_INPUT_INVALID', `server certificate chain: expected CERTIFICATE blocks only, found ${blocks.map((b) => b.label).join(', ') || 'none'}`);
  }
  return blocks.map((b) => b.der);
}

function decodePemWrapped(pem: string, what: string) {
  try {
    return decodePemBlocks(pem);
  } catch (cause) {
    throw new BundleError('BUNDLE_INPUT_INVALID', `${what}: expected PEM text, found text the PEM decoder refused`, { cause });
  }
}

/** The init-script line with a comment saying where it goes, in English and Japanese (the file is read by a person, not sourced). */
function serializeInitScriptLine(unixLine: string): string {
  return [
    `# ${translate('en', 'mailroot.initScript.comment')}`,
    `# ${translate('ja', 'mailroot.initScript.comment')}`,
    unixLine,
    '',
  ].join('\n');
}

async function serializeCaProfile(
  input: MailRootBundleInput,
  cas: readonly Uint8Array[],
  lang: Lang,
  randomUUID: (() => string) | undefined,
): Promise<string> {
  const caName = input.caName ?? translate(lang, 'mailroot.profile.defaultCaName');
  const hosts = (input.hostNames ?? []).join(', ');
  // A device replaces an installed profile with the same identifier: tie it to the first CA so
  // re-downloading updates the profile and a new CA gets its own.
  const fingerprint = (await sha256Hex(cas[0]!)).slice(0, 12);
  return serializeRootCaProfile({
    identifier: `${reverseDnsPrefix(input.hostNames?.[0])}.xmail-tls.ca-${fingerprint}`,
    displayName: translate(lang, 'mailroot.profile.displayName', { caName }),
    description: hosts ? translate(lang, 'mailroot.profile.descriptionHosts', { hosts }) : translate(lang, 'mailroot.profile.description'),
    organization: input.caName,
    certificates: cas.map((der, i) => ({
      der,
      displayName: cas.length === 1 ? caName : `${caName} (${i + 1})`,
      fileName: `${caFileBase(i, cas.length).split('/').pop()!}.cer`,
    })),
    randomUUID,
  });
}

/** `mail.example.com` -> `com.example.mail`; anything that is not a plain DNS name -> `local.xmail`. */
function reverseDnsPrefix(host: string | undefined): string {
  if (!host || !/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(host) || /^[0-9.]+$/.test(host)) return 'local.xmail';
  return host.toLowerCase().split('.').reverse().join('.');
}

function defaultSubjectHashes(certDer: Uint8Array): SubjectHashes {
  try {
    return subjectHashesOfCertificate(certDer);
  } catch (cause) {
    throw new BundleError('BUNDLE_INPUT_INVALID', 'certs/: expected a DER certificate to hash, found bytes the PKI core could not read', { cause });
  }
}

function isSelfIssued(leafDer: Uint8Array): boolean {
  try {
    return summarizeCertificate(leafDer).selfIssued;
  } catch (cause) {
    throw new BundleError('BUNDLE_INPUT_INVALID', 'server certificate: expected an X.509 certificate, found bytes the PKI core could not read', { cause });
  }
}

/**
 * A key that does not match server.cert makes XMail accept STARTTLS and then drop every
 * connection (SSL_CTX_check_private_key fails per handshake; log SMTP=ESSL), so such a pair is
 * never shipped.
 */
async function assertKeyMatchesLeaf(keyPem: string, leafDer: Uint8Array): Promise<void> {
  let matches: boolean;
  try {
    matches = keyMatchesCertificate(await parsePrivateKey(keyPem), leafDer);
  } catch (cause) {
    throw new BundleError('BUNDLE_INPUT_INVALID', 'server key: expected a key and certificate the PKI core can read, found an error', { cause });
  }
  if (!matches) {
    throw new BundleError('BUNDLE_INPUT_INVALID', 'server key: expected the key of the first certificate in server.cert, found a different key');
  }
}
