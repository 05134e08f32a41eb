/**
 * Every bundle kind, for each OS (issue 10): which files it carries, and its INSTALL.ja/en text as
 * reviewed file snapshots (__snapshots__/install/). Points checked in code, not only by review:
 * startup files only as a change to the user's line and only for the user's OS; backups name only
 * the files the bundle replaces; a restart step only with a command-line change; layered bundles
 * say what they build on.
 */
import { describe, expect, it } from 'vitest';
import { buildMailRootBundle, type BundleFile, type TargetOs } from '../bundle/index.ts';
import { pemMarker } from '../bundle/mailroot.ts';
import { CERT_DER, CERT_PEM, KEY_PEM, RETIRED_CA_DER, RETIRED_CA_HASHES, countingUUID } from '../bundle/test-fixtures.ts';
import { encodePem, parsePrivateKey } from '../pki/index.ts';
import { buildClientCaBundle, planClientVerify } from './client-ca.ts';
import { buildModeBundle, planModeChange } from './modes.ts';
import { buildServerBundle } from './server-common.ts';
import { STOCK_SERVER_TAB } from './stock-server-tab.ts';

const USER_LINE = '-Md -Ms "/var/Mail Root" -Sp 2525 -Pl -Qn 4';
const text = (f: BundleFile | undefined) => new TextDecoder().decode(f!.bytes).replace(/^\ufeff/, '');

type Kind = { name: string; build: (os: TargetOs) => Promise<BundleFile[]> };

const KINDS: Kind[] = [
  {
    name: 'server-self-signed',
    build: async (os) => (await buildServerBundle({ os, lang: 'ja', key: await parsePrivateKey(KEY_PEM), chain: [CERT_DER], hostNames: ['mail.example.com'], commandLine: USER_LINE })).files,
  },
  {
    name: 'server-private-ca-with-server-tab',
    build: async (os) => (await buildServerBundle({ os, lang: 'ja', key: await parsePrivateKey(KEY_PEM), chain: [CERT_DER], caCertificates: [CERT_DER], caName: 'Example CA', hostNames: ['mail.example.com'], serverTab: STOCK_SERVER_TAB, commandLine: USER_LINE })).files,
  },
  {
    // The public-CA flow's bundle is buildServerBundle without CA files; a public chain is not self-issued.
    name: 'server-public',
    build: (os) => buildMailRootBundle({ os, serverKeyPem: KEY_PEM, serverCertChainPem: CERT_PEM, selfSigned: false, hostNames: ['mail.example.com'] }, { randomUUID: countingUUID() }),
  },
  {
    name: 'client-ca',
    build: (os) => buildClientCaBundle({ cas: [CERT_DER], change: planClientVerify({ requireCertificate: false, target: 'official-1.27-win', os }), os, lang: 'ja' }),
  },
  {
    // The rotation of the client CA (manage.ts rotationZip): the new CA added, the retired one removed.
    name: 'client-ca-rotation',
    build: (os) => buildMailRootBundle({ os, lang: 'ja', clientVerifyCas: [CERT_DER], clientVerifyRetired: [RETIRED_CA_DER], hashStyle: 'both' }, { randomUUID: countingUUID() }),
  },
  ...(['off', 'require-tls', 'full', 'client-verify'] as const).flatMap((mode): Kind[] => [
    { name: `mode-${mode}-no-line`, build: (os) => buildModeBundle({ change: planModeChange({ mode, os, options: { clientVerify: { certsFile: true, certsDir: true, requireCertificate: false } } }), os }) },
    { name: `mode-${mode}-user-line`, build: (os) => buildModeBundle({ change: planModeChange({ mode, os, commandLine: USER_LINE, options: { clientVerify: { certsFile: true, certsDir: true, requireCertificate: false } } }), os }) },
  ]),
];

const STARTUP_BY_OS: Record<TargetOs, string[]> = {
  windows: ['startup/xmail-cmdline.txt', 'startup/xmail-registry.reg', 'startup/xmail-registry-32bit-xmail-on-64bit-windows.reg'],
  unix: ['startup/xmail-cmdline.txt', 'startup/xmail-init-script-line.txt'],
};

/** Which kinds change the user's line when it is given (the others need no switch). */
const CHANGES_LINE = new Set(['mode-off-user-line', 'mode-require-tls-user-line']);

describe.each(['windows', 'unix'] as const)('bundle kinds (%s)', (os) => {
  it.each(KINDS.map((k) => [k.name, k] as const))('%s: startup files only as a change, only for this OS', async (name, kind) => {
    const files = await kind.build(os);
    const startup = files.map((f) => f.path).filter((p) => p.startsWith('startup/'));
    expect(startup).toEqual(CHANGES_LINE.has(name) ? STARTUP_BY_OS[os] : []);
    const en = text(files.find((f) => f.path === 'INSTALL.en.txt'));
    const ja = text(files.find((f) => f.path === 'INSTALL.ja.txt'));
    // Never a made-up line.
    for (const f of files.filter((x) => x.path.startsWith('startup/'))) expect(text(f)).not.toMatch(/XMAIL_CMD_LINE=""|^\s*$/);
    if (CHANGES_LINE.has(name)) {
      const line = text(files.find((f) => f.path === 'startup/xmail-cmdline.txt')).trimEnd();
      expect(line.startsWith('-Md -Ms "/var/Mail Root" -Sp 2525')).toBe(true);
      expect(line).toContain('-Qn 4');
    }
    // A restart step only with a command-line change (merged, or switches to apply).
    const needsLine = CHANGES_LINE.has(name) || /^mode-(off|require-tls|full)-no-line$/.test(name);
    expect(en.includes('. Restart XMail')).toBe(needsLine);
    expect(ja.includes('. XMail を再起動する')).toBe(needsLine);
    // Backups: the key and certificate only when the bundle replaces them.
    const hasKey = files.some((f) => f.path === 'MailRoot/server.key');
    expect(/Copy [^\n]*server\.key/.test(en)).toBe(hasKey);
    // Layered bundles say what they build on; server bundles and "TLS off" do not.
    expect(en.includes('Builds on: ')).toBe(!name.startsWith('server-') && !name.startsWith('mode-off') && name !== 'client-ca-rotation');
    expect(en).not.toContain('(none given)');
  });

  it.each(KINDS.map((k) => [k.name, k] as const))('%s: INSTALL texts match the reviewed snapshots', async (name, kind) => {
    const files = await kind.build(os);
    await expect(text(files.find((f) => f.path === 'INSTALL.ja.txt'))).toMatchFileSnapshot(`__snapshots__/install/${name}.${os}.ja.txt`);
    await expect(text(files.find((f) => f.path === 'INSTALL.en.txt'))).toMatchFileSnapshot(`__snapshots__/install/${name}.${os}.en.txt`);
  });
});

