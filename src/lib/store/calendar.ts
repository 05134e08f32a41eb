/**
 * Expiry calendar: an iCalendar file (RFC 5545) with one VEVENT per certificate on its notAfter
 * day and a VALARM some days before. Lines end in CRLF and are folded at 75 octets (3.1); TEXT
 * values escape backslash, semicolon, comma and newline (3.3.11), and any other control or bidi
 * character is shown as <U+XXXX> (RFC 5545 3.3.11 allows no CONTROL in TEXT; issue 12 item 2).
 */
import { inertLine } from '../plain-text.ts';
import { DAY_MS } from '../time.ts';
import { compareText } from './order.ts';

export interface CalendarEntry {
  /** Stable id: the same certificate gives the same UID, so re-importing updates the event. */
  id: string;
  summary: string;
  description?: string;
  notAfter: Date;
}

export interface CalendarOptions {
  /** Alarm this many days before expiry (RFC 5545 3.8.6.3 TRIGGER with a negative duration). */
  reminderDaysBefore: number;
  /** DTSTAMP (3.8.7.2); injectable for deterministic output. */
  now: Date;
  /** Domain part of UIDs. */
  uidDomain?: string;
}

export function escapeIcsText(value: string): string {
  return inertLine(value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n'));
}

/** Folds a content line at 75 octets without splitting a UTF-8 sequence (RFC 5545 3.1). */
export function foldIcsLine(line: string): string {
  const encoder = new TextEncoder();
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with one space
    if (size + n > limit) {
      out.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function dateValue(d: Date): string {
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

export function serializeExpiryCalendar(entries: readonly CalendarEntry[], options: CalendarOptions): string {
  const domain = options.uidDomain ?? 'xmail-tls.invalid';
  const days = Math.max(0, Math.floor(options.reminderDaysBefore));
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//XMail TLS workshop//certificate expiry//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  for (const e of [...entries].sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime() || compareText(a.id, b.id))) {
    const end = new Date(e.notAfter.getTime() + DAY_MS);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeIcsText(e.id)}@${domain}`,
      `DTSTAMP:${utcStamp(options.now)}`,
      `DTSTART;VALUE=DATE:${dateValue(e.notAfter)}`,
      `DTEND;VALUE=DATE:${dateValue(end)}`,
      `SUMMARY:${escapeIcsText(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${escapeIcsText(e.description)}`] : []),
      'TRANSP:TRANSPARENT',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeIcsText(e.summary)}`,
      `TRIGGER:-P${days}D`,
      'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}
