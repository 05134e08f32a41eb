/**
 * The server.tab variables that decide XMail's TLS behaviour, typed, with XMail 1.27's defaults
 * (../shared/reference/xmail-tls.md, "server.tab variables for TLS"), and the effective reading of
 * a parsed server.tab: each value as XMail sees it and where it came from (its default or line N).
 *
 * Booleans are `atoi(value) != 0` in XMail (SvrGetConfigInt): "1" is on; "true" and "yes" are OFF.
 * We always write "1"/"0".
 */
import { entries, type ServerTab } from './server-tab.ts';

export const TLS_BOOLEAN_VARIABLES = [
  'EnableSMTP-TLS',
  'EnablePOP3-TLS',
  'EnableCTRL-TLS',
  'SSLUseCertsFile',
  'SSLUseCertsDir',
  'SSLWantVerify',
  'SSLWantCert',
  'SSLAllowSelfSigned',
] as const;
export type TlsBooleanVariable = (typeof TLS_BOOLEAN_VARIABLES)[number];

/** XMail's built-in defaults: STARTTLS offered on all three services, no peer verification. */
export const TLS_BOOLEAN_DEFAULTS: Readonly<Record<TlsBooleanVariable, boolean>> = {
  'EnableSMTP-TLS': true,
  'EnablePOP3-TLS': true,
  'EnableCTRL-TLS': true,
  SSLUseCertsFile: false,
  SSLUseCertsDir: false,
  SSLWantVerify: false,
  SSLWantCert: false,
  SSLAllowSelfSigned: false,
};

/** Removed in XMail 1.25; never written, flagged when found. */
export const OBSOLETE_TLS_VARIABLE = 'SMTP-TLS';

/** Host-name variables whose names the server certificate should cover. */
export const HOST_NAME_VARIABLES = ['RootDomain', 'SmtpServerDomain', 'POP3Domain', 'HeloDomain'] as const;

export type SettingSource = { kind: 'default' } | { kind: 'line'; lineNumber: number };

export interface Setting<T> {
  value: T;
  /** The text in server.tab (undefined when the default applies). */
  raw?: string;
  source: SettingSource;
  /** Later lines with the same name, which XMail ignores. */
  duplicateLines: number[];
}

export interface SmtpConfigSetting {
  /** `SmtpConfig`, `SmtpConfig-<ip>` or `SmtpConfig-<ip>,<port>`. */
  name: string;
  address?: string;
  port?: number;
  raw: string;
  /** The comma list as XMail splits it (no trimming: " WantTLS" is not "WantTLS"). */
  flags: string[];
  lineNumber: number;
}

export interface TlsSettings {
  booleans: Record<TlsBooleanVariable, Setting<boolean>>;
  maxCertsDepth: Setting<number>;
  smtpConfigs: SmtpConfigSetting[];
  /** `SmtpNoTLSAuths`: undefined when unset (every AUTH method allowed in clear). */
  smtpNoTlsAuths?: Setting<string[]>;
  /** `SmtpGwConfig` NeedTLS: 0 never, 1 try, 2 require (unset: 0); `raw` is the whole SmtpGwConfig value. */
  needTls: Setting<0 | 1 | 2>;
  obsoleteSmtpTlsLine?: number;
  hostNames: Array<{ variable: (typeof HOST_NAME_VARIABLES)[number]; value: string; lineNumber: number }>;
}

/** C `atoi`: leading blanks, an optional sign, then digits; anything else stops it (so "true" is 0). */
export function xmailAtoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  if (!m) return 0;
  const n = parseInt(m[1]!, 10);
  return Number.isFinite(n) ? n : 0;
}

export function xmailBoolean(text: string): boolean {
  return xmailAtoi(text) !== 0;
}

/** Is this text a boolean written the way the author probably did not mean ("true", "yes", "on")? */
export function isMisleadingBoolean(text: string): boolean {
  return /^\s*(true|yes|on|enabled?)\s*$/i.test(text);
}

export function serializeBoolean(on: boolean): '1' | '0' {
  return on ? '1' : '0';
}

