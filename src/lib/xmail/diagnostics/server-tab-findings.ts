/**
 * Findings about server.tab as a file XMail reads (SvrUtils.cpp SvrReadConfig: lines of at most
 * 2046 bytes, "name"<TAB>"value", first occurrence wins) and about its TLS settings as XMail
 * applies them (SMTPSvr.cpp SMTPInitSession for SmtpConfig).
 */
import { dequote, lineByteLength, serverTabIssues, type ServerTab } from '../server-tab.ts';
import { broaderSmtpConfig, isMisleadingBoolean, smtpConfigWantsTls, TLS_BOOLEAN_VARIABLES, type TlsSettings } from '../tls-settings.ts';
import { finding, type Finding } from './rules.ts';

/** Every finding of the file's lines and of its TLS settings. */
export function diagnoseServerTabText(tab: ServerTab, settings: TlsSettings, out: Finding[]): void {
  const bomLine = tab.lines[0]?.raw.startsWith('\uFEFF') ? 1 : 0;
  for (const issue of serverTabIssues(tab)) {
    const line = tab.lines[issue.lineNumber - 1]!;
    if (issue.code === 'DUPLICATE') {
      out.push(finding('DUPLICATE_VARIABLE', { name: issue.name ?? '', line: issue.lineNumber, firstLine: issue.firstLineNumber ?? 0 }));
    } else if (issue.code === 'LINE_SPLIT') {
      diagnoseSplitLine(tab, issue.lineNumber, out);
    } else if (issue.code === 'BOM') {
      diagnoseBom(line, issue.lineNumber, out);
    } else if (issue.piece !== undefined || line.tail !== undefined || issue.lineNumber === bomLine) {
      // The rest of a split line, and the cut first piece, are SERVER_TAB_LINE_SPLIT*'s to explain;
      // the BOM line is SERVER_TAB_BOM's.
    } else if (issue.code === 'UNQUOTED') {
      out.push(finding('SERVER_TAB_UNQUOTED', { line: issue.lineNumber, name: issue.name ?? '' }));
    } else {
      out.push(finding('SERVER_TAB_ODD_LINE', { line: issue.lineNumber, issue: issue.code }));
    }
  }
  for (const name of TLS_BOOLEAN_VARIABLES) {
    const s = settings.booleans[name];
    if (s.raw !== undefined && isMisleadingBoolean(s.raw) && s.source.kind === 'line') {
      out.push(finding('BOOLEAN_WORD', { name, value: s.raw, line: s.source.lineNumber }));
    }
  }
  for (const c of settings.smtpConfigs) {
    const spaced = c.flags.find((f) => f !== f.trim());
    if (spaced !== undefined) out.push(finding('SMTP_CONFIG_SPACES', { name: c.name, value: c.raw, flag: spaced.trim(), line: c.lineNumber }));
  }
  diagnoseSmtpConfigs(settings, out);
  if (settings.obsoleteSmtpTlsLine !== undefined) out.push(finding('SMTP_TLS_OBSOLETE', { line: settings.obsoleteSmtpTlsLine }));
}

/**
 * WantTLS per address, with XMail's precedence (SMTPSvr.cpp SMTPInitSession; smtpConfigFor): the
 * most specific SmtpConfig found is used whole, so a specific entry without WantTLS cancels a
 * broader one's for its address.
 */
function diagnoseSmtpConfigs(settings: TlsSettings, out: Finding[]): void {
  const starttls = settings.booleans['EnableSMTP-TLS'].value;
  for (const c of settings.smtpConfigs) {
    if (c.address === undefined) {
      if (smtpConfigWantsTls(c)) out.push(finding('SMTP_WANTTLS_DEFAULT', { line: c.lineNumber }));
    } else {
      const address = c.name.slice('SmtpConfig-'.length);
      const broader = broaderSmtpConfig(settings, c);
      if (smtpConfigWantsTls(c)) out.push(finding('SMTP_WANTTLS_ADDRESS', { variable: c.name, line: c.lineNumber, address }));
      else if (smtpConfigWantsTls(broader)) {
        out.push(finding('SMTP_WANTTLS_OVERRIDDEN', { variable: c.name, line: c.lineNumber, address, broader: broader!.name }));
      }
    }
    if (smtpConfigWantsTls(c) && !starttls) out.push(finding('SMTP_WANTTLS_NO_STARTTLS', { variable: c.name }));
  }
}

/**
 * A line XMail reads in pieces (SvrUtils.cpp SvrReadConfig, fgets of 2046 bytes): the first piece
 * keeps the line's setting with its value cut, and every further piece that holds a TAB is a
 * setting of its own.
 */
function diagnoseSplitLine(tab: ServerTab, lineNumber: number, out: Finding[]): void {
  const line = tab.lines[lineNumber - 1]!;
  const bytes = lineByteLength(line.raw, tab.encoding);
  const tailSettings = (line.tail ?? []).filter((p) => p.kind === 'entry');
  if (line.kind === 'entry') out.push(finding('SERVER_TAB_LINE_SPLIT_VALUE_CUT', { line: lineNumber, bytes, name: line.name }));
  else out.push(finding('SERVER_TAB_LINE_SPLIT', { line: lineNumber, bytes }, tailSettings.length > 0 ? { severity: 'warning' } : {}));
  for (const p of tailSettings) out.push(finding('SERVER_TAB_LINE_TAIL_SETTING', { line: lineNumber, name: p.name, value: p.value }));
}

/**
 * XMail reads server.tab as bytes: a UTF-8 BOM becomes part of the first line. Before a setting the
 * name no longer matches (the setting is lost); before a comment or an empty line nothing is lost.
 */
function diagnoseBom(line: ServerTab['lines'][number], lineNumber: number, out: Finding[]): void {
  const rest = line.raw.slice(1);
  const fields = rest.split('\t').filter((f) => f !== '');
  if (rest.startsWith('#') || fields.length < 2) {
    out.push(finding('SERVER_TAB_BOM_HARMLESS', { line: lineNumber }));
    return;
  }
  out.push(finding('SERVER_TAB_BOM', { line: lineNumber, name: dequote(fields[0]!).text }));
}
