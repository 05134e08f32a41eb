/**
 * Issue 14 ("What must be shown"): one Playwright run per kit type and language, from the first
 * screen to the downloads, for the kits client-certs.spec.ts does not walk (it has Windows in ja/en
 * and the every-program zip): iPhone/iPad/Mac and Android in ja and en, Thunderbird in ja.
 * Each run: first screen → CA証明書 (client CA, RSA 2048) → クライアント証明書 → 1–2 users (RSA 2048)
 * → the mail program chosen for everyone or for one user → that user's `<user>.zip` (and, chosen
 * for everyone, the files zip) → in Node: exactly the kit's files, no password in any entry (UTF-8,
 * UTF-16), the .p12 opens with the sheet's password in OpenSSL 3 and NSS pk12util, its certificate
 * verifies (sslclient) against the CA the kit carries (ca.pem, ca.cer, or the .mobileconfig's root
 * payload), the .mobileconfig parses with Python plistlib (payload types, unique UUIDs, no
 * Password key, mail ports = the ones the page shows) → the hand-over sheet printed with page.pdf,
 * one page per user, holding each password and file name. Screenshots in test-results/screenshots:
 * client-kits-<program>-sheet-<lang>.png (the sheet as printed) and
 * client-kits-<program>-install-<lang>.png (the kit's INSTALL text rendered in a <pre>).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { translate } from '../../src/i18n/translate.ts';
import { en } from '../../src/i18n/en.ts';
import { ja } from '../../src/i18n/ja.ts';
import { opensslVerify, pk12utilImport, pkcs12ToPem, run, tmpDir, unzipToMap, writeFiles, writeTree } from './checks.ts';
import { captureDownload, expect, expectNoKeyMaterial, saveScreenshot, test } from './fixtures.ts';
import { chooseLang, createVault, type Text } from './ui-steps.ts';

const dir = tmpDir('e2e-client-kits-');
test.afterAll(() => dir.cleanup());

type Program = 'thunderbird' | 'apple' | 'android';
type Lang = 'ja' | 'en';

interface Row {
  program: Program;
  lang: Lang;
  /** 'everyone': the kit select for all users (and the files zip is checked too); 'user': the first user's own select. */
  choose: 'everyone' | 'user';
  users: number;
  /** Typed into the server host field; '' leaves the kit without server settings. */
  host: string;
  target: 'official-1.27-win' | 'openssl-1.0.1+';
}

const ROWS: readonly Row[] = [
  { program: 'apple', lang: 'ja', choose: 'everyone', users: 2, host: 'mail.example.jp', target: 'official-1.27-win' },
  { program: 'apple', lang: 'en', choose: 'user', users: 1, host: '', target: 'openssl-1.0.1+' },
  { program: 'android', lang: 'ja', choose: 'user', users: 1, host: 'mail.example.jp', target: 'official-1.27-win' },
  { program: 'android', lang: 'en', choose: 'everyone', users: 2, host: 'mail.example.jp', target: 'openssl-1.0.1+' },
  { program: 'thunderbird', lang: 'ja', choose: 'everyone', users: 2, host: 'mail.example.jp', target: 'official-1.27-win' },
];

const USERS = [
  { line: '山田 太郎,taro@example.jp', name: '山田 太郎', base: 'taro@example.jp' },
  { line: 'Hanako Sato\thanako@example.jp', name: 'Hanako Sato', base: 'hanako@example.jp' },
] as const;

/** The files of one user's kit for one program, under `<base>/` (src/lib/bundle/client-kit.ts). */
function kitFiles(program: Program, base: string, lang: Lang): string[] {
  const own = { thunderbird: ['ca.pem'], android: ['ca.cer'], apple: [`${base}.mobileconfig`] }[program];
  return [`${base}.p12`, `INSTALL.${lang}.txt`, ...own].map((f) => `${base}/${f}`).sort();
}

const names = (files: Map<string, Uint8Array>) => [...files.keys()].sort();

