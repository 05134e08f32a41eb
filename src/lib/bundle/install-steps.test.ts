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

const facts = (over: Partial<InstallFacts> = {}): InstallFacts => ({
  os: 'windows', hostNames: ['mail.example.com'], files: full, trust: 'private-ca', ...over,
});

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
    expect(win).toMatch(/reg import startup\\xmail-registry\.reg/);
    expect(win).toContain('net stop XMail');
    expect(win).toContain('net start XMail');
    expect(win).not.toContain('/etc/init.d/xmail restart');
    const unix = render(facts({ os: 'unix' }), 'en');
    expect(unix).toContain('XMAIL_CMD_LINE');
    expect(unix).toContain('/etc/init.d/xmail restart');
    expect(unix).not.toContain('net stop');
    expect(unix).toContain('chmod 600 /var/MailRoot/server.key');
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

  it('without a command line there is no registry step and the restart is optional', () => {
    const files = full.filter((f) => !['command-line', 'init-script-line', 'reg-native', 'reg-wow64'].includes(f.role));
    const en = render(facts({ files }), 'en');
    expect(en).not.toContain('reg import');
    expect(en).toContain('a restart is not required');
    expect(render(facts({ files }), 'ja')).toContain('再起動は必須ではありません');
  });

  it('a merged server.tab is copied, not patched by hand', () => {
    const files = [...full, { path: 'MailRoot/server.tab', role: 'server-tab' as const }];
    const en = render(facts({ files }), 'en');
    expect(en).toContain('replaced MailRoot/server.tab');
    expect(en).not.toContain('Apply the lines in server.tab.patch');
  });

  it.each([
    ['self-signed', 'self-signed'],
    ['public', 'public CA'],
    ['private-ca', 'Trusted Root Certification Authorities'],
  ] as const)('clients step for %s trust mentions %j', (trust, text) => {
    expect(render(facts({ trust }), 'en')).toContain(text);
  });
});
