/**
 * Subject alternative names: parsing what a user types, validating DNS names, IP addresses and
 * mailboxes, and the subjectAltName extension (RFC 5280 section 4.2.1.6) both ways.
 * Invariants: SanEntry values we return are normalised (DNS lower-case ASCII with IDNs as punycode,
 * IPv4 dotted quad, IPv6 RFC 5952 text, email with an ASCII local part and punycode domain);
 * validation returns FieldIssue lists, only the extension builder throws (SAN_INVALID).
 * Wildcards: only the whole left-most label, over at least two more labels (CA/Browser Forum
 * Baseline Requirements 3.2.2.6; RFC 6125 section 6.4.3 clients do not match partial labels).
 *
 * Size (over 300 lines): reading names the user types (DNS, IDN, wildcards, IP, e-mail) and
 * matching a host against a certificate's names (RFC 6125) are the two sides of one rule set and
 * share its checks.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PkiError } from './errors.ts';
import { toArrayBuffer } from './pem.ts';
import type { CertificateSummary, FieldIssue, SanEntry } from './types.ts';
import { EXTENSION_OID } from './oids.ts';
import { derOf, expectSequence, parseDer, readAsn1 } from './asn1.ts';

const FIELD = 'sans';

// ---------------------------------------------------------------------------------------------
// DNS names

const LDH_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** Characters the WHATWG URL host parser treats specially or strips; never valid in a host name. */
// eslint-disable-next-line no-control-regex
const URL_SPECIAL = /[\s\x00-\x1f\x7f/\\?#@:%[\]^|<>"'`{}]/u;
const NUMERIC_LABEL = /^([0-9]+|0x[0-9a-f]*)$/i;

/**
 * IDN → ASCII (punycode, UTS #46 mapping, lower case) through the platform's URL parser, which
 * the browser and Node 20 both implement. Throws SAN_INVALID for anything that is not a host name.
 * A leading '*.' is kept as is.
 */
export function toAsciiHostname(name: string): string {
  const issues = dnsIssues(name);
  if (issues.ascii === undefined) {
    throw new PkiError('SAN_INVALID', `DNS name ${JSON.stringify(name)}: expected a host name, found ${issues.list[0]?.code ?? 'an invalid one'}`);
  }
  return issues.ascii;
}

/** Problems with a DNS name for a certificate (empty list = acceptable). */
export function validateDnsName(name: string): FieldIssue[] {
  return dnsIssues(name).list;
}

function dnsIssues(name: string): { ascii?: string; list: FieldIssue[] } {
  const issue = (code: string, extra: Record<string, string | number> = {}) =>
    ({ list: [{ field: FIELD, code, params: { value: name, ...extra } }] });
  if (typeof name !== 'string' || name.length === 0) return issue('san.dns.empty');
  if (name.length > 1000) return issue('san.dns.tooLong', { max: 253 });
  const wildcard = name.startsWith('*.');
  const rest = wildcard ? name.slice(2) : name;
  if (rest.includes('*')) return issue('san.dns.wildcardPosition');
  if (URL_SPECIAL.test(rest) || rest.includes('_')) return issue('san.dns.character');
  if (rest.startsWith('.') || rest.endsWith('.') || rest.includes('..')) return issue('san.dns.emptyLabel');
  // A numeric top-level label would be read as an IPv4 address by URL parsers and resolvers; WHATWG's
  // "ends in a number" checker counts 0x-hex ("0x", "0x9") as numeric too (URL Standard, host parsing).
  if (NUMERIC_LABEL.test(rest.slice(rest.lastIndexOf('.') + 1))) return issue('san.dns.numericTld');
  let ascii: string;
  try {
    ascii = new URL(`http://${rest}/`).hostname;
  } catch {
    return issue('san.dns.idn');
  }
  if (ascii.startsWith('[')) return issue('san.dns.character');
  const labels = ascii.split('.');
  if (labels.some((l) => l.length === 0)) return issue('san.dns.emptyLabel');
  const bad = labels.find((l) => !LDH_LABEL.test(l));
  if (bad !== undefined) return issue(bad.length > 63 ? 'san.dns.labelTooLong' : 'san.dns.character', { label: bad });
  const tooLong = labels.find((l) => l.length > 63);
  if (tooLong !== undefined) return issue('san.dns.labelTooLong', { label: tooLong, max: 63 });
  if (NUMERIC_LABEL.test(labels[labels.length - 1]!)) return issue('san.dns.numericTld');
  const full = wildcard ? `*.${ascii}` : ascii;
  if (full.length > 253) return issue('san.dns.tooLong', { max: 253 });
  if (wildcard && labels.length < 2) return issue('san.dns.wildcardTooBroad');
  return { ascii: full, list: [] };
}

// ---------------------------------------------------------------------------------------------
// IP addresses

const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

/** Bytes of an IPv4 (4) or IPv6 (16) address in text form, or undefined if it is neither. */
export function ipToBytes(text: string): Uint8Array | undefined {
  if (IPV4.test(text)) return Uint8Array.from(text.split('.').map(Number));
  return ipv6ToBytes(text);
}

function ipv6ToBytes(input: string): Uint8Array | undefined {
  const text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.length > 45) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        if (!IPV4.test(g)) return undefined;
        const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const total = head.length + tail.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return undefined;
  const words = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => { bytes[2 * i] = w >> 8; bytes[2 * i + 1] = w & 0xff; });
  return bytes;
}

