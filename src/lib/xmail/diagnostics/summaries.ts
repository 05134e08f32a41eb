/**
 * The English one-liner of each finding (rules.ts), for logs and tests: the UI words each id in ja
 * and en from the catalog (src/i18n/flows/current.ts) instead. Kept out of rules.ts so the page does
 * not carry them (issue 15 page size: no screen and no file of the page ever showed them); the
 * type makes a new finding id without its one-liner an error.
 */
import type { Finding, FindingId, FindingParam } from './rules.ts';

type Params = Readonly<Record<string, FindingParam>>;

/** A list param in an English summary. */
const list = (v: FindingParam | undefined): string => (Array.isArray(v) ? v.join(', ') : String(v));

const SUMMARIES: { readonly [id in FindingId]: (p: Params) => string } = {
  // server.tab and command line as files
  SERVER_TAB_UNREADABLE: (p) => `server.tab cannot be read (${p.code})`,
  SERVER_TAB_BOM: (p) => `server.tab starts with a UTF-8 BOM: XMail reads the name on line ${p.line} with the BOM, so "${p.name}" is not set`,
  SERVER_TAB_BOM_HARMLESS: () => 'server.tab starts with a UTF-8 BOM before a comment or empty line: nothing is lost',
  SERVER_TAB_ODD_LINE: (p) => `server.tab line ${p.line}: ${p.issue}`,
  SERVER_TAB_UNQUOTED: (p) => `server.tab line ${p.line}: "${p.name}" is not in quotes; XMail reads it all the same`,
  SERVER_TAB_LINE_SPLIT: (p) => `server.tab line ${p.line} is ${p.bytes} bytes: XMail reads 2046 bytes at a time and takes the rest as further lines`,
  SERVER_TAB_LINE_SPLIT_VALUE_CUT: (p) => `server.tab line ${p.line} is ${p.bytes} bytes: XMail reads only its first 2046 bytes as "${p.name}", so the value is cut`,
  SERVER_TAB_LINE_TAIL_SETTING: (p) => `server.tab line ${p.line}: XMail reads the rest of the line after 2046 bytes as a line of its own and sets "${p.name}" to "${p.value}"`,
  DUPLICATE_VARIABLE: (p) => `"${p.name}" on line ${p.line} is ignored: XMail uses line ${p.firstLine}`,
  BOOLEAN_WORD: (p) => `"${p.name}" is "${p.value}", which XMail reads as 0 (off); write "1" or "0"`,
  SMTP_CONFIG_SPACES: (p) => `"${p.name}" holds spaces ("${p.value}"): XMail does not recognise " ${p.flag}"`,
  SMTP_WANTTLS_DEFAULT: (p) => `SmtpConfig (line ${p.line}) has WantTLS: SMTP clients must use STARTTLS before MAIL FROM on every address no SmtpConfig-<ip> entry names`,
  SMTP_WANTTLS_ADDRESS: (p) => `${p.variable} (line ${p.line}) has WantTLS: SMTP clients connecting to ${p.address} must use STARTTLS before MAIL FROM`,
  SMTP_WANTTLS_OVERRIDDEN: (p) => `${p.variable} (line ${p.line}) has no WantTLS and replaces ${p.broader} whole for ${p.address}: TLS is not required there`,
  SMTP_WANTTLS_NO_STARTTLS: (p) => `${p.variable} asks for TLS before MAIL FROM but EnableSMTP-TLS is off: plain SMTP clients there can never send mail (503)`,
  SMTP_TLS_OBSOLETE: (p) => `"SMTP-TLS" (line ${p.line}) was removed in XMail 1.25 and has no effect`,
  COMMAND_LINE_UNREADABLE: (p) => `the command line cannot be read (${p.code})`,
  COMMAND_LINE_UNTERMINATED_QUOTE: (p) => `command line: the quote before "${p.token}" is never closed; XMail reads to the end of the line`,
  COMMAND_LINE_ARGUMENT_MISSING: (p) => `command line: "${p.token}" is the last token, so it has no value and XMail ignores it`,
  COMMAND_LINE_SWITCH_TAIL_IGNORED: (p) => `command line: XMail reads only the first three characters of "${p.token}", as "${p.readAs}"`,
  COMMAND_LINE_SWITCH_UNKNOWN: (p) => `command line: XMail does not know the switch "${p.token}" and ignores it`,
  COMMAND_LINE_NOT_AN_OPTION: (p) => `command line: XMail ignores "${p.token}" (not an option, not the value of one)`,
  COMMAND_LINE_ARGUMENT_IS_SWITCH: (p) => `command line: "${p.token}" takes "${p.arg}" as its value; the other services still read "${p.arg}" as a switch`,
  COMMAND_LINE_PORT_RANDOM: (p) => `command line: "${p.token} ${p.arg}" is port 0 for XMail: the system picks a random port`,
  COMMAND_LINE_PORT_MISREAD: (p) => `command line: XMail reads "${p.token} ${p.arg}" as port ${p.port}`,
  LISTENER_PORT_CONFLICT: (p) => `${p.first} and ${p.second} both listen on port ${p.port}: XMail cannot bind ${p.second} ("Socket bind error") and stops`,
  LISTENER_ADDRESS_CONFLICT: (p) => `${p.first} and ${p.second} both listen on ${p.address} port ${p.port}: XMail cannot bind ${p.second} ("Socket bind error") and stops`,
  LISTENER_PORT_OVERLAP: (p) => `${p.first} and ${p.second} both listen on port ${p.port} (${p.address} and every address): Linux refuses the second bind and XMail stops`,
  // what XMail offers
  STARTTLS_OFFERED: (p) => `${p.service} offers STARTTLS on port ${list(p.ports)}`,
  STARTTLS_OFFERED_FAILS: (p) => `${p.service} offers STARTTLS on port ${list(p.ports)}, but every TLS handshake fails (server.key/server.cert cannot be used)`,
  STARTTLS_NOT_OFFERED: (p) => `${p.service} on port ${list(p.ports)} does not offer STARTTLS (${p.variable} off)`,
  IMPLICIT_TLS_LISTENING: (p) => `${p.service} listens with implicit TLS on port ${list(p.ports)}`,
  IMPLICIT_TLS_LISTENING_FAILS: (p) => `${p.service} listens on port ${list(p.ports)}, but every connection fails (server.key/server.cert cannot be used)`,
  IMPLICIT_TLS_OFF: (p) => `${p.service} (implicit TLS) is off (-${p.letter}-)`,
  TLS_FULLY_OFF: () => 'no service offers TLS',
  OUTBOUND_TLS_FAILS: (p) => `outbound TLS (SmtpGwConfig NeedTLS=${p.level}) loads server.cert/server.key as XMail's client certificate and fails`,
  TARGET_TLS_1_0_ONLY: () => 'this XMail build speaks TLS 1.0 at most: current mail clients may refuse it',
  // server.key
  KEY_MISSING: () => 'server.key is missing',
  KEY_NOT_PEM: () => 'server.key is DER: XMail reads PEM only',
  KEY_ENCRYPTED: () => "server.key is encrypted: XMail sets no passphrase callback, so OpenSSL asks for it on the console at every handshake; as a service/daemon every TLS connection fails",
  KEY_UNPARSABLE: (p) => `server.key cannot be read (${p.code})`,
  KEY_MISMATCH: () => 'server.key does not belong to the first certificate in server.cert (the one XMail uses)',
  KEY_NOT_RSA_FOR_TARGET: (p) => `server.key is ${p.kind}: this XMail build (${p.target}) supports RSA keys only`,
  KEY_OK: (p) => `server.key is an unencrypted PEM ${p.kind} key that belongs to the first certificate of server.cert`,
  KEY_READABLE: (p) => `server.key is an unencrypted PEM ${p.kind} key XMail can load (no server.cert given to compare)`,
  KEY_CERT_UNUSED_TLS_OFF: () => 'server.key or server.cert is missing, which is fine: no service offers TLS and outbound TLS is off',
  // server.cert
  CERT_MISSING: () => 'server.cert is missing',
  CERT_NOT_PEM: () => 'server.cert is DER: XMail reads PEM only',
  CERT_UNPARSABLE: (p) => `server.cert cannot be read (${p.code})`,
  CERT_EXPIRED: (p) => `server.cert expired on ${p.notAfter}`,
  CERT_NOT_YET_VALID: (p) => `server.cert is not valid before ${p.notBefore}`,
  CERT_EXPIRES_SOON: (p) => `server.cert expires in ${p.days} days (${p.notAfter})`,
  CERT_VALID: (p) => `server.cert is valid until ${p.notAfter} (${p.days} days)`,
  CERT_HOST_NOT_COVERED: (p) => `server.cert does not cover ${p.host} (${p.variable})`,
  CERT_HOSTS_COVERED: (p) => `server.cert covers ${list(p.hosts)}`,
  CERT_SELF_SIGNED: () => 'server.cert is self-signed: mail clients will warn unless told to trust it',
  CHAIN_OUT_OF_ORDER: () => 'server.cert does not start with the server certificate: XMail takes the first certificate as its own and checks server.key against it, so every TLS handshake fails',
  CHAIN_INTERMEDIATES_OUT_OF_ORDER: () => 'server.cert starts with the server certificate, but the CA certificates after it are not in issuer order',
  CHAIN_INCOMPLETE: (p) => `server.cert holds only the server certificate; its issuer "${p.issuer}" is not included`,
  CHAIN_EXTRA_CERTIFICATE: (p) => `server.cert holds a certificate that is not on the chain: ${p.subject}`,
  CHAIN_INTERMEDIATES_IGNORED: (p) => `XMail before 1.27 sends only the first certificate of server.cert; ${p.count} intermediate(s) are ignored`,
  // client verification
  WANTCERT_ON: () => 'SSLWantCert is on: every TLS handshake without a client certificate fails, mail from other servers over STARTTLS included',
  WANTVERIFY_ON: () => 'SSLWantVerify is on: outbound TLS verifies remote servers against certs.pem/certs only',
  VERIFY_NO_TRUST_SOURCE: () => "verification is on but neither SSLUseCertsFile nor SSLUseCertsDir is: OpenSSL's built-in store is used",
  CERTS_FILE_MISSING: () => 'SSLUseCertsFile is on but MailRoot/certs.pem is missing',
  CERTS_FILE_UNPARSABLE: (p) => `certs.pem cannot be read (${p.code})`,
  CERTS_DIR_MISSING: () => 'SSLUseCertsDir is on but MailRoot/certs/ is missing or empty',
  CERTS_DIR_FILE_UNPARSABLE: (p) => `certs/${p.name} cannot be read (${p.code})`,
  CERTS_DIR_NAME_MISMATCH: (p) => `certs/${p.name} is not named after its subject hash (${p.hash} / ${p.hashOld})`,
  CERTS_DIR_WRONG_HASH_FOR_TARGET: (p) => `certs/ has ${p.subject} only as ${p.present}; this OpenSSL looks up ${p.expected}.N`,
  CERTS_DIR_GAP: (p) => `certs/ has ${p.hash}.${p.after} but not ${p.hash}.${p.missing}: OpenSSL stops at the gap`,
  CERTS_DIR_TOO_MANY_FILES: (p) => `certs/ has ${p.count} files; only the first ${p.max} were checked`,
  CERTS_UNUSED: (p) => `${p.file} is present but not used (${p.variable} is off)`,
  CLIENT_CHAIN_SHA256_FOR_TARGET: (p) => `${p.subject} is signed with ${p.hash}, which this XMail build (${p.target}) probably cannot verify`,
};

/** A finding as one English line. */
export function findingSummary(f: Pick<Finding, 'id' | 'params'>): string {
  return SUMMARIES[f.id](f.params);
}