/**
 * Live-server safety: INSTALL is followed while XMail runs. XMail opens server.key and server.cert
 * for every new TLS connection (SSLBind.cpp BSslBindServer -> BSslSetupVerify), certs.pem and
 * certs/ there too (SSL_CTX_load_verify_locations), and server.tab whenever it needs a variable
 * (SvrUtils.cpp SvrGetConfigHandle -> SvrReadConfig, a fresh fopen each time). So no command may
 * write one of those files in place: each is copied to a temporary name in MailRoot and renamed
 * over the old one, the renames adjacent; the key is never group/other-readable; every run backs
 * up into a folder of its own.
 */
interface ParsedStep { title: string; lines: string[]; commands: string[] }
function parseSteps(install: string): ParsedStep[] {
  const steps: ParsedStep[] = [];
  let heading = 0; // 1: contents, 2: steps, 3: notes
  for (const line of install.split(/\r?\n/)) {
    if (line.startsWith('■ ')) { heading += 1; continue; }
    if (heading !== 2) continue;
    const head = /^\d+\. (.*)$/.exec(line);
    if (head) steps.push({ title: head[1]!, lines: [], commands: [] });
    else if (/^ {5}\S/.test(line)) steps.at(-1)!.commands.push(line.trim());
    else if (line.trim()) steps.at(-1)!.lines.push(line.trim());
  }
  return steps;
}