/** Fails when `password` is in any entry, as UTF-8 or UTF-16 (LE or BE). */
function expectNoPassword(files: Map<string, Uint8Array>, password: string): void {
  const forms = [Buffer.from(password, 'utf8'), Buffer.from(password, 'utf16le'), Buffer.from(password, 'utf16le').swap16()];
  for (const [path, bytes] of files) {
    for (const form of forms) expect(Buffer.from(bytes).includes(form), `${path} holds a password`).toBe(false);
  }
}

/** What Python's plistlib reads from a .mobileconfig. */
interface ProfileFacts {
  type: string;
  uuids: string[];
  types: string[];
  keys: string[];
  roots: string[];
  mail: Array<Record<string, string | number | boolean | null>>;
}

const PLIST_FACTS = `
import base64, json, plistlib, sys
p = plistlib.load(open(sys.argv[1], 'rb'))
c = p['PayloadContent']
mail_keys = ('IncomingMailServerHostName', 'IncomingMailServerPortNumber', 'IncomingMailServerUseSSL',
             'OutgoingMailServerHostName', 'OutgoingMailServerPortNumber', 'OutgoingMailServerUseSSL', 'EmailAddress')
print(json.dumps({
  'type': p['PayloadType'],
  'uuids': [p['PayloadUUID']] + [x['PayloadUUID'] for x in c],
  'types': sorted(x['PayloadType'] for x in c),
  'keys': sorted({k for x in [p] + c for k in x}),
  'roots': [base64.b64encode(x['PayloadContent']).decode() for x in c if x['PayloadType'] == 'com.apple.security.root'],
  'mail': [{k: x.get(k) for k in mail_keys} for x in c if x['PayloadType'] == 'com.apple.mail.managed'],
}))
`;

async function profileFacts(path: string): Promise<ProfileFacts> {
  const r = await run('python3', ['-c', PLIST_FACTS, path]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ProfileFacts;
}

/** The CA a kit carries, as a PEM file path for openssl verify. */
async function kitCaPem(program: Program, kitDir: string, base: string, out: string): Promise<string> {
  if (program === 'thunderbird') return join(kitDir, 'ca.pem');
  const der = program === 'android' ? join(kitDir, 'ca.cer') : join(out, `${base}-root.der`);
  if (program === 'apple') {
    const facts = await profileFacts(join(kitDir, `${base}.mobileconfig`));
    expect(facts.roots).toHaveLength(1);
    writeFileSync(der, Buffer.from(facts.roots[0]!, 'base64'));
  }
  const pem = join(out, `${base}-ca.pem`);
  const r = await run('openssl', ['x509', '-inform', 'DER', '-in', der, '-out', pem]);
  expect(r.code, r.stderr).toBe(0);
  return pem;
}

async function nav(page: Page, text: Text, flow: 'flow.ca-for-clients.title' | 'flow.client-certs.title' | 'flow.current.title'): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: text[flow], exact: true }).click();
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(text[flow]);
}

async function cardFacts(sheet: Locator): Promise<Array<{ file: string; password: string }>> {
  const cards = await sheet.getByRole('article').all();
  return Promise.all(cards.map(async (card) => ({
    file: (await card.locator('code').first().textContent())!.trim(),
    password: (await card.locator('code.password').textContent())!.trim(),
  })));
}

