/**
 * Certificate chains: putting a bag of certificates in leaf-first order (what XMail's server.cert
 * needs: SSL_CTX_use_certificate_chain_file reads the leaf, then the intermediates), checking the
 * signatures and dates along it, and matching a private key to a certificate.
 *
 * Invariants: an issuer is found by subject = issuer name and, when both carry them, AKI = SKI
 * (RFC 5280 4.2.1.1); every loop is bounded by the number of certificates; problems are reported
 * as data, not thrown, except for undecodable input (PkiError).
 */
import * as pkijs from 'pkijs';
import { decodeCertificate } from './cert.ts';
import { ensurePkijsEngine } from './webcrypto.ts';
import { authorityKeyIdOf, isCaByExtensions, subjectKeyIdOf, nameKeyOf, nameKeyOfAttributes, sameName, sameNameKey, type NameKey } from './decode.ts';
import { keyMatchesSpki } from './keys.ts';
import { nameToText, parseName } from './names.ts';
import { equalBytes, toHex } from './pem.ts';
import type { CertificateSummary, PrivateKeyMaterial } from './types.ts';

export type ChainIssueCode =
  | 'CHAIN_EMPTY'
  /** The last certificate is not self-signed and its issuer is not in the set. */
  | 'CHAIN_MISSING_ISSUER'
  /** A certificate in the set is not on the leaf's path (or is a duplicate). */
  | 'CHAIN_EXTRA_CERTIFICATE'
  /** The path ends with a self-signed root; servers need not send it (RFC 8446 4.4.2). */
  | 'CHAIN_ROOT_INCLUDED'
  /** More than one certificate could be the leaf; the first end-entity one was taken. */
  | 'CHAIN_SEVERAL_LEAVES';

export interface ChainIssue {
  code: ChainIssueCode;
  /** Subject (display text) of the certificate concerned. */
  subject?: string;
  /** Index of that certificate in the input. */
  index?: number;
}

export type ChainProblemCode =
  | 'SIGNATURE_INVALID'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'ISSUER_NOT_FOUND'
  | 'ISSUER_NOT_CA'
  | 'UNTRUSTED_ROOT';

export interface ChainProblem {
  code: ChainProblemCode;
  /** Index in the chain (leaf = 0). */
  index: number;
  subject: string;
}

/** What chain ordering needs of a certificate, read once: orderChain compares every pair (issue 12). */
interface Node {
  index: number;
  der: Uint8Array;
  subject: NameKey;
  issuer: NameKey;
  ski: string | undefined;
  aki: string | undefined;
  selfIssued: boolean;
  ca: boolean;
  subjectText: () => string;
}

function nodeOfDer(index: number, der: Uint8Array): Node {
  const cert = decodeCertificate(der);
  const aki = authorityKeyIdOf(cert.extensions);
  const ski = subjectKeyIdOf(cert.extensions);
  return withSelfIssued({
    index,
    der,
    subject: nameKeyOf(cert.subject),
    issuer: nameKeyOf(cert.issuer),
    aki: aki ? toHex(aki) : undefined,
    ski: ski ? toHex(ski) : undefined,
    selfIssued: false,
    ca: isCa(cert),
    subjectText: () => subjectText(cert),
  });
}

function nodeOfSummary(index: number, c: CertificateSummary): Node {
  return withSelfIssued({
    index,
    der: c.der,
    subject: nameKeyOfAttributes(c.subject),
    issuer: nameKeyOfAttributes(c.issuer),
    aki: c.authorityKeyId,
    ski: c.subjectKeyId,
    selfIssued: false,
    ca: c.isCa,
    subjectText: () => c.subjectText,
  });
}

function withSelfIssued(node: Node): Node {
  node.selfIssued = nodeIssued(node, node);
  return node;
}

/** `issued` over nodes: names match and, when both are present, AKI = SKI. */
function nodeIssued(issuer: Node, cert: Node): boolean {
  if (!sameNameKey(issuer.subject, cert.issuer)) return false;
  return cert.aki !== undefined && issuer.ski !== undefined ? cert.aki === issuer.ski : true;
}

/**
 * Orders `certs` leaf first along issuer links and reports what does not fit. `leaf` (an index in
 * `certs`) fixes the leaf when it is already known (the certificate of the user's key).
 */
export function orderChain(certs: readonly Uint8Array[], options: { leaf?: number } = {}): { chain: Uint8Array[]; issues: ChainIssue[] } {
  return orderNodes(certs, nodeOfDer, options.leaf);
}

/**
 * orderChain over certificates already read (parseCertificates): nothing is decoded again (issue 15
 * item 3: decoding 200 certificates again to sort a .pfx was a ~1 s task at load 10).
 */
export function orderCertificates(certs: readonly CertificateSummary[], options: { leaf?: number } = {}): { chain: Uint8Array[]; issues: ChainIssue[] } {
  return orderNodes(certs, nodeOfSummary, options.leaf);
}