const MAILROOT: Record<TargetOs, string> = { windows: 'C:\\MailRoot', unix: '/var/MailRoot' };
const target = (os: TargetOs, bundlePath: string) => MAILROOT[os] + (os === 'windows' ? bundlePath.slice('MailRoot'.length).replace(/\//g, '\\') : bundlePath.slice('MailRoot'.length));
const local = (os: TargetOs, bundlePath: string) => (os === 'windows' ? bundlePath.replace(/\//g, '\\') : bundlePath);
/** A path as INSTALL writes it: always quoted (double quotes for cmd.exe, single quotes for sh). */
const qp = (os: TargetOs, path: string) => (os === 'windows' ? `"${path}"` : `'${path}'`);
/** A bundle file as INSTALL reads it: by the unzipped folder's absolute path, whatever the current folder. */
const src = (os: TargetOs, bundlePath: string) => (os === 'windows' ? `"%USERPROFILE%\\xmail-bundle\\${local(os, bundlePath)}"` : `"$HOME/xmail-bundle/${bundlePath}"`);

describe.each(['windows', 'unix'] as const)('INSTALL is safe to follow on a running XMail (%s)', (os) => {
  const cases = KINDS.flatMap((k) => (['ja', 'en'] as const).map((lang) => ({ name: k.name, kind: k, lang })));
  const load = async (kind: Kind, lang: 'ja' | 'en') => {
    const files = await kind.build(os);
    const install = text(files.find((f) => f.path === `INSTALL.${lang}.txt`));
    const steps = parseSteps(install);
    return { files, install, steps, commands: steps.flatMap((s) => s.commands) };
  };
  const rename = (to: string) => (os === 'windows' ? `move /Y ${qp(os, `${to}.new`)} ${qp(os, to)}` : `mv -f ${qp(os, `${to}.new`)} ${qp(os, to)}`);
  // Unix: a rename may wait on tests that the live files are no symbolic links (install-commands.ts keyPairNoLink, certsPemHas).
  const renameAt = (commands: string[], to: string) => commands.findIndex((c) => c.replace(/^(\[ ! -L '[^']+' \] && )+/, '') === rename(to));

  it.each(cases)('$name ($lang): every MailRoot file is copied to a temporary name, then renamed over the old one; the renames are adjacent', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { files, commands } = await load(kind, lang);
    // Nothing copied into MailRoot in place.
    expect(commands.filter((c) => /^xcopy .*\/Y|^cp -r MailRoot/.test(c))).toEqual([]);
    // certs.pem is merged into its .new and certs/ files never replace one (next test).
    const mailRootFiles = files.filter((f) => f.path.startsWith('MailRoot/') && !f.path.startsWith('MailRoot/certs'));
    const renames: number[] = [];
    if (files.some((f) => f.path === 'MailRoot/certs.pem')) renames.push(commands.indexOf(rename(target(os, 'MailRoot/certs.pem'))));
    for (const f of mailRootFiles) {
      const to = target(os, f.path);
      const copy = commands.findIndex((c) => (os === 'windows' ? (c === `copy /Y ${src(os, f.path)} ${qp(os, `${to}.new`)}` || c.startsWith(`if not exist ${qp(os, `${to}.new`)} copy /Y ${src(os, f.path)} ${qp(os, `${to}.new`)} && `)) : c.endsWith(`cp ${src(os, f.path)} ${qp(os, `${to}.new`)}`) || c.endsWith(`cp ${src(os, f.path)} ${qp(os, `${to}.new`)})`)));
      const mv = renameAt(commands, to);
      expect(copy, `${f.path}: copy to ${to}.new`).toBeGreaterThanOrEqual(0);
      expect(mv, `${f.path}: rename onto ${to}`).toBeGreaterThan(copy);
      // Nothing else names the live file as a destination.
      expect(commands.filter((c, i) => i !== mv && (c.endsWith(` ${qp(os, to)}`) || c.endsWith(` ${qp(os, to)})`)))).toEqual([]);
      renames.push(mv);
    }
    renames.sort((a, b) => a - b);
    if (renames.length) expect(renames.at(-1)! - renames[0]!).toBe(renames.length - 1);
  });

  // Reviewer: pasted as a block, a refused move does not stop the next one (a new certificate could
  // go live with the old key). Failed before the fix (the step ended with the last rename).
  it.each(cases)('$name ($lang): the copy step ends by listing any .new left over, and says what no match means and what to do', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { files, steps } = await load(kind, lang);
    const copy = steps.find((st) => /^(Copy the contents of the MailRoot folder|MailRoot フォルダーの中身をコピーする)$/.test(st.title));
    expect(copy !== undefined).toBe(files.some((f) => f.path.startsWith('MailRoot/')));
    if (!copy) return;
    const dirs = [MAILROOT[os], ...(files.some((f) => f.path.startsWith('MailRoot/certs/')) ? [target(os, 'MailRoot/certs')] : [])];
    const checks = dirs.map((d) => (os === 'windows' ? `dir /b "${d}\\*.new"` : `ls '${d}'/*.new`));
    // A rotation ends with one more check: the files still holding the retired CA (below).
    const commands = kind.name === 'client-ca-rotation' ? copy.commands.slice(0, -1) : copy.commands;
    expect(commands.slice(-checks.length)).toEqual(checks);
    // certs.pem's rename may wait on its CAs' markers (reviewer: a certs.pem.new without the new CA went live).
    expect(commands.at(-checks.length - 1)).toMatch(/^((\[ ! -L '[^']+' \]|grep -qsF '[^']+' '[^']+'|findstr \/L \/C:"[^"]+" "[^"]+" >nul) && )*(move \/Y|mv -f)/);
    const says = {
      windows: { ja: '「ファイルが見つかりません」と表示されれば、すべて置き換わっています。.new のファイルが表示された場合は、そのファイルの move をもう一度実行してください。', en: '"File Not Found" means every rename happened; if a .new file is listed, run its move again.' },
      unix: { ja: '「No such file」で始まるメッセージ(日本語の環境では「そのようなファイルやディレクトリはありません」)が表示されれば、すべて置き換わっています。.new のファイルが表示された場合は、そのファイルの mv をもう一度実行してください。', en: '"No such file or directory" means every rename happened; if a .new file is listed, run its mv again.' },
    };
    expect(copy.lines.join(' ')).toContain(says[os][lang]);
  });

  // Reviewer: the downloaded zip holds the same unencrypted key as the unzipped folder, and a note
  // without a command is easy to skip; Explorer's delete leaves both in the Recycle Bin. Failed
  // before the fix (only the folder, no command).
  it.each(cases)('$name ($lang): a bundle with a key says to delete the folder AND the zip, with the command (Windows: and the Recycle Bin)', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { files, install } = await load(kind, lang);
    const notes = install.split(/^■ /m)[3]!;
    const hasKey = files.some((f) => f.path === 'MailRoot/server.key');
    // Reviewer: cmd cannot remove its own current folder, and step 1 cd'ed into it: cd out first. Failed on main.
    const command = os === 'windows' ? 'cd /d "%USERPROFILE%" && rmdir /s /q "%USERPROFILE%\\xmail-bundle"' : 'rm -rf ~/xmail-bundle';
    expect(notes.includes(command)).toBe(hasKey);
    expect(notes.includes(lang === 'ja' ? 'ダウンロードした zip ファイル' : 'the downloaded zip')).toBe(hasKey);
    expect(notes.includes(lang === 'ja' ? 'ごみ箱も空に' : 'empty the Recycle Bin')).toBe(hasKey && os === 'windows');
  });

  // Reviewer: the Unix commands need a POSIX shell (B=$(...), ${B:?}), and on Windows one of the two
  // reg export lines always fails (only one of the two keys exists). Failed before the fix.
  it.each(cases)('$name ($lang): says the shell the Unix commands need, and that one reg export error is expected', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { steps } = await load(kind, lang);
    const unzip = steps[0]!.lines.join(' ');
    expect(unzip.includes(lang === 'ja' ? 'sh または bash から実行します' : 'in sh or bash')).toBe(os === 'unix');
    const backup = steps[1]!;
    const exports = backup.commands.filter((c) => c.startsWith('reg export ')).length;
    expect(exports === 0 || exports === 2).toBe(true);
    const expected = lang === 'ja' ? '「エラー: 指定されたレジストリ キーまたは値が見つかりませんでした。」と表示されますが' : '"ERROR: The system was unable to find the specified registry key or value.": that is the key your XMail does not use';
    expect(backup.lines.join(' ').includes(expected)).toBe(exports === 2);
  });

  // Reviewer: 「最後にまとめて名前を変えて」 contradicted the next line (the renames happen one file at
  // a time). Failed before the fix.
  it.each(cases)('$name ($lang): the copy step never calls the renames one step: one file after another', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { files, steps } = await load(kind, lang);
    const copy = steps.find((st) => /^(Copy the contents of the MailRoot folder|MailRoot フォルダーの中身をコピーする)$/.test(st.title));
    expect(copy !== undefined).toBe(files.some((f) => f.path.startsWith('MailRoot/')));
    const text = copy?.lines.join(' ') ?? '';
    if (!copy) return;
    if (lang === 'ja') {
      expect(text).toContain('最後に 1 ファイルずつ続けて名前を変えて元のファイルと置き換えます。書きかけのファイルを XMail が読むことはありません。');
      expect(text).not.toMatch(/まとめて名前を変え|コピー途中の書きかけ/);
    } else {
      expect(text).toContain('rename them over the old files one after another at the end');
      expect(text).not.toMatch(/all at once|in one go/);
    }
  });

  it.each(cases)('$name ($lang): the backup goes into a new folder per run, and the undo note points to it', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { install, steps } = await load(kind, lang);
    const backup = steps[1]!;
    expect(backup.title).toMatch(/Back up|バックアップ/);
    if (os === 'windows') {
      // In the administrator's profile, and closed to all but Administrators and SYSTEM (SIDs: any
      // Windows language) before any copy, only if mkdir made it.
      expect(backup.commands.slice(0, 3)).toEqual([
        // Quoted set (reviewer): a trailing blank or an & in the profile path stays out of / inside B. Failed on main.
        'set "B=%date:/=%-%time::=%"', 'set "B=%USERPROFILE%\\xmail-backup-%B: =0%"',
        'mkdir "%B%" && icacls "%B%" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F',
      ]);
      for (const c of backup.commands.slice(3, -1)) expect(c).toMatch(/ "%B%\\[^"]+"$|^if not exist "C:\\MailRoot\\[^"]+" echo [a-z.]+>>"%B%\\absent\.txt"$/);
      expect(backup.commands.at(-1)).toBe('echo %B%');
    } else {
      expect(backup.commands[0]).toBe('B=$(mktemp -d ~/xmail-backup-$(date +%Y%m%d-%H%M%S)-XXXXXX)');
      for (const c of backup.commands.slice(1, -1)) expect(c).toMatch(/ "\$\{B:\?\}"\/(xmail-backup\.txt|absent\.txt|certs; \})?$/);
      // Reviewer: certs/ a link to a folder: `cp -pPR .../certs` saved only the link. Its files now,
      // via certs.part, so a failed copy leaves no certs folder in the backup. Failed on main.
      if (install.includes('MailRoot/certs/')) expect(backup.commands).toContain(`[ ! -d '/var/MailRoot/certs' ] || { mkdir "\${B:?}"/certs.part && cp -pPR '/var/MailRoot/certs/.' "\${B:?}"/certs.part/ && mv "\${B:?}"/certs.part "\${B:?}"/certs; }`);
      expect(backup.commands.at(-1)).toBe('echo "$B"');
    }
    expect(install).not.toMatch(/xmail-backup[\\/]/);
    // The unzipped folder holds the private key: the notes say to delete it when done.
    const hasKey = (await kind.build(os)).some((f) => f.path === 'MailRoot/server.key');
    const bundleDir = os === 'windows' ? '%USERPROFILE%\\xmail-bundle' : '~/xmail-bundle';
    expect(install.includes(lang === 'ja' ? `展開したフォルダー ${bundleDir} と、ダウンロードした zip ファイルを削除します` : `delete the unzipped folder ${bundleDir} and the downloaded zip`)).toBe(hasKey);
    const parent = os === 'windows' ? '%USERPROFILE%\\' : '~/';
    expect(install).toContain(lang === 'ja' ? `手順 2 で作ったバックアップのフォルダー(${parent}xmail-backup-日時)` : `the backup folder made in step 2 (${parent}xmail-backup-DATE-TIME)`);
  });

  it.each(cases)('$name ($lang): server.tab is never edited in place: a copy is edited, then renamed over it', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { files, install, commands } = await load(kind, lang);
    const byHand = files.some((f) => f.path === 'server.tab.patch') && !files.some((f) => f.path === 'MailRoot/server.tab');
    const tab = `${MAILROOT[os]}${os === 'windows' ? '\\' : '/'}server.tab`;
    const copy = commands.indexOf(os === 'windows' ? `copy /Y "${tab}" "${tab}.new"` : `cp -p '${tab}' '${tab}.new'`);
    expect(copy >= 0).toBe(byHand);
    const touchesTab = byHand || files.some((f) => f.path === 'MailRoot/server.tab');
    expect(commands.indexOf(rename(tab)) > copy).toBe(touchesTab);
    expect(install).not.toMatch(/with a text editor to MailRoot's server\.tab\b|テキストエディタで MailRoot の server\.tab に/);
  });

  it.each(cases)('$name ($lang): removing an old CA from certs/ comes after the renames and never leaves a gap in HASH.0, HASH.1, ...', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { files, steps } = await load(kind, lang);
    const copy = steps.find((st) => st.commands.some((c) => /(^|&& )(move \/Y|mv -f) /.test(c)));
    const cleanup = copy?.lines.find((l) => l.includes('HASH.0') && /置き換えの後で|after the renames/.test(l)) ?? '';
    // X509_LOOKUP_hash_dir looks up HASH.0, HASH.1, ... until the first missing number (verification.ts).
    expect(cleanup !== '').toBe(files.some((f) => f.path.startsWith('MailRoot/certs/')) && kind.name !== 'client-ca-rotation');
    if (cleanup) expect(cleanup).toMatch(lang === 'ja' ? /置き換えの後で.*最後の番号のファイル/ : /after the renames.*rename the last-numbered file/);
    // Reviewer: certs.pem keeps every CA too (merged): the cleanup names it as well. Failed on main.
    if (cleanup) expect(copy!.lines.join(' ')).toContain(lang === 'ja' ? 'certs.pem に残っている不要な CA も' : 'certs.pem, too');
  });

  // Reviewer: the undo note only put back the saved files: what the install ADDED stayed (a first
  // install's server.key/server.cert, certs/ files, a new certs.pem), and a key put back on Windows
  // kept MailRoot's inherited ACL. Failed on main (a note without commands). The Unix commands
  // run literally in tests/interop/live-install.test.ts.
  it.each(cases)('$name ($lang): the undo puts back what step 2 saved, deletes what the install added (only with the backup marker), and closes a restored key again (Windows)', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { files, install, steps } = await load(kind, lang);
    const undo = install.split(/^■ /m)[4] ?? '';
    const commands = undo.split(/\r?\n/).filter((l) => /^ {5}\S/.test(l)).map((l) => l.trim());
    expect(undo.startsWith(lang === 'ja' ? '元に戻す手順' : 'To undo')).toBe(true);
    // The backup marks itself finished: without the mark nothing is deleted.
    const backup = steps[1]!.commands;
    expect(backup.at(-2)).toBe(os === 'windows' ? 'type nul > "%B%\\xmail-backup.txt"' : 'touch "${B:?}"/xmail-backup.txt');
    const written = ['server.key', 'server.cert', 'certs.pem', 'server.tab'].filter((n) => files.some((f) => f.path === `MailRoot/${n}`) || (n === 'server.tab' && files.some((f) => f.path === 'server.tab.patch')));
    for (const n of written) {
      const live = target(os, `MailRoot/${n}`);
      if (os === 'windows') {
        // The key: see "closed to all but Administrators and SYSTEM" below.
        const acl = n === 'server.key' ? ` && icacls "${live}.new" /setowner *S-1-5-32-544 && icacls "${live}.new" /reset && icacls "${live}.new" /inheritance:r /grant:r *S-1-5-32-544:F *S-1-5-18:F` : '';
        const del = n === 'server.key' ? `(if exist "${live}.new" del /f /q "${live}.new") & if not exist "${live}.new" ` : '';
        // Reviewer: a failed backup copy made the undo delete the live file. Only names step 2
        // recorded as absent are deleted; server.tab never. Failed on main.
        const restore = `if exist "%B%\\xmail-backup.txt" if exist "%B%\\${n}" (${del}copy /Y "%B%\\${n}" "${live}.new"${acl} && move /Y "${live}.new" "${live}")`;
        expect(commands).toContain(n === 'server.tab' ? restore : `${restore} else (findstr /l /i /x /c:${n} "%B%\\absent.txt" >nul && del "${live}")`);
        if (n !== 'server.tab') expect(backup).toContain(`if not exist "${live}" echo ${n}>>"%B%\\absent.txt"`);
      } else {
        expect(commands).toContain(`undo1 ${n} '${live}'`);
      }
    }
    if (os === 'unix' && written.length) expect(commands).toContain('undo1() { if [ ! -e "$B/xmail-backup.txt" ] || [ -L "$2" ]; then :; elif [ -e "$B/$1" ]; then rm -f "$2.new" && (umask 077; cp -p "$B/$1" "$2.new") && mv -f "$2.new" "$2"; elif [ "$1" != server.tab ] && grep -qsxF "$1" "$B/absent.txt"; then rm -f "$2"; fi; }');
    if (os === 'unix') for (const n of written.filter((x) => x !== 'server.tab')) expect(backup).toContain(`[ -e '${target(os, `MailRoot/${n}`)}' ] || echo ${n} >> "\${B:?}"/absent.txt`);
    // server.tab is never deleted by the undo (no bundle adds one; XMail needs it: SvrUtils.cpp SvrGetConfigHandle).
    expect(commands.filter((c) => /(del|rm -f) ["'][^"']*server\.tab["']/.test(c))).toEqual([]);
    // Reviewer: INSTALL says nothing happens without step 2's marker, but no line checked it (B
    // naming the bundle's MailRoot deleted their certs/ files): every line that writes or deletes
    // starts with its test (live-install: "undo with B naming a folder that is no backup"). Failed on main.
    const guard = os === 'windows' ? 'if exist "%B%\\xmail-backup.txt" ' : '[ -e "$B/xmail-backup.txt" ] && ';
    expect(commands.filter((c) => /\b(del|rm|rmdir|mv|move|copy|cp|reg import)\b/.test(c) && !c.startsWith(guard) && !c.startsWith('undo1() { if [ ! -e "$B/xmail-backup.txt" ] || [ -L "$2" ]; then :;'))).toEqual([]);
    if (os === 'windows' && files.some((f) => f.path.startsWith('MailRoot/certs/'))) {
      expect(commands).toContain('if exist "%B%\\xmail-backup.txt" if exist "%B%\\certs\\" for %c in ("C:\\MailRoot\\certs\\*") do @if not exist "%B%\\certs\\%~nxc" del "%~fc"');
      expect(steps[1]!.commands).toContain('if not exist "C:\\MailRoot\\certs\\" echo certs>>"%B%\\absent.txt"');
    }
    // certs/: every name the backup's certs folder lacks was added by the install.
    const certs = files.some((f) => f.path.startsWith('MailRoot/certs/'));
    // Reviewer: the undo left an empty certs/ it had made, and `cp -p` put a saved link back as a
    // plain copy. rmdir (empty only) when step 2 recorded certs absent; cp -P. Failed on main.
    if (certs) {
      expect(commands).toContain(os === 'windows' ? 'if exist "%B%\\xmail-backup.txt" findstr /l /i /x /c:certs "%B%\\absent.txt" >nul && rmdir "C:\\MailRoot\\certs"' : '[ -e "$B/xmail-backup.txt" ] && grep -qsxF certs "$B/absent.txt" && rmdir \'/var/MailRoot/certs\'');
      expect(commands.filter((c) => /\bcp -p /.test(c) && c.includes('certs'))).toEqual([]);
    }
    expect(commands.some((c) => c.includes('certs/') || c.includes('certs\\'))).toBe(certs);
    expect(undo.includes(lang === 'ja' ? 'バックアップのコピーに失敗しただけのファイルは削除しません' : 'a file whose backup copy merely failed is never deleted')).toBe(true);
    const key = files.some((f) => f.path === 'MailRoot/server.key');
    expect(undo.includes(lang === 'ja' ? '戻した秘密鍵も、名前を変える前に icacls で' : 'The restored key, too, is made readable only by Administrators and SYSTEM')).toBe(key && os === 'windows');
    // The same closing checks for a .new left over as the copy step (reviewer: the undo checked only
    // MailRoot, not certs/, whose files it also puts back by rename). Failed on main for certs bundles.
    const dirs = [MAILROOT[os], ...(certs ? [target(os, 'MailRoot/certs')] : [])];
    expect(commands.slice(-dirs.length)).toEqual(dirs.map((d) => (os === 'windows' ? `dir /b "${d}\\*.new"` : `ls '${d}'/*.new`)));
  });

  // Reviewer: certs.pem and certs/HASH.N were replaced, so the administrator's own CAs (or the CA
  // being rotated out, same subject and so same HASH) lost their trust. XMail loads both through
  // SSL_CTX_load_verify_locations (SSLBind.cpp BSslSetupVerify): certs.pem whole, certs/ by
  // HASH.0, HASH.1, ... So certs.pem is merged CA by CA and certs/ files go to the next free
  // number. Failed on main (a plain copy onto certs.pem.new and onto HASH.0.new). The Unix
  // commands run literally in tests/interop/live-install.test.ts.
  it.each(cases)('$name ($lang): certs.pem is merged CA by CA, certs/ files never overwrite one; the text says so', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { files, steps } = await load(kind, lang);
    const hashFiles = files.filter((f) => f.path.startsWith('MailRoot/certs/'));
    const hasPem = files.some((f) => f.path === 'MailRoot/certs.pem');
    const copy = steps.find((st) => /^(Copy the contents of the MailRoot folder|MailRoot フォルダーの中身をコピーする)$/.test(st.title));
    const commands = copy?.commands ?? [];
    const pemNew = qp(os, `${target(os, 'MailRoot/certs.pem')}.new`);
    // Reviewer: the rotation of the client CA deleted every certs/ file not in the bundle and
    // replaced certs.pem, the administrator's own CAs with them (XMail verifies outbound servers
    // against them too with SSLWantVerify: SSLBind.cpp BSslBindClient -> BSslSetupVerify), and a
    // refused del/rm went unlisted. Now the bundle carries the retired CA; only what equals it goes
    // (a freed HASH.N takes the last file of its HASH), and the step ends by listing every file still
    // holding it. Failed on main (the delete-all loop; no retired CA; no such check). The Unix
    // commands run literally in tests/interop/live-install.test.ts.
    const rotation = kind.name === 'client-ca-rotation';
    if (rotation) {
      const certsDir = target(os, 'MailRoot/certs');
      const retired = src(os, 'retired-ca/ca-1.pem');
      expect(files.map((f) => f.path)).toContain('retired-ca/ca-1.pem');
      const pem = text(files.find((f) => f.path === 'retired-ca/ca-1.pem'));
      expect(pem).toBe(encodePem('CERTIFICATE', RETIRED_CA_DER));
      expect(commands.filter((c) => c.includes('%~nxc') || c.includes('${f##*/}" ]'))).toEqual([]);
      const marker = pemMarker(RETIRED_CA_DER);
      if (os === 'windows') {
        const lines = [];
        // Reviewer: the retired CA twice under one HASH (a.0, a.1 retired, a.2 twin, a.3 other)
        // left a gap at 1: one pass moved a.3 over a.0, then the last loop deleted a.1. Two passes
        // per HASH, and the last loop leaves the HASH files alone (a third copy stays and the
        // closing findstr lists it, no silent gap). Failed on main.
        const stems = [RETIRED_CA_HASHES.hash, RETIRED_CA_HASHES.hashOld];
        for (const h of stems.flatMap((x) => [x, x])) {
          const at = (n: string) => `"${certsDir}\\${h}.${n}"`;
          lines.push(
            'set N=& set L=& set G=',
            `for /L %i in (0,1,99) do @if not defined G if exist ${at('%i')} (set L=%i& if not defined N fc /b ${retired} ${at('%i')} >nul && set N=%i) else set G=-`,
            `if defined N if not "%N%"=="%L%" copy /Y ${at('%L%')} ${at('%N%.new')} && move /Y ${at('%N%.new')} ${at('%N%')} && del ${at('%L%')}`,
            `if defined N if "%N%"=="%L%" del ${at('%N%')}`,
          );
        }
        lines.push(`for %c in ("${certsDir}\\*") do @${stems.map((x) => `if /i not "%~nc"=="${x}" `).join('')}fc /b ${retired} "%~fc" >nul && del "%~fc"`);
        const at = commands.indexOf(lines[0]!);
        expect(commands.slice(at, at + lines.length)).toEqual(lines);
        expect(at).toBeLessThan(commands.findIndex((c) => c.startsWith('for /L %i in (0,1,99) do @if not defined N ')));
        const live = qp(os, target(os, 'MailRoot/certs.pem'));
        const first = pem.split('\n')[1]!;
        // Reviewer: an END line with trailing blanks (OpenSSL accepts it) never equalled END, so the
        // rest of certs.pem, their CAs too, was dropped; eol's default ; dropped lines too. END is
        // now its first token, a BEGIN ends the drop, eol is |. Failed on main.
        expect(commands).toContain(`if exist ${live} (for /f "usebackq eol=| delims=" %l in (${live}) do @if defined D (if "%l"=="-----BEGIN CERTIFICATE-----" (set D=& set H=-) else for /f "tokens=1" %e in ("%l") do @if "%e"=="-----END CERTIFICATE-----" set D=) else if defined H (set H=& if "%l"=="${first}" (set D=-) else (echo -----BEGIN CERTIFICATE-----& echo(%l)) else if "%l"=="-----BEGIN CERTIFICATE-----" (set H=-) else echo(%l) > ${pemNew}`);
        expect(commands.at(-1)).toBe(`findstr /m /l /c:"${marker}" ${live} "${certsDir}\\*"`);
      } else {
        expect(commands).toContain(`retire ${retired} '${certsDir}'`);
        expect(commands.find((c) => c.startsWith('[ ! -e ') && c.includes('awk -v m='))).toContain(`awk -v m='${marker}'`);
        expect(commands.at(-1)).toBe(`grep -lsF '${marker}' '${target(os, 'MailRoot/certs.pem')}' '${certsDir}'/*`);
      }
      const words = (copy?.lines ?? []).join(' ');
      expect(words).toContain(lang === 'ja' ? '廃止した CA(retired-ca フォルダーの証明書と同じもの)だけを削除します。自分で追加した CA など、ほかの証明書はそのまま残ります。' : 'only the retired CA (what equals the certificate in the retired-ca folder) is removed');
      expect(words).toContain(lang === 'ja' ? `最後の ${os === 'windows' ? 'findstr' : 'grep'} の行は、廃止した CA がまだ残っているファイルを表示します` : `The last ${os === 'windows' ? 'findstr' : 'grep'} line lists any file that still holds the retired CA`);
    }
    // Never the bundle's certs.pem straight onto the live one's temporary name.
    expect(commands.filter((c) => c.includes(`${src(os, 'MailRoot/certs.pem')} ${pemNew}`))).toEqual([]);
    if (hasPem) {
      const live = qp(os, target(os, 'MailRoot/certs.pem'));
      const start = os === 'windows' ? [`type nul > ${pemNew}`, `if exist ${live} copy /Y ${live} ${pemNew}`] : [`rm -f ${pemNew}`, `[ ! -e ${live} ] || cp -p ${live} ${pemNew}`];
      const at = commands.indexOf(start[0]!);
      // A rotation fills certs.pem.new without the retired CA (checked above) instead of a plain copy.
      expect(commands.slice(at, at + 2)).toEqual(rotation ? [start[0], os === 'windows' ? 'set D=& set H=' : commands[at + 1]] : start);
      // One append per CA, each guarded by a line of that CA's PEM, each source holding only that CA.
      const appends = commands.filter((c) => c.endsWith(`>> ${pemNew}`));
      expect(appends.length).toBeGreaterThan(0);
      for (const a of appends) expect(a).toMatch(os === 'windows' ? /^findstr \/L \/C:"[A-Za-z0-9+/]{16}" "[^"]+" >nul \|\| if exist "%USERPROFILE%\\xmail-bundle\\MailRoot\\certs\\[0-9a-f]{8}\.\d+" \(echo\.&type "%USERPROFILE%\\xmail-bundle\\MailRoot\\certs\\[0-9a-f]{8}\.\d+"\) >> / : /^grep -qsF '[A-Za-z0-9+/]{16}' '[^']+' \|\| \[ ! -e "\$HOME\/xmail-bundle\/MailRoot\/certs\/[0-9a-f]{8}\.\d+" \] \|\| \{ echo; cat "\$HOME\/xmail-bundle\/MailRoot\/certs\/[0-9a-f]{8}\.\d+"; \} >> /);
      const mv = commands.findIndex((c) => c.endsWith(rename(target(os, 'MailRoot/certs.pem'))));
      expect(at).toBeLessThan(mv);
      // Reviewer: the bundle not at its folder, certs.pem.new (without the retired CA) went live
      // without the new one. The rename needs every appended CA's marker in it. Failed on main.
      const markers = appends.map((a) => /^(?:findstr \/L \/C:|grep -qsF )(\S+)/.exec(a)![1]!);
      // Unix: never over a link (reviewer: a linked certs.pem became a regular file). Failed on main.
      expect(commands[mv]).toBe((os === 'unix' ? `[ ! -L ${live} ] && ` : '') + markers.map((m) => (os === 'windows' ? `findstr /L /C:${m} ${pemNew} >nul && ` : `grep -qsF ${m} ${pemNew} && `)).join('') + rename(target(os, 'MailRoot/certs.pem')));
    }
    for (const f of hashFiles) {
      const fixed = qp(os, target(os, f.path));
      // Nothing names the bundle's own HASH.N in MailRoot: the number is the first free one.
      expect(commands.filter((c) => c.includes(fixed) || c.includes(qp(os, `${target(os, f.path)}.new`)))).toEqual([]);
      const stem = target(os, f.path).replace(/\.\d+$/, '');
      if (os === 'windows') {
        expect(commands).toContain(`for /L %i in (0,1,99) do @if not defined N if exist "${stem}.%i" (fc /b ${src(os, f.path)} "${stem}.%i" >nul && set N=-) else set N=%i`);
        expect(commands).toContain(`if not "%N%"=="-" copy /Y ${src(os, f.path)} "${stem}.%N%.new" && move /Y "${stem}.%N%.new" "${stem}.%N%"`);
      } else {
        expect(commands).toContain(`addca ${src(os, f.path)} '${stem}'`);
      }
    }
    // Reviewer: "stay trusted" / "never overwrite a file" was untrue for a rotation (it removes the
    // retired CA and renames HASH.L over HASH.N); "the dir lines at the end" untrue once findstr is
    // last; a Windows copy wrapped other than at 64 columns is left for removal by hand. Failed on main.
    const words = (copy?.lines ?? []).join(' ');
    const says = lang === 'ja' ? '追加によって、すでに信頼している CA 証明書が外れることはありません。' : 'Adding takes away no trust you already have';
    expect(words.includes(says)).toBe(hasPem || hashFiles.length > 0);
    expect(words).not.toMatch(/stay trusted|never overwrite a file|lines at the end|最後の (dir|ls) の行|そのまま残ります。下のコマンド/);
    const rotating = kind.name === 'client-ca-rotation';
    expect(words.includes(lang === 'ja' ? '同じ HASH の最後の番号のファイルをその番号に名前を変えて移します' : 'renaming the last-numbered file of the same HASH over it')).toBe(rotating);
    expect(words.includes(lang === 'ja' ? '64 文字以外の幅で折り返された' : 'wrapped at other than 64 columns')).toBe(rotating && os === 'windows');
  });

  // Reviewer: run from another folder (a new prompt, sudo -i, "Open in Terminal"), relative bundle
  // paths named nothing: an empty certs.pem went live and the rotation emptied certs/. Every command
  // names the bundle by its absolute folder. Failed on main (MailRoot\... / 'MailRoot/...').
  it.each(cases)('$name ($lang): no command reads the bundle by a path relative to the current folder', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { install } = await load(kind, lang);
    const commands = install.split(/\r?\n/).filter((l) => /^ {5}\S/.test(l)).map((l) => l.trim());
    expect(commands.filter((c) => /(^|[\s"'(])(MailRoot|startup)[\\/]/.test(c))).toEqual([]);
  });

  // Reviewer: paths were bare (C:\MailRoot, /var/MailRoot). The intro tells the administrator to
  // use their own MailRoot, and C:\Program Files\XMail\MailRoot is common on Windows: put in place
  // of a bare path it split into words, and `move` / `del` / `rm` acted on the pieces. Failed on
  // main (every MailRoot path bare).
  it.each(cases)("$name ($lang): every path stays ONE argument when the administrator's own MailRoot has blanks", async ({ kind, lang }) => {
    expect.hasAssertions();
    const { install } = await load(kind, lang);
    const own = os === 'windows' ? 'C:\\Program Files (x86)\\XMail\\MailRoot' : '/srv/mail server/Mail Root';
    const commands = parseSteps(install.replaceAll(MAILROOT[os], own)).flatMap((st) => st.commands);
    const quotes = os === 'windows' ? ['"'] : ["'", '"'];
    let seen = 0;
    for (const c of commands) {
      for (let at = c.indexOf(own); at >= 0; at = c.indexOf(own, at + 1)) {
        // The quote open at the path's first character must still be open after its last one.
        let open = '';
        for (const ch of c.slice(0, at)) if (quotes.includes(ch)) open = open === '' ? ch : open === ch ? '' : open;
        expect(open, `${c}: the path is inside quotes`).not.toBe('');
        expect(c.slice(at, at + own.length).includes(open), c).toBe(false);
        seen += 1;
      }
      expect(c, c).not.toMatch(/(^|[\s(])[A-Za-z]:\\|(^|\s)\/var\//);
    }
    expect(seen > 0).toBe(parseSteps(install).some((st) => st.commands.some((c) => c.includes(MAILROOT[os]))));
    // The intro says where to make the change.
    expect(install).toContain(lang === 'ja' ? `コマンドの中の ${MAILROOT[os]} を書き換えるときは、前後の引用符を残したまま` : `When you change ${MAILROOT[os]} in the commands, keep the quotes around it`);
  });

  // Reviewer: the hand-edited server.tab was renamed without the closing check for a .new left
  // over that the copy step has. Failed on main (the step ended with the rename).
  it.each(cases)('$name ($lang): the rename of a hand-edited server.tab ends with the same .new check, and says what it means', async ({ kind, lang }) => {
    expect.hasAssertions();
    const { files, steps } = await load(kind, lang);
    const byHand = files.some((f) => f.path === 'server.tab.patch') && !files.some((f) => f.path === 'MailRoot/server.tab');
    const replace = steps.find((st) => /^(Replace server\.tab with the edited copy|編集したコピーで server\.tab を置き換える)$/.test(st.title));
    expect(replace !== undefined).toBe(byHand);
    if (!replace) return;
    const check = os === 'windows' ? `dir /b "${MAILROOT[os]}\\*.new"` : `ls '${MAILROOT[os]}'/*.new`;
    expect(replace.commands.at(-1)).toBe(check);
    expect(replace.commands.at(-2)).toMatch(/^(move \/Y|mv -f) .*server\.tab\.new/);
    expect(replace.lines.join(' ')).toContain(lang === 'ja' ? '.new のファイルが表示された場合は' : 'if a .new file is listed');
  });

  if (os === 'unix') {
    it.each(cases)('$name ($lang): the private key is created mode 600 from its first byte and chmod 600 comes before the rename', async ({ kind, lang }) => {
      expect.hasAssertions();
      const { files, commands } = await load(kind, lang);
      const hasKey = files.some((f) => f.path === 'MailRoot/server.key');
      const key = '/var/MailRoot/server.key.new';
      const rm = commands.indexOf(`rm -f '${key}'`);
      const cp = commands.indexOf(`(umask 077; cp "$HOME/xmail-bundle/MailRoot/server.key" '${key}')`);
      const chmod = commands.indexOf(`chmod 600 '${key}'`);
      const mv = renameAt(commands, '/var/MailRoot/server.key');
      expect([rm, cp, chmod, mv].every((i) => i >= 0)).toBe(hasKey);
      if (hasKey) expect([rm, cp, chmod, mv]).toEqual([...[rm, cp, chmod, mv]].sort((a, b) => a - b));
      // Neither of the pair is renamed over a symbolic link (live-install.test.ts: a link was replaced by a regular file).
      const noLinks = "[ ! -L '/var/MailRoot/server.key' ] && [ ! -L '/var/MailRoot/server.cert' ] && ";
      if (hasKey) for (const n of ['server.key', 'server.cert']) expect(commands).toContain(noLinks + rename(`/var/MailRoot/${n}`));
      // The backup copy of the key goes into a folder only its owner can enter (mktemp -d: mode 700).
      expect(commands.some((c) => c.includes('mktemp -d'))).toBe(true);
    });
  }

  if (os === 'windows') {
    // Reviewer: a folder made directly under C:\ inherits Users:(RX) and Authenticated Users:(M), so
    // any local user could read server.key in C:\xmail-bundle or swap a bundle file (server.key,
    // server.tab, a startup .reg the administrator then imports elevated) before the commands run.
    // Failed before the fix (C:\xmail-bundle, C:\xmail-backup-...).
    it.each(cases)("$name ($lang): the bundle is unzipped, and backed up, inside the administrator's profile, never directly under C:\\", async ({ kind, lang }) => {
      expect.hasAssertions();
      const { install, steps } = await load(kind, lang);
      expect(steps[0]!.commands).toEqual(['cd /d "%USERPROFILE%\\xmail-bundle"']);
      expect(steps[0]!.lines.join(' ')).toContain(lang === 'ja' ? 'C:\\Users\\<ユーザー名>\\xmail-bundle(コマンドでは %USERPROFILE%\\xmail-bundle)' : 'C:\\Users\\<your user name>\\xmail-bundle (%USERPROFILE%\\xmail-bundle in commands');
      expect(install).not.toMatch(/C:\\xmail-/);
      expect(steps[1]!.commands[1]).toBe('set "B=%USERPROFILE%\\xmail-backup-%B: =0%"');
      expect(install).toContain(lang === 'ja' ? 'set "B=フォルダー名"' : 'set "B=FOLDER"');
      // The ACL goes only on the folder this run made, and the text says to stop if mkdir failed.
      expect(steps[1]!.commands[2]).toMatch(/^mkdir "%B%" && icacls "%B%" /);
      expect(steps[1]!.lines.join(' ')).toContain(lang === 'ja' ? 'mkdir でエラーが表示されたら、その後の行は実行せず' : 'If mkdir shows an error, do not run the lines after it');
    });

    // Reviewer: Windows 11's "Terminal (Admin)" and "Open in Terminal" open PowerShell, where
    // `&&`, `for %c`, `if exist`, `copy /Y`, `set B=` break halfway. Step 1 says the commands are
    // for cmd.exe and to type cmd first when the prompt starts with PS. Failed on main.
    it.each(cases)('$name ($lang): step 1 says the commands are for cmd.exe, not PowerShell, and what to do at a PS prompt', async ({ kind, lang }) => {
      expect.hasAssertions();
      const { steps } = await load(kind, lang);
      const text = steps[0]!.lines.join(' ');
      expect(text).toContain(lang === 'ja' ? 'コマンドはすべてコマンドプロンプト(cmd.exe)用で、PowerShell では動きません' : 'Every command is for the Command Prompt (cmd.exe), not PowerShell');
      expect(text).toContain(lang === 'ja' ? 'プロンプトが PS で始まっている場合は、先に cmd と入力して Enter キーを押してください' : 'If the prompt starts with PS, type cmd and press Enter first');
    });

    // Reviewer: copy /Y gives server.key.new MailRoot's inherited ACL (often Users:RX) and move /Y
    // keeps it, so the live key was as readable as MailRoot. Failed before the fix (no icacls).
    it.each(cases)("$name ($lang): the key's temporary copy is closed to all but Administrators and SYSTEM before its rename; the text says how to add the service account", async ({ kind, lang }) => {
      expect.hasAssertions();
      const { files, install, commands } = await load(kind, lang);
      const hasKey = files.some((f) => f.path === 'MailRoot/server.key');
      // Reviewer (security): a server.key.new left over, or pre-created by a local user, kept its
      // owner and ACL through `copy /Y` onto it, and icacls /grant:r leaves other entries. So the
      // old one is deleted first, the copy runs only if it is gone (one chained line), and the copy
      // gets owner Administrators, /reset (drops every explicit entry), then only Administrators
      // and SYSTEM. Same in the undo. Failed on main (a plain copy /Y onto server.key.new).
      const NEW = '"C:\\MailRoot\\server.key.new"';
      const close = `icacls ${NEW} /setowner *S-1-5-32-544 && icacls ${NEW} /reset && icacls ${NEW} /inheritance:r /grant:r *S-1-5-32-544:F *S-1-5-18:F`;
      const all = install.split(/\r?\n/).filter((l) => /^ {5}\S/.test(l)).map((l) => l.trim());
      const copies = all.filter((c) => c.includes(`${NEW}`) && /copy \/Y [^&]*"C:\\MailRoot\\server\.key\.new"/.test(c));
      expect(copies.length).toBe(hasKey ? 2 : 0);
      const src = '"%USERPROFILE%\\xmail-bundle\\MailRoot\\server.key"';
      if (hasKey) {
        const at = commands.indexOf(`if not exist ${NEW} copy /Y ${src} ${NEW} && ${close}`);
        expect(at).toBeGreaterThan(0);
        expect(commands[at - 1]).toBe(`if exist ${NEW} del /f /q ${NEW}`);
        expect(at).toBeLessThan(commands.indexOf('move /Y "C:\\MailRoot\\server.key.new" "C:\\MailRoot\\server.key"'));
        expect(all).toContain(`if exist "%B%\\xmail-backup.txt" if exist "%B%\\server.key" ((if exist ${NEW} del /f /q ${NEW}) & if not exist ${NEW} copy /Y "%B%\\server.key" ${NEW} && ${close} && move /Y ${NEW} "C:\\MailRoot\\server.key") else (findstr /l /i /x /c:server.key "%B%\\absent.txt" >nul && del "C:\\MailRoot\\server.key")`);
        expect(install).toContain(lang === 'ja' ? 'LocalSystem 以外のアカウント' : 'an account other than LocalSystem');
        expect(install).toContain(lang === 'ja' ? 'del の行で「アクセスが拒否されました」' : 'If the del line shows "Access is denied"');
      }
      // Nothing else in MailRoot gets its ACL changed.
      expect(commands.filter((c) => /^icacls "C:\\MailRoot/.test(c))).toEqual([]);
    });

    // Reviewer: the edit of server.tab.new had no command, and the English text wrote
    // MailRoot/server.tab.new with a forward slash. Failed before the fix.
    it.each(cases)('$name ($lang): server.tab.new opens in Notepad from the administrator prompt; no path with a forward slash', async ({ kind, lang }) => {
      expect.hasAssertions();
      const { files, install, steps } = await load(kind, lang);
      const byHand = files.some((f) => f.path === 'server.tab.patch') && !files.some((f) => f.path === 'MailRoot/server.tab');
      const edit = steps.find((st) => st.commands.includes('copy /Y "C:\\MailRoot\\server.tab" "C:\\MailRoot\\server.tab.new"'));
      expect(edit !== undefined).toBe(byHand);
      if (edit) {
        expect(edit.commands).toEqual(['copy /Y "C:\\MailRoot\\server.tab" "C:\\MailRoot\\server.tab.new"', 'notepad "C:\\MailRoot\\server.tab.new"']);
        expect(edit.lines.join(' ')).toContain(lang === 'ja' ? '2 行目のコマンドで server.tab.new がメモ帳で開きます' : 'The second command opens server.tab.new in Notepad');
      }
      expect(install).not.toMatch(/\b(MailRoot|clients|startup)\/[\w.-]/);
    });

    // cmd.exe cannot run here: the syntax is checked statically.
    it.each(cases)('$name ($lang): cmd syntax: balanced quotes, move /Y onto its own .new, copy /Y into MailRoot, xcopy only with /I, only our %variables%', async ({ kind, lang }) => {
      expect.hasAssertions();
      const { commands: stepCommands, install } = await load(kind, lang);
      // The undo section's commands too.
      const undo = (install.split(/^■ /m)[4] ?? '').split(/\r?\n/).filter((l) => /^ {5}\S/.test(l)).map((l) => l.trim());
      const commands = [...stepCommands, ...undo];
      for (const c of commands) {
        expect((c.match(/"/g) ?? []).length % 2, c).toBe(0);
        // Every move and copy inside an if ( ... ) block: from X.new onto X, and copy /Y only.
        for (const m of c.matchAll(/\bmove \/Y "([^"]+)" "([^"]+)"/g)) expect(m[1], c).toBe(`${m[2]}.new`);
        for (const m of c.matchAll(/\bcopy (\/Y )?"[^"]+" "([^"]+)"/g)) if (m[2]!.startsWith(MAILROOT.windows)) expect(m[1], c).toBe('/Y ');
        expect(c, c).not.toMatch(/^(cp|mv|rm|chmod|mkdir -p) |~\//);
        if (/^move /.test(c)) expect(c, c).toMatch(/^move \/Y "([^"]+)\.new" "\1"$/);
        if (/^copy /.test(c) && c.includes(`${MAILROOT.windows}\\`) && !c.includes('%B%')) expect(c, c).toMatch(/^copy \/Y "[^"]+" "[^"]+\.new"$/);
        if (/^xcopy /.test(c)) expect(c, c).toMatch(/^xcopy (\/\w+ )*\/I /);
        const percents = c.replace(/%date:\/=%|%time::=%|%B: =0%|%B%|%USERPROFILE%|%N%|%L%|%i\b|%l\b|%e\b|%~nxc|%~nc|%~fc|%~xc|%c\b/g, '');
        if (!/^(Test-NetConnection|\$c = )/.test(c)) expect(percents, c).not.toContain('%');
      }
    });
  }
});