/** Text of 4 or 16 address bytes (IPv6 in RFC 5952 form: lower case, longest zero run as '::'). */
export function bytesToIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) throw new PkiError('SAN_INVALID', `IP address: expected 4 or 16 bytes, found ${bytes.length}`);
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Normalised text of an IP address, or undefined if it is not one. */
export function normalizeIp(text: string): string | undefined {
  const bytes = ipToBytes(text);
  return bytes ? bytesToIp(bytes) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Mailboxes (rfc822Name: RFC 5280 section 4.2.1.6 requires an ASCII local part; RFC 5321 limits)

const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

function emailIssues(value: string): { ascii?: string; list: FieldIssue[] } {
  const issue = (code: string) => ({ list: [{ field: FIELD, code, params: { value } }] });
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return issue('san.email.format');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!DOT_ATOM.test(local)) return issue('san.email.localPart');
  if (local.length > 64) return issue('san.email.tooLong');
  if (domain.startsWith('*')) return issue('san.email.domain');
  const d = dnsIssues(domain);
  if (d.ascii === undefined) return issue('san.email.domain');
  const ascii = `${local}@${d.ascii}`;
  if (ascii.length > 254) return issue('san.email.tooLong');
  return { ascii, list: [] };
}

/** Problems with a mailbox for an rfc822Name (empty list = acceptable). */
export function validateEmail(value: string): FieldIssue[] {
  return emailIssues(value).list;
}

// ---------------------------------------------------------------------------------------------
// User input

/**
 * Reads a list of names separated by commas, semicolons, spaces or new lines. Each is classified
 * (IPv4, IPv6, email, else DNS) and normalised; problems come back per item, duplicates are
 * merged. Never throws.
 */