function orderNodes<T extends Uint8Array | CertificateSummary>(certs: readonly T[], read: (index: number, cert: T) => Node, leaf?: number): { chain: Uint8Array[]; issues: ChainIssue[] } {
  const issues: ChainIssue[] = [];
  if (certs.length === 0) return { chain: [], issues: [{ code: 'CHAIN_EMPTY' }] };
  const nodes: Node[] = [];
  const seen = new Set<string>();
  for (const [index, cert] of certs.entries()) {
    const node = read(index, cert);
    const key = toHex(node.der);
    if (seen.has(key)) {
      issues.push({ code: 'CHAIN_EXTRA_CERTIFICATE', index, subject: node.subjectText() });
      continue;
    }
    seen.add(key);
    nodes.push(node);
  }

  // Leaves: certificates that issued no other certificate in the set.
  const issuesNothing = nodes.filter((n) => !nodes.some((m) => m !== n && !m.selfIssued && nodeIssued(n, m)));
  const endEntities = issuesNothing.filter((n) => !n.ca);
  const given = leaf === undefined ? undefined : nodes.find((n) => n.index === leaf);
  const candidates = given ? [given] : endEntities.length ? endEntities : issuesNothing.length ? issuesNothing : nodes;
  if (candidates.length > 1) issues.push({ code: 'CHAIN_SEVERAL_LEAVES', index: candidates[0]!.index, subject: candidates[0]!.subjectText() });

  const path: Node[] = [candidates[0]!];
  const onPath = new Set<Node>(path);
  for (let step = 0; step < nodes.length; step++) {
    const last = path[path.length - 1]!;
    if (last.selfIssued) break;
    const next = nodes.find((n) => !onPath.has(n) && nodeIssued(n, last));
    if (!next) {
      issues.push({ code: 'CHAIN_MISSING_ISSUER', index: last.index, subject: last.subjectText() });
      break;
    }
    path.push(next);
    onPath.add(next);
  }
  const top = path[path.length - 1]!;
  if (path.length > 1 && top.selfIssued) issues.push({ code: 'CHAIN_ROOT_INCLUDED', index: top.index, subject: top.subjectText() });
  for (const n of nodes) if (!onPath.has(n)) issues.push({ code: 'CHAIN_EXTRA_CERTIFICATE', index: n.index, subject: n.subjectText() });
  return { chain: path.map((n) => n.der), issues };
}

/**
 * Verifies a leaf-first chain up to one of `trustedRoots`: each signature, each validity period at
 * `at`, and that every issuer is a CA. The chain may end with the root itself or just below it.
 */
export async function verifyChain(
  chain: readonly Uint8Array[],
  trustedRoots: readonly Uint8Array[],
  at: Date = new Date(),
): Promise<{ ok: boolean; problems: ChainProblem[] }> {
  const problems: ChainProblem[] = [];
  const certs = chain.map((der) => decodeCertificate(der));
  const roots = trustedRoots.map((der) => ({ der, cert: decodeCertificate(der) }));
  ensurePkijsEngine();
  for (const [index, cert] of certs.entries()) {
    const subject = subjectText(cert);
    if (at < cert.notBefore.value) problems.push({ code: 'NOT_YET_VALID', index, subject });
    if (at > cert.notAfter.value) problems.push({ code: 'EXPIRED', index, subject });

    const isTrusted = roots.some((r) => equalBytes(r.der, chain[index]!));
    if (isTrusted && isSelfIssued(cert)) break;
    const issuer = certs[index + 1] ?? roots.find((r) => issued(r.cert, cert))?.cert;
    if (!issuer) {
      problems.push({ code: isSelfIssued(cert) ? 'UNTRUSTED_ROOT' : 'ISSUER_NOT_FOUND', index, subject });
      break;
    }
    if (!isCa(issuer)) problems.push({ code: 'ISSUER_NOT_CA', index: index + 1, subject: subjectText(issuer) });
    if (!(await verifySignature(cert, issuer))) problems.push({ code: 'SIGNATURE_INVALID', index, subject });
    if (index === certs.length - 1 && !certs[index + 1]) {
      // The issuer came from the trusted set: check its dates too.
      if (at < issuer.notBefore.value || at > issuer.notAfter.value) {
        problems.push({ code: at < issuer.notBefore.value ? 'NOT_YET_VALID' : 'EXPIRED', index: index + 1, subject: subjectText(issuer) });
      }
    }
  }
  if (certs.length && problems.length === 0) {
    const top = certs[certs.length - 1]!;
    const anchored = roots.some((r) => equalBytes(r.der, chain[chain.length - 1]!)) || roots.some((r) => issued(r.cert, top));
    if (!anchored) problems.push({ code: 'UNTRUSTED_ROOT', index: certs.length - 1, subject: subjectText(top) });
  }
  return { ok: problems.length === 0, problems };
}

/** Whether the private key belongs to the certificate (same public key). */
export function keyMatchesCertificate(key: PrivateKeyMaterial, cert: string | Uint8Array): boolean {
  const c = decodeCertificate(cert);
  return keyMatchesSpki(key, new Uint8Array(c.subjectPublicKeyInfo.toSchema().toBER(false)));
}

/** `issuer` could have issued `cert`: names match and, when both are present, AKI = SKI. */
function issued(issuer: pkijs.Certificate, cert: pkijs.Certificate): boolean {
  if (!sameName(issuer.subject, cert.issuer)) return false;
  const aki = authorityKeyIdOf(cert.extensions);
  const ski = subjectKeyIdOf(issuer.extensions);
  if (aki && ski) return equalBytes(aki, ski);
  return true;
}

function isSelfIssued(cert: pkijs.Certificate): boolean {
  return issued(cert, cert);
}

function isCa(cert: pkijs.Certificate): boolean {
  return isCaByExtensions(cert.extensions);
}

async function verifySignature(cert: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  try {
    return await cert.verify(issuer);
  } catch {
    return false;
  }
}

function subjectText(cert: pkijs.Certificate): string {
  try {
    return nameToText(parseName(cert.subject));
  } catch {
    return '';
  }
}
