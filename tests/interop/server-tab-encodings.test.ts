/**
 * Live-server safety: the administrator's server.tab comes back with its own bytes from every
 * bundle kind that ships a merged server.tab (server certificate, TLS mode, CA for clients).
 * Japanese Windows saves server.tab as Shift_JIS ("ANSI") with CRLF; a European one as CP1252; a
 * newer editor as UTF-8 with a BOM. Every line the bundle does not change must be in
 * MailRoot/server.tab byte for byte, the lines it adds are ASCII, and GNU patch with
 * server.tab.patch on the original file gives exactly that file (tests/e2e/checks.ts
 * checkServerTabBytes). Failed on main: a file that is not UTF-8 was written as the UTF-8 of its
 * Latin-1 reading (`83 65`, Shift_JIS "テ", came out as `c2 83 65`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BundleFile } from '../../src/lib/bundle/index.ts';
import { CERT_DER, KEY_PEM } from '../../src/lib/bundle/test-fixtures.ts';
import { parsePrivateKey } from '../../src/lib/pki/index.ts';
import { buildClientCaBundle, buildModeBundle, buildServerBundle, planClientVerify, planModeChange } from '../../src/lib/recipes/index.ts';
import { getVariable, parseServerTab, type ServerTabChange } from '../../src/lib/xmail/index.ts';
import { checkServerTabBytes } from '../e2e/checks.ts';
import { tmpDir } from './helpers.ts';

const FIXTURES = new URL('../fixtures/xmail/', import.meta.url);
const dir = tmpDir('server-tab-encodings-');
afterAll(() => dir.cleanup());

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
/** "# テスト 日本語" and "# 表ソ" in Shift_JIS; 表 and ソ end in 0x5C, a backslash in ASCII. */
const SJIS_COMMENT = bytes('# ', [0x83, 0x65, 0x83, 0x58, 0x83, 0x67], ' ', [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]);
const SJIS_COMMENT_5C = bytes('# ', [0x95, 0x5c, 0x83, 0x5c]);
/** "詳細は管理者へ" in Shift_JIS (as in shift-jis.tab), the value of a setting no bundle changes. */
const SJIS_VALUE = bytes('"CustomSMTPMessage"\t"', [0x8f, 0xda, 0x8d, 0xd7, 0x82, 0xcd, 0x8a, 0xc7, 0x97, 0x9d, 0x8e, 0xd2, 0x82, 0xd6], '"');
/** "# Réglages — modifiés" and "# Grüße" in CP1252 (0x97 is CP1252's em dash). */
const CP1252_COMMENT = bytes('# R', [0xe9], 'glages ', [0x97], ' modifi', [0xe9], 's');
const CP1252_COMMENT_2 = bytes('# Gr', [0xfc, 0xdf], 'e');

/**
 * The stock 1.27 server.tab with non-ASCII lines at the top, inside a setting it has, and right
 * above the commented-out TLS templates the bundles write under (so they are context lines of the
 * patch), every line ending in `eol`.
 */
function stockWith(eol: '\n' | '\r\n', top: Buffer[], nearTls: Buffer[], value?: Buffer): Buffer {
  const stock = readFileSync(new URL('server.tab', FIXTURES), 'latin1').split('\n').slice(0, -1).map((l) => Buffer.from(l, 'latin1'));
  const tls = stock.findIndex((l) => l.toString('latin1').startsWith('#"EnableCTRL-TLS"'));
  const lines = [...top, ...stock.slice(0, tls), ...nearTls, ...stock.slice(tls), ...(value ? [value] : [])];
  return Buffer.concat(lines.flatMap((l) => [l, Buffer.from(eol)]));
}

const INPUTS = [
  { name: 'Shift_JIS, LF', file: stockWith('\n', [SJIS_COMMENT], [SJIS_COMMENT_5C], SJIS_VALUE), encoding: 'latin1' },
  { name: 'Shift_JIS, CRLF (Notepad on Japanese Windows)', file: stockWith('\r\n', [SJIS_COMMENT], [SJIS_COMMENT_5C, SJIS_COMMENT], SJIS_VALUE), encoding: 'latin1' },
  { name: 'CP1252, CRLF', file: stockWith('\r\n', [CP1252_COMMENT], [CP1252_COMMENT_2]), encoding: 'latin1' },
  { name: 'UTF-8 with a BOM, CRLF', file: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), stockWith('\r\n', [Buffer.from('# 日本語のコメント')], [Buffer.from('# 証明書の設定')])]), encoding: 'utf-8' },
] as const;

