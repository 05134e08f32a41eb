/**
 * Every bundle kind, for each OS (issue 10): which files it carries, and its INSTALL.ja/en text as
 * reviewed file snapshots (__snapshots__/install/). Points checked in code, not only by review:
 * startup files only as a change to the user's line and only for the user's OS; backups name only
 * the files the bundle replaces; a restart step only with a command-line change; layered bundles
 * say what they build on.
 */
import { describe, expect, it } from 'vitest';
import { buildMailRootBundle, type BundleFile, type TargetOs } from '../bundle/index.ts';
import { CERT_DER, CERT_PEM, KEY_PEM, countingUUID } from '../bundle/test-fixtures.ts';
import { parsePrivateKey } from '../pki/index.ts';
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
    expect(en.includes('Builds on: ')).toBe(!name.startsWith('server-') && !name.startsWith('mode-off'));
    expect(en).not.toContain('(none given)');
  });

  it.each(KINDS.map((k) => [k.name, k] as const))('%s: INSTALL texts match the reviewed snapshots', async (name, kind) => {
    const files = await kind.build(os);
    await expect(text(files.find((f) => f.path === 'INSTALL.ja.txt'))).toMatchFileSnapshot(`__snapshots__/install/${name}.${os}.ja.txt`);
    await expect(text(files.find((f) => f.path === 'INSTALL.en.txt'))).toMatchFileSnapshot(`__snapshots__/install/${name}.${os}.en.txt`);
  });
});
