/**
 * How the catalogs read (issue 17 items 4, 6, 9; issue 13 items 1, 8): a Japanese sentence holds no
 * internal code and no English prose, one term per concept (glossary.ts), one date format per
 * language (dates.ts, the only date formatter in src/), and English counts never read "1 certificates".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './dates.ts';
import { en } from './en.ts';
import { EN_GLOSSARY, JA_GLOSSARY } from './glossary.ts';
import { ja } from './ja.ts';
import { LANGS } from './translate.ts';

const jaEntries = Object.entries(ja);
const enEntries = Object.entries(en);
/** XMail's own names that a Japanese sentence must quote as they are (registry values, server.tab variables). */
const XMAIL_NAMES = /\b(?:X?MAIL_CMD_LINE|MAIL_ROOT|HKEY_LOCAL_MACHINE)\b/g;

describe('Japanese catalog: no codes, no English prose', () => {
  it('no ja message shows an internal code such as (NO_VALUE), (PEM_NO_BLOCK) or (official-1.27-win)', () => {
    const code = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\((?:[a-z]+[A-Z][A-Za-z]*|[a-z0-9]+(?:-[a-z0-9.+]+){2,})\)/;
    const hits = jaEntries.filter(([, text]) => code.test(text.replace(XMAIL_NAMES, ''))).map(([key, text]) => `${key}: ${text}`);
    expect(hits).toEqual([]);
  });

  it('no ja message carries an English sentence fragment', () => {
    // Three lower-case English words in a row ("server.key and server.cert", "is not valid") are prose;
    // file names, switches and variable names do not come three in a row with spaces.
    const prose = /(?<![A-Za-z])[a-z]{2,}(?: [a-z]{2,}){2,}(?![A-Za-z])/;
    const hits = jaEntries.filter(([, text]) => prose.test(text)).map(([key, text]) => `${key}: ${text}`);
    expect(hits).toEqual([]);
  });

  it('the prose check catches the fragments issue 13 and 17 found', () => {
    const prose = /(?<![A-Za-z])[a-z]{2,}(?: [a-z]{2,}){2,}(?![A-Za-z])/;
    const code = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\((?:[a-z]+[A-Z][A-Za-z]*|[a-z0-9]+(?:-[a-z0-9.+]+){2,})\)/;
    expect(prose.test('TLS が有効なのに server.key and server.cert がありません')).toBe(true);
    expect(code.test('値がありません (NO_VALUE)')).toBe(true);
    expect(code.test('秘密鍵の流出 (keyCompromise)')).toBe(true);
    expect(code.test('この XMail (official-1.27-win) は')).toBe(true);
    expect(code.test('レジストリの MAIL_CMD_LINE の値'.replace(XMAIL_NAMES, ''))).toBe(false);
  });
});

describe('glossary: one term per concept', () => {
  it.each(JA_GLOSSARY.map((term) => [term.use, term.avoid] as const))('ja uses %s', (_use, avoid) => {
    expect(jaEntries.filter(([, text]) => avoid.test(text)).map(([key]) => key)).toEqual([]);
  });

  it.each(EN_GLOSSARY.map((term) => [term.use, term.avoid] as const))('en uses %s', (_use, avoid) => {
    expect(enEntries.filter(([, text]) => avoid.test(text)).map(([key]) => key)).toEqual([]);
  });
});

describe('one date format per language', () => {
  const at = new Date('2026-12-01T14:44:00Z');
  it.each([
    ['ja', '2026/12/1', '2026/12/1 14:44'],
    ['en', '1 Dec 2026', '1 Dec 2026, 14:44'],
  ] as const)('%s writes %s and %s', (lang, day, moment) => {
    expect(formatDate(lang, at, 'UTC')).toBe(day);
    expect(formatDateTime(lang, at, 'UTC')).toBe(moment);
  });

  it.each(LANGS)('an ISO day is that day in %s, whatever the time zone', (lang) => {
    expect(formatDate(lang, '2026-12-01')).toBe(formatDate(lang, at, 'UTC'));
  });

  it('no other code in src/ formats a date for display', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(?:ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name)) files.push(path);
      }
    };
    walk('src');
    const formatter = /toLocale(?:Date|Time)?String\(|Intl\.DateTimeFormat/;
    const offenders = files.filter((f) => !f.endsWith(join('i18n', 'dates.ts')) && formatter.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('no catalog text writes a date itself', () => {
    const literalDate = /\b\d{4}-\d{2}-\d{2}\b|\d{4}年\d{1,2}月\d{1,2}日/;
    expect([...jaEntries, ...enEntries].filter(([, text]) => literalDate.test(text)).map(([key]) => key)).toEqual([]);
  });
});

describe('English counts', () => {
  it('no en message puts a count before a plural noun ("{count} certificates" reads "1 certificates")', () => {
    const counts = /\{(?:count|n|days|bytes|done|total|certificates|cas|keys|identical|revoked|reissued|changes|found|length|line)\} (?!(?:is|was|has|does|bits)\b)[a-z]+s\b/;
    expect(enEntries.filter(([, text]) => counts.test(text)).map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});