for (const row of ROWS) {
  const { program, lang, choose, host, target } = row;
  const users = USERS.slice(0, row.users);
  const first = USERS[0];
  test(`kit ${program} (${lang}, chosen for ${choose}, ${users.length} user(s)${host ? ', with server' : ''}): first screen → <user>.zip → p12/CA/profile checks → sheet PDF`, async ({ page, guard }) => {
    const text = lang === 'ja' ? ja : en;
    const out = join(dir.path, `${program}-${lang}`);
    mkdirSync(out, { recursive: true });
    const main = page.getByRole('main');

    // The first screen, then CA証明書 from the navigation.
    await page.goto('/');
    await chooseLang(page, lang);
    await nav(page, text, 'flow.ca-for-clients.title');
    await createVault(page, text);
    await main.getByLabel(text['ca-for-clients.name.label']).fill('E2E Kit CA');
    await main.getByLabel(text['ca-for-clients.target.label']).selectOption(target);
    await main.getByRole('button', { name: text['ca-for-clients.create.submit'] }).click();
    await expect(main.getByText(translate(lang, 'ca-for-clients.create.done', { name: 'E2E Kit CA' }))).toBeVisible({ timeout: 60_000 });

    // クライアント証明書: issue, RSA 2048.
    await nav(page, text, 'flow.client-certs.title');
    await main.getByLabel(text['client-certs.users.label']).fill(users.map((u) => u.line).join('\n'));
    await expect(main.getByText(translate(lang, 'client-certs.users.count', { count: users.length }))).toBeVisible();
    await main.getByLabel(text['client-certs.key.label']).selectOption('rsa-2048');
    await main.getByRole('button', { name: text['client-certs.issue'], exact: true }).click();
    await expect(main.getByText(translate(lang, 'client-certs.done', { count: users.length }))).toBeVisible({ timeout: 120_000 });
    const sheet = main.getByTestId('hand-over-sheet');
    await expect(sheet.getByRole('article')).toHaveCount(users.length);
    const cards = await cardFacts(sheet);
    expect(cards.map((c) => c.file)).toEqual(users.map((u) => `${u.base}/${u.base}.p12`));

    // The kit: server settings (or none), the program for everyone or for the first user.
    const ssl = translate(lang, 'client-kits.security.ssl');
    if (host) {
      await main.getByLabel(text['client-certs.kit.host.label']).fill(host);
      const summary = main.getByTestId('kit-server-summary');
      await expect(summary).toContainText(translate(lang, 'client-certs.kit.summary.pop3', { host, port: 995, security: ssl }));
      await expect(summary).toContainText(translate(lang, 'client-certs.kit.summary.smtp', { host, port: 465, security: ssl }));
    }
    if (choose === 'everyone') await main.getByLabel(text['client-certs.kit.program.label'], { exact: true }).selectOption(program);
    await main.getByText(text['client-certs.perUser.title']).click();
    if (choose === 'user') await main.getByLabel(translate(lang, 'client-certs.kit.program.user', { name: first.name }), { exact: true }).selectOption(program);

    // Chosen for everyone: the files zip holds exactly that program's kit for every user.
    if (choose === 'everyone') {
      const all = await captureDownload(page, () => main.getByRole('button', { name: text['client-certs.download'] }).click());
      expect(all.name).toBe('client-certificates.zip');
      const files = await unzipToMap(all.bytes);
      expect(names(files)).toEqual([`clients/INSTALL.${lang}.txt`, ...users.flatMap((u) => kitFiles(program, u.base, lang).map((f) => `clients/${f}`))].sort());
      for (const c of cards) expectNoPassword(files, c.password);
    }

    // Each user's own zip: the chosen kit for the user it was chosen for.
    const kits = choose === 'everyone' ? users : users.slice(0, 1);
    for (const [i, user] of kits.entries()) {
      const { password } = cards[i]!;
      const zip = await captureDownload(page, () => main.getByRole('button', { name: translate(lang, 'download.ready', { name: `${user.base}.zip` }) }).click());
      expect(zip.name).toBe(`${user.base}.zip`);
      const files = await unzipToMap(zip.bytes);
      expect(names(files)).toEqual(kitFiles(program, user.base, lang));
      expectNoPassword(files, password);
      writeTree(out, files);
      const kitDir = join(out, user.base);

      // The .p12 opens with the sheet's password (OpenSSL 3 without -legacy, NSS) and its
      // certificate verifies as a TLS client against the CA the kit carries.
      const p12 = join(kitDir, `${user.base}.p12`);
      const pem = await pkcs12ToPem(p12, password);
      expect(pem.result.code, pem.result.stderr).toBe(0);
      expect(pem.key).toContain('PRIVATE KEY');
      const nss = await pk12utilImport(p12, password, join(out, `nss-${i}`));
      expect(nss.import.code, nss.import.stdout + nss.import.stderr).toBe(0);
      expect(nss.keys.stdout).not.toMatch(/orphan/i);
      const wrong = await pkcs12ToPem(p12, `${password}x`);
      expect(wrong.result.code).not.toBe(0);
      const certPath = writeFiles(out, { [`${user.base}.cert.pem`]: pem.cert })[`${user.base}.cert.pem`]!;
      const verified = await opensslVerify(certPath, { caFile: await kitCaPem(program, kitDir, user.base, out) }, 'sslclient');
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);

      // The Apple profile: CA + identity (+ the POP account when the server is known), no password.
      if (program === 'apple') {
        const facts = await profileFacts(join(kitDir, `${user.base}.mobileconfig`));
        expect(facts.type).toBe('Configuration');
        expect(new Set(facts.uuids).size).toBe(facts.uuids.length);
        expect(facts.keys).not.toContain('Password');
        expect(facts.types).toEqual(['com.apple.security.pkcs12', 'com.apple.security.root', ...(host ? ['com.apple.mail.managed'] : [])].sort());
        expect(facts.mail).toEqual(host ? [{
          IncomingMailServerHostName: host, IncomingMailServerPortNumber: 995, IncomingMailServerUseSSL: true,
          OutgoingMailServerHostName: host, OutgoingMailServerPortNumber: 465, OutgoingMailServerUseSSL: true, EmailAddress: user.base,
        }] : []);
      }

      // INSTALL: the chosen program's section only, its steps with this kit's file, the server lines.
      const install = new TextDecoder().decode(files.get(`${user.base}/INSTALL.${lang}.txt`)).replace(/^\ufeff/, '');
      const lines = install.split('\r\n');
      const section = (p: string) => translate(lang, 'client-kits.section', { program: translate(lang, `client-kits.program.${p as Program}`) });
      expect(lines).toContain(section(program));
      for (const other of ['thunderbird', 'windows', 'apple', 'android'].filter((p) => p !== program)) expect(lines).not.toContain(section(other));
      const file = program === 'apple' ? `${user.base}.mobileconfig` : `${user.base}.p12`;
      const step = { thunderbird: 'client-kits.tb.3', android: 'client-kits.android.3', apple: 'client-kits.apple.1' } as const;
      expect(lines).toContain(translate(lang, step[program], { file }));
      expect(lines).toContain(host
        ? translate(lang, 'client-kits.server.pop3', { host, port: 995, security: ssl, user: user.base })
        : translate(lang, 'client-kits.server.unknown'));

      // The INSTALL text as the user sees it, rendered (as text, never markup) for the screenshot.
      if (i === 0) {
        const view = await page.context().newPage();
        await view.setContent(`<!doctype html><html lang="${lang}"><body style="margin:1rem;font-family:sans-serif"><pre style="white-space:pre-wrap;max-width:60rem"></pre></body></html>`);
        await view.locator('pre').evaluate((el, t) => { el.textContent = t; }, install);
        await saveScreenshot(view, `client-kits-${program}-install`, lang);
        await view.close();
      }
    }

    // The hand-over sheet printed: one page per user, each with its password and file name.
    const pdfPath = join(out, `hand-over-${program}-${lang}.pdf`);
    writeFileSync(pdfPath, await page.pdf({ format: 'A4' }));
    const info = await run('pdfinfo', [pdfPath]);
    const pdfText = (await run('pdftotext', ['-layout', pdfPath, '-'])).stdout;
    expect(info.stdout, pdfText).toMatch(new RegExp(`^Pages:\\s+${users.length}$`, 'm'));
    // Letter spacing may reach the extracted text as spaces: compared without white space.
    const squeezed = pdfText.replace(/\s+/g, '');
    for (const c of cards) {
      expect(squeezed).toContain(c.password);
      expect(squeezed).toContain(c.file);
    }
    // Each user's page names that user's kit and says how to install it for the program chosen
    // (the Apple kit from its .mobileconfig, never by opening the .p12); no other program's line.
    for (const u of users) {
      const params = { file: `${u.base}.p12`, profile: `${u.base}.mobileconfig`, ca: 'E2E Kit CA', install: `INSTALL.${lang}.txt` };
      expect(squeezed).toContain(translate(lang, `client-kits.sheet.${program}`, params).replace(/\s+/g, ''));
      for (const f of kitFiles(program, u.base, lang)) expect(squeezed).toContain(f.split('/')[1]!);
    }
    const chosenFor = choose === 'everyone' ? users.length : 1;
    for (const other of (['thunderbird', 'windows', 'apple', 'android'] as const).filter((p) => p !== program)) {
      const head = translate(lang, `client-kits.sheet.${other}`, { file: '', profile: '', ca: '', install: '' }).split(':')[0]!.replace(/\s+/g, '') + ':';
      // A user whose program was not chosen (the second user of a per-user row) gets every line.
      expect(squeezed.split(head).length - 1, other).toBe(users.length - chosenFor);
    }
    expect(pdfText).not.toContain(text['client-certs.download']);
    copyFileSync(pdfPath, resolve(import.meta.dirname, '../../test-results', `hand-over-${program}-${lang}.pdf`));
    await page.emulateMedia({ media: 'print' });
    await saveScreenshot(page, `client-kits-${program}-sheet`, lang);
    await page.emulateMedia({ media: null });
    await expectNoKeyMaterial(page, guard);
  });
}