interface Made {
  files: BundleFile[];
  changes: ServerTabChange[];
}

const KINDS: Array<{ kind: string; make: (serverTab: Uint8Array, os: 'unix' | 'windows') => Promise<Made> }> = [
  {
    kind: 'server certificate',
    make: async (serverTab, os) => {
      const b = await buildServerBundle({ os, lang: 'en', key: await parsePrivateKey(KEY_PEM), chain: [CERT_DER], hostNames: ['mail.example.com'], serverTab });
      return { files: b.files, changes: b.plan.serverTabChanges };
    },
  },
  {
    kind: 'TLS mode (require TLS)',
    make: async (serverTab, os) => {
      const change = planModeChange({ mode: 'require-tls', os, serverTab });
      return { files: await buildModeBundle({ change, os }), changes: change.plan.serverTabChanges };
    },
  },
  {
    kind: 'CA for clients',
    make: async (serverTab, os) => {
      const change = planClientVerify({ requireCertificate: true, target: 'openssl-1.0.1+', os, serverTab });
      return { files: await buildClientCaBundle({ cas: [CERT_DER], change, os, lang: 'en' }), changes: change.plan.serverTabChanges };
    },
  },
];

describe('the user server.tab keeps its bytes in every bundle that merges it', () => {
  it('the inputs are what they claim: Shift_JIS decodes to Japanese, none but the BOM file is UTF-8', () => {
    const sjis = new TextDecoder('shift_jis');
    expect(sjis.decode(SJIS_COMMENT)).toBe('# テスト 日本語');
    expect(sjis.decode(SJIS_COMMENT_5C)).toBe('# 表ソ');
    expect(sjis.decode(SJIS_VALUE)).toBe('"CustomSMTPMessage"\t"詳細は管理者へ"');
    // Node decodes windows-1252 as ISO-8859-1 (0x97 stays U+0097), so the em dash is not checked here.
    expect(new TextDecoder('windows-1252').decode(CP1252_COMMENT).replace('\u0097', '—')).toBe('# Réglages — modifiés');
    expect(new TextDecoder('windows-1252').decode(CP1252_COMMENT_2)).toBe('# Grüße');
    for (const input of INPUTS) expect(parseServerTab(input.file).encoding, input.name).toBe(input.encoding);
  });

  const cases = INPUTS.flatMap((input) => KINDS.map((kind) => ({ ...kind, input: input.name, file: input.file, os: input.file.includes('\r\n') ? ('windows' as const) : ('unix' as const) })));
  it.each(cases)('$kind from a $input server.tab', async ({ kind, input, file, os, make }) => {
    const { files, changes } = await make(new Uint8Array(file), os);
    const get = (path: string) => files.find((f) => f.path === path)!.bytes;
    const merged = get('MailRoot/server.tab');
    expect(changes.length).toBeGreaterThan(0);
    const check = await checkServerTabBytes(file, merged, get('server.tab.patch'), new Set(changes.map((c) => c.name)), join(dir.path, `${kind}-${input}`.replace(/[^A-Za-z0-9]+/g, '-')));
    expect(check.lost).toEqual([]);
    expect(check.addedNonAscii).toEqual([]);
    expect(check.patch.code, check.patch.stdout + check.patch.stderr).toBe(0);
    expect(Buffer.from(check.patched).equals(Buffer.from(merged))).toBe(true);
    // XMail reads the merged file with the changes in it: the same variables, now set.
    const after = parseServerTab(merged);
    expect(after.encoding).toBe(parseServerTab(file).encoding);
    for (const c of changes) expect(getVariable(after, c.name)?.value, c.name).toBe(c.value ?? undefined);
    expect(Buffer.from(merged).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
  });
});