export function parseSanList(text: string): { entries: SanEntry[]; issues: FieldIssue[] } {
  const entries: SanEntry[] = [];
  const issues: FieldIssue[] = [];
  if (typeof text !== 'string') return { entries, issues: [{ field: FIELD, code: 'san.format' }] };
  if (text.length > 100_000) return { entries, issues: [{ field: FIELD, code: 'san.tooLong', params: { max: 100_000 } }] };
  const seen = new Set<string>();
  // Full-width separators (，、；, U+3000 is in \s) as a Japanese IME types them (issue 17 item 2).
  for (const token of text.split(/[\s,;，、；]+/u)) {
    if (token === '') continue;
    const entry = classify(token, issues);
    if (!entry) continue;
    const key = `${entry.type}:${entry.value.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(entry);
  }
  return { entries, issues };
}

function classify(token: string, issues: FieldIssue[]): SanEntry | undefined {
  const ip = normalizeIp(token);
  if (ip !== undefined) return { type: 'ip', value: ip };
  if (/^[0-9.]+$/.test(token) || (token.includes(':') && /^[[0-9A-Fa-f:.\]]+$/.test(token))) {
    issues.push({ field: FIELD, code: 'san.ip.invalid', params: { value: token } });
    return undefined;
  }
  if (token.includes('@')) {
    const e = emailIssues(token);
    issues.push(...e.list);
    return e.ascii === undefined ? undefined : { type: 'email', value: e.ascii };
  }
  const d = dnsIssues(token);
  issues.push(...d.list);
  return d.ascii === undefined ? undefined : { type: 'dns', value: d.ascii };
}

/**
 * Names read from a certificate we did not make (a public CA's answer, the server.cert of 現在の環境,
 * an inspected file), held to the rules typed input meets (issue 12 item 2): each dNSName and
 * rfc822Name comes back normalised, or is dropped with a FieldIssue carrying the raw value (so the
 * UI can show what was dropped and why). IP addresses are read from 4 or 16 bytes and are always
 * well-formed. A dropped name never reaches INSTALL, the vault or a check against server.tab.
 */
export function screenForeignSans(entries: readonly SanEntry[]): { entries: SanEntry[]; issues: FieldIssue[] } {
  const kept: SanEntry[] = [];
  const issues: FieldIssue[] = [];
  for (const e of entries) {
    if (e.type === 'ip') {
      kept.push(e);
      continue;
    }
    const r = e.type === 'dns' ? dnsIssues(e.value) : emailIssues(e.value);
    if (r.ascii === undefined) issues.push(...r.list.map((i) => ({ ...i, params: { ...i.params, value: e.value } })));
    else kept.push({ type: e.type, value: r.ascii });
  }
  return { entries: kept, issues };
}

/** Problems with entries about to be written (e.g. entries that did not come from parseSanList). */
export function validateSanEntries(entries: readonly SanEntry[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const e of entries) {
    if (e.type === 'ip') {
      if (!ipToBytes(e.value)) issues.push({ field: FIELD, code: 'san.ip.invalid', params: { value: e.value } });
    } else if (e.type === 'email') {
      const r = emailIssues(e.value);
      if (r.ascii !== e.value) issues.push(...(r.list.length ? r.list : [{ field: FIELD, code: 'san.notNormalized', params: { value: e.value } }]));
    } else if (e.type === 'dns') {
      const r = dnsIssues(e.value);
      if (r.ascii !== e.value) issues.push(...(r.list.length ? r.list : [{ field: FIELD, code: 'san.notNormalized', params: { value: e.value } }]));
    } else {
      issues.push({ field: FIELD, code: 'san.type', params: { value: String((e as { type: unknown }).type) } });
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// The extension

/**
 * subjectAltName extension (RFC 5280 section 4.2.1.6): critical only when the subject is empty.
 * Entries must be normalised (as parseSanList returns them); anything else is SAN_INVALID.
 */
export function createSanExtension(entries: readonly SanEntry[], options: { subjectEmpty?: boolean } = {}): pkijs.Extension {
  if (entries.length === 0) throw new PkiError('SAN_INVALID', 'subjectAltName: expected at least one name, found none');
  const issues = validateSanEntries(entries);
  if (issues.length) {
    const first = issues[0]!;
    throw new PkiError('SAN_INVALID', `subjectAltName: expected valid normalised names, found ${first.code} for ${JSON.stringify(first.params?.value)}`);
  }
  const names = entries.map((e) => {
    if (e.type === 'ip') {
      return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 7 }, valueHex: toArrayBuffer(ipToBytes(e.value)!) });
    }
    const tagNumber = e.type === 'email' ? 1 : 2;
    return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber }, valueHex: toArrayBuffer(new TextEncoder().encode(e.value)) });
  });
  const der = derOf(new asn1js.Sequence({ value: names }));
  return new pkijs.Extension({
    extnID: EXTENSION_OID.subjectAltName,
    critical: options.subjectEmpty === true,
    extnValue: toArrayBuffer(der),
  });
}

/** A GeneralName we cannot represent as a SanEntry (URI, directoryName, otherName, ...). */
export interface OtherGeneralName {
  tag: number;
  der: Uint8Array;
}

/** All names of a GeneralNames value: the DNS/IP/email ones as SanEntry, the rest kept as DER. */
export function parseGeneralNames(der: Uint8Array): { entries: SanEntry[]; others: OtherGeneralName[] } {
  return readAsn1('subjectAltName', () => {
    const items = expectSequence(parseDer(der, 'subjectAltName'), 'subjectAltName');
    const entries: SanEntry[] = [];
    const others: OtherGeneralName[] = [];
    for (const n of items) {
      // RFC 5280 §4.2.1.6: every GeneralName is a context-specific [0]..[8]; anything else means
      // this is not a GeneralNames value at all (a certificate handed over by mistake).
      if (n.idBlock.tagClass !== 3 || n.idBlock.tagNumber > 8) {
        throw new PkiError('DER_WRONG_TYPE', 'subjectAltName: expected GeneralNames ([0]..[8] tagged names), found DER of another type');
      }
      const tag = n.idBlock.tagNumber;
      const primitive = n.idBlock.tagClass === 3 && !n.idBlock.isConstructed;
      const raw = primitive ? (n.valueBlock as { valueHexView?: Uint8Array }).valueHexView ?? new Uint8Array(0) : undefined;
      if (raw && (tag === 1 || tag === 2)) {
        // IA5String content: read byte for byte so a malformed foreign name still displays
        const value = String.fromCharCode(...raw);
        entries.push(tag === 1 ? { type: 'email', value } : { type: 'dns', value });
      } else if (raw && tag === 7 && (raw.length === 4 || raw.length === 16)) {
        entries.push({ type: 'ip', value: bytesToIp(raw) });
      } else {
        others.push({ tag, der: derOf(n) });
      }
    }
    return { entries, others };
  });
}

/** The DNS, IP and email names of a subjectAltName extension (its extnValue DER, or a pkijs Extension). */
export function parseSanExtension(input: Uint8Array | pkijs.Extension): SanEntry[] {
  const der = input instanceof Uint8Array ? input : readAsn1('subjectAltName', () => input.extnValue.valueBlock.valueHexView.slice());
  return parseGeneralNames(der).entries;
}

// ---------------------------------------------------------------------------------------------
// Host matching: does a certificate cover a host name? (moved from xmail/diagnostics, issue 13 item 3)

/**
 * RFC 6125 6.4: DNS-ID match, case-insensitive; a wildcard only as the whole left-most label,
 * matching exactly one label (so `*.example.com` covers `mail.example.com`, not `example.com` nor
 * `a.b.example.com`). The CN is used only when the certificate has no DNS/IP SAN (RFC 6125 6.4.4).
 */
export function certificateCoversHost(cert: Pick<CertificateSummary, 'sans' | 'subject'> & { sanIssues?: CertificateSummary['sanIssues'] }, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const ids = cert.sans.filter((s) => s.type === 'dns' || s.type === 'ip');
  // A dNSName we dropped as invalid (screenForeignSans) was still presented: no CN fallback.
  const droppedDns = cert.sanIssues?.some((i) => i.code.startsWith('san.dns.')) ?? false;
  if (ids.length === 0 && !droppedDns) {
    const cn = cert.subject.find((a) => a.type === 'CN')?.value;
    return cn !== undefined && dnsIdMatches(cn, h);
  }
  return ids.some((s) => (s.type === 'ip' ? s.value === h : dnsIdMatches(s.value, h)));
}

/** One DNS-ID (a dNSName or a CN) against a host name already lower-cased without a final dot (RFC 6125 6.4.1, 6.4.3). */
export function dnsIdMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === host;
  const rest = p.slice(2);
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === rest && rest.includes('.');
}