/**
 * Issue 14 item 3, end to end: the command line given in 現在の環境 and the administrator's word on
 * STARTTLS decide the ports every kit writes (recipes/kit-server.ts, read as MailSvr.cpp reads
 * -B/-X/-S/-P). Each row: its line → CA → one user → host typed → the user's zip (every program)
 * without, then with, "STARTTLS is on": INSTALL names exactly the ports XMail listens on for this
 * line (ports after "port"/"ポート"), the .mobileconfig's mail payload has the same ports, or none
 * when a service has no port the kit may use.
 */
interface PortsRow {
  lang: Lang;
  line: string;
  /** Implicit-TLS ports XMail listens on, then the plain ones the kit may use only with STARTTLS on. */
  ssl: { pop3: number | null; smtp: number | null };
  starttls: { pop3: number; smtp: number };
}

const PORT_ROWS: readonly PortsRow[] = [
  // POP3S on 1995; SMTPS on port 0 (atoi of "0": a random port, so no kit may name it); SMTP on
  // 587: without STARTTLS no SMTP at all, with it 587 STARTTLS.
  { lang: 'ja', line: 'XMail -Bp 1995 -Xp 0 -Sp 587 -Sl', ssl: { pop3: 1995, smtp: null }, starttls: { pop3: 1995, smtp: 587 } },
  // An init-script line: POP3S off, SMTPS bound to one address on 2465, POP3 on 1110.
  { lang: 'en', line: 'XMAIL_CMD_LINE="-B- -XI 0.0.0.0:2465 -Pp 1110"', ssl: { pop3: null, smtp: 2465 }, starttls: { pop3: 1110, smtp: 2465 } },
];