export function readTlsSettings(model: ServerTab): TlsSettings {
  const all = entries(model);
  const firstOf = (name: string) => {
    const hits = all.filter((e) => e.name === name);
    return { first: hits[0], duplicateLines: hits.slice(1).map((h) => h.lineNumber) };
  };
  /** The variable as XMail uses it: its first line read by `read`, else `fallback` (XMail's default). */
  const setting = <T>(name: string, read: (raw: string) => T, fallback: T): Setting<T> => {
    const { first, duplicateLines } = firstOf(name);
    return first
      ? { value: read(first.value), raw: first.value, source: { kind: 'line', lineNumber: first.lineNumber }, duplicateLines }
      : { value: fallback, source: { kind: 'default' }, duplicateLines };
  };
  const booleans = {} as Record<TlsBooleanVariable, Setting<boolean>>;
  for (const name of TLS_BOOLEAN_VARIABLES) booleans[name] = setting(name, xmailBoolean, TLS_BOOLEAN_DEFAULTS[name]);
  const maxCertsDepth = setting('SSLMaxCertsDepth', xmailAtoi, 0);

  const seen = new Set<string>();
  const smtpConfigs: SmtpConfigSetting[] = [];
  for (const e of all) {
    const m = /^SmtpConfig(?:-([^,]+)(?:,(\d+))?)?$/.exec(e.name);
    if (!m || seen.has(e.name)) continue;
    seen.add(e.name);
    smtpConfigs.push({
      name: e.name,
      ...(m[1] !== undefined ? { address: m[1] } : {}),
      ...(m[2] !== undefined ? { port: Number(m[2]) } : {}),
      raw: e.value,
      flags: e.value === '' ? [] : e.value.split(','),
      lineNumber: e.lineNumber,
    });
  }

  const noTls = setting('SmtpNoTLSAuths', (raw) => (raw === '' ? [] : raw.split(',')), []);
  const gw = setting('SmtpGwConfig', (raw) => raw, '');
  const needTlsMatch = /(?:^|,)NeedTLS=(\d+)/.exec(gw.value);
  const needTlsValue = needTlsMatch ? Math.min(2, Math.max(0, Number(needTlsMatch[1]))) as 0 | 1 | 2 : 0;
  const obsolete = firstOf(OBSOLETE_TLS_VARIABLE).first;
  const hostNames: TlsSettings['hostNames'] = [];
  for (const variable of HOST_NAME_VARIABLES) {
    const h = firstOf(variable).first;
    if (h && h.value !== '') hostNames.push({ variable, value: h.value, lineNumber: h.lineNumber });
  }
  return {
    booleans,
    maxCertsDepth,
    smtpConfigs,
    ...(noTls.source.kind === 'line' ? { smtpNoTlsAuths: noTls } : {}),
    needTls: { ...gw, value: needTlsValue },
    ...(obsolete ? { obsoleteSmtpTlsLine: obsolete.lineNumber } : {}),
    hostNames,
  };
}

/** Merges `flag` into a SmtpConfig comma list, keeping the other flags, exact case, no spaces. */
export function mergeSmtpConfigFlag(value: string, flag: string): string {
  const flags = value
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (!flags.includes(flag)) flags.push(flag);
  return flags.join(',');
}

/**
 * The SmtpConfig XMail applies to an SMTP connection that arrived on local address `ip` and port
 * `port` (SMTPSvr.cpp SMTPInitSession, XMail 1.27): `SmtpConfig-<ip>,<port>`, else
 * `SmtpConfig-<ip>`, else `SmtpConfig`; the first one found is used WHOLE (nothing is merged from
 * the broader ones). `ip` undefined: a connection to an address no specific entry names.
 */
export function smtpConfigFor(settings: TlsSettings, ip?: string, port?: number): SmtpConfigSetting | undefined {
  const byName = new Map(settings.smtpConfigs.map((c) => [c.name, c]));
  const chain = [
    ...(ip !== undefined && port !== undefined ? [`SmtpConfig-${ip},${port}`] : []),
    ...(ip !== undefined ? [`SmtpConfig-${ip}`] : []),
    'SmtpConfig',
  ];
  for (const name of chain) {
    const c = byName.get(name);
    if (c) return c;
  }
  return undefined;
}

/** The entry XMail would use for this entry's address if this entry were not there. */
export function broaderSmtpConfig(settings: TlsSettings, config: SmtpConfigSetting): SmtpConfigSetting | undefined {
  if (config.address === undefined) return undefined;
  if (config.port !== undefined) return smtpConfigFor(settings, config.address);
  return smtpConfigFor(settings);
}

/**
 * Whether an SmtpConfig value asks for TLS before MAIL FROM: SMTPSvr.cpp SMTPSvrCfgOptionsAssign
 * through MiscUtils.cpp MscParseOptions: comma-separated `name[=value]`, `strcmp(name, "WantTLS")`
 * (exact case, no trimming), on when there is no value or `atoi(value) != 0`.
 */
export function smtpConfigWantsTls(config: SmtpConfigSetting | undefined): boolean {
  if (!config) return false;
  return config.flags.some((f) => {
    const eq = f.indexOf('=');
    const name = eq < 0 ? f : f.slice(0, eq);
    return name === 'WantTLS' && (eq < 0 || xmailAtoi(f.slice(eq + 1)) !== 0);
  });
}
