/**
 * The expiry calendar download: an .ics (serialized by ../calendar.ts) with every certificate
 * still in use and every active CA on its expiry day, worded in the vault's language setting
 * (src/i18n/downloads/hand-over.ts).
 */
import { translate } from '../../../i18n/translate.ts';
import { serializeExpiryCalendar, type CalendarEntry } from '../calendar.ts';
import type { StoreContext } from '../context.ts';
import { getSettings } from '../repositories.ts';
import type { ExportedFile } from './details.ts';
import { listCertificates } from './list.ts';

/** The .ics of every certificate still in use (not revoked, not superseded, not expired) and every active CA. */
export async function exportExpiryCalendar(ctx: StoreContext, options: { reminderDaysBefore?: number } = {}): Promise<ExportedFile> {
  const settings = await getSettings(ctx.db);
  const now = ctx.clock.now();
  // The list finds them (nearest expiry first); the summaries carry what the calendar says of each.
  // They are read in a second transaction: one revoked or renewed in between (another tab) is left out.
  const listed = await listCertificates(ctx, { status: 'valid' });
  const certs = (await ctx.db.certificateSummariesById(listed.map((i) => i.record.id))).filter(
    (r) => r.status !== 'revoked' && !r.supersededBy && Date.parse(r.notAfter) > now.getTime(),
  );
  const cas = (await ctx.db.getAll('cas')).filter((c) => c.status === 'active' && Date.parse(c.notAfter) > now.getTime());
  const lang = settings.language;
  const entries: CalendarEntry[] = [
    ...certs.map((r) => ({
      id: r.id,
      summary: translate(lang, 'calendar.summary.certificate', { name: r.commonName || r.subjectText }),
      description: translate(lang, 'calendar.description.certificate', {
        profile: translate(lang, `calendar.profile.${r.profile}`),
        subject: r.subjectText,
        serial: r.serialHex.toUpperCase(),
        issuer: r.issuerText,
      }),
      notAfter: new Date(r.notAfter),
    })),
    ...cas.map((c) => ({ id: c.id, summary: translate(lang, 'calendar.summary.ca', { name: c.name }), description: c.subjectText, notAfter: new Date(c.notAfter) })),
  ];
  const body = serializeExpiryCalendar(entries, { reminderDaysBefore: options.reminderDaysBefore ?? settings.defaults.reminderDaysBefore, now });
  return { filename: 'certificate-expiry.ics', mediaType: 'text/calendar', bytes: new TextEncoder().encode(body) };
}