for (const row of PORT_ROWS) {
  const { lang, line } = row;
  test(`kit ports (${lang}): command line ${JSON.stringify(line)} in 現在の環境, STARTTLS off then on → INSTALL and .mobileconfig carry exactly those ports`, async ({ page, guard }) => {
    const text = lang === 'ja' ? ja : en;
    const out = join(dir.path, `ports-${lang}`);
    mkdirSync(out, { recursive: true });
    const main = page.getByRole('main');
    const user = USERS[0];
    const host = 'mail.example.jp';

    await page.goto('/');
    await chooseLang(page, lang);
    await nav(page, text, 'flow.current.title');
    await main.locator('#current-cmd').fill(line);
    await main.getByRole('button', { name: text['current.run'], exact: true }).click();
    await expect(main.getByTestId('current-report')).toBeVisible({ timeout: 30_000 });

    await nav(page, text, 'flow.ca-for-clients.title');
    await createVault(page, text);
    await main.getByLabel(text['ca-for-clients.name.label']).fill('E2E Kit CA');
    await main.getByRole('button', { name: text['ca-for-clients.create.submit'] }).click();
    await expect(main.getByText(translate(lang, 'ca-for-clients.create.done', { name: 'E2E Kit CA' }))).toBeVisible({ timeout: 60_000 });
    await nav(page, text, 'flow.client-certs.title');
    await main.getByLabel(text['client-certs.users.label']).fill(user.line);
    await main.getByLabel(text['client-certs.key.label']).selectOption('rsa-2048');
    await main.getByRole('button', { name: text['client-certs.issue'], exact: true }).click();
    await expect(main.getByText(translate(lang, 'client-certs.done', { count: 1 }))).toBeVisible({ timeout: 120_000 });
    await main.getByLabel(text['client-certs.kit.host.label']).fill(host);
    await expect(main.getByText(text['client-certs.kit.ports.command-line'])).toBeVisible();
    await main.getByText(text['client-certs.perUser.title']).click();

    for (const starttls of [false, true]) {
      if (starttls) await main.getByLabel(text['client-certs.kit.starttls']).check();
      const want = {
        pop3: starttls ? { port: row.starttls.pop3, security: row.ssl.pop3 ? 'ssl' : 'starttls' } as const : row.ssl.pop3 ? { port: row.ssl.pop3, security: 'ssl' } as const : null,
        smtp: starttls ? { port: row.starttls.smtp, security: row.ssl.smtp ? 'ssl' : 'starttls' } as const : row.ssl.smtp ? { port: row.ssl.smtp, security: 'ssl' } as const : null,
      };
      // On screen, what the kit will say.
      const summary = main.getByTestId('kit-server-summary');
      for (const which of ['pop3', 'smtp'] as const) {
        const e = want[which];
        await expect(summary).toContainText(e
          ? translate(lang, `client-certs.kit.summary.${which}`, { host, port: e.port, security: translate(lang, `client-kits.security.${e.security}`) })
          : translate(lang, `client-certs.kit.summary.${which}.none`));
      }

      const zip = await captureDownload(page, () => main.getByRole('button', { name: translate(lang, 'download.ready', { name: `${user.base}.zip` }) }).click());
      const files = await unzipToMap(zip.bytes);
      const kitDir = join(out, starttls ? 'starttls' : 'ssl');
      writeTree(kitDir, files);

      // INSTALL: the server lines, and no other port named anywhere in the text.
      const install = new TextDecoder().decode(files.get(`${user.base}/INSTALL.${lang}.txt`)).replace(/^\ufeff/, '');
      const lines = install.split('\r\n');
      for (const which of ['pop3', 'smtp'] as const) {
        const e = want[which];
        expect(lines).toContain(e
          ? translate(lang, `client-kits.server.${which}`, { host, port: e.port, security: translate(lang, `client-kits.security.${e.security}`), user: user.base })
          : translate(lang, `client-kits.server.${which}.none`));
      }
      const written = [...install.matchAll(/(?:ポート|port) (\d+)/gi)].map((m) => Number(m[1]));
      expect(new Set(written)).toEqual(new Set([want.pop3?.port, want.smtp?.port].filter((p) => p !== undefined)));

      // The Apple profile: the POP account on exactly those ports, or no account when one is missing.
      const facts = await profileFacts(join(kitDir, user.base, `${user.base}.mobileconfig`));
      expect(facts.keys).not.toContain('Password');
      expect(facts.mail).toEqual(want.pop3 && want.smtp ? [{
        IncomingMailServerHostName: host, IncomingMailServerPortNumber: want.pop3.port, IncomingMailServerUseSSL: true,
        OutgoingMailServerHostName: host, OutgoingMailServerPortNumber: want.smtp.port, OutgoingMailServerUseSSL: true, EmailAddress: user.base,
      }] : []);
    }
    await expectNoKeyMaterial(page, guard);
  });
}
