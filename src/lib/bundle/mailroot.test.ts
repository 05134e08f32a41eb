import { describe, expect, it } from 'vitest';
import { encodePem, equalBytes } from '../pki/index.ts';
import { isBundleError, type BundleErrorCode } from './errors.ts';
import { buildMailRootBundle, pemMarker, type MailRootBundleInput } from './mailroot.ts';
import { encodeUtf8 } from './manifest.ts';
import { sha256Hex } from '../pki/index.ts';
import { CERT_DER, CERT_HASHES, CERT_PEM, KEY_PEM, OTHER_KEY_PEM, countingUUID } from './test-fixtures.ts';

const deps = () => ({ subjectHashesOf: () => CERT_HASHES, randomUUID: countingUUID() });
const text = (b: Uint8Array) => new TextDecoder().decode(b);

const fullInput: MailRootBundleInput = {
  os: 'windows',
  lang: 'en',
  serverKeyPem: KEY_PEM,
  serverCertChainPem: `subject=CN=mail.example.com\r\n${CERT_PEM}${CERT_PEM}`,
  caCertificates: [CERT_DER],
  clientVerifyCas: [CERT_DER],
  serverTab: { merged: encodeUtf8('"EnableSMTP-TLS"\t"1"\r\n'), patch: encodeUtf8('+"SSLUseCertsDir"\t"1"\n') },
  startup: {
    kind: 'merged',
    before: '-Md',
    outputs: { plain: '-X- -B-', unixLine: 'XMAIL_CMD_LINE="-X- -B-"', windowsValue: '-X- "-Md C:\\M"' },
    added: ['-X-', '-B-'],
    removed: [],
  },
  hostNames: ['mail.example.com'],
  caName: 'Example <CA>',
  extraFiles: [{ path: 'clients/taro.p12', bytes: new Uint8Array([1, 2]) }],
};

describe('buildMailRootBundle', () => {
  it('lays out every file of a full bundle in a fixed order', async () => {
    const files = await buildMailRootBundle(fullInput, deps());
    expect(files.map((f) => f.path)).toEqual([
      'INSTALL.ja.txt',
      'INSTALL.en.txt',
      'MailRoot/server.key',
      'MailRoot/server.cert',
      'MailRoot/certs.pem',
      'MailRoot/certs/153054dd.0',
      'MailRoot/certs/6aebb30b.0',
      'MailRoot/server.tab',
      'server.tab.patch',
      'startup/xmail-cmdline.txt',
      'startup/xmail-registry.reg',
      'startup/xmail-registry-32bit-xmail-on-64bit-windows.reg',
      'clients/ca.cer',
      'clients/ca.pem',
      'clients/trust-ca.mobileconfig',
      'clients/taro.p12',
      'MANIFEST.sha256',
    ]);
  });

  it('writes key and chain through the PEM codec, drops text between blocks, keeps server.tab bytes as given', async () => {
    const files = new Map((await buildMailRootBundle(fullInput, deps())).map((f) => [f.path, f.bytes]));
    expect(text(files.get('MailRoot/server.key')!)).toBe(KEY_PEM);
    expect(text(files.get('MailRoot/server.cert')!)).toBe(CERT_PEM + CERT_PEM);
    expect(text(files.get('MailRoot/certs.pem')!)).toBe(encodePem('CERTIFICATE', CERT_DER));
    expect(text(files.get('MailRoot/server.tab')!)).toBe('"EnableSMTP-TLS"\t"1"\r\n');
    expect(equalBytes(files.get('clients/ca.cer')!, CERT_DER)).toBe(true);
    expect(text(files.get('startup/xmail-cmdline.txt')!)).toBe('-X- -B-\r\n');
    const unix = new Map((await buildMailRootBundle({ ...fullInput, os: 'unix' }, deps())).map((f) => [f.path, f.bytes]));
    expect(text(unix.get('startup/xmail-init-script-line.txt')!)).toContain('\nXMAIL_CMD_LINE="-X- -B-"\n');
    const mobileconfig = text(files.get('clients/trust-ca.mobileconfig')!);
    expect(mobileconfig).toContain('<string>CA certificate: Example &lt;CA&gt;</string>');
    expect(mobileconfig).toMatch(/<string>com\.example\.mail\.xmail-tls\.ca-[0-9a-f]{12}<\/string>/);
  });

  it('INSTALL files carry a UTF-8 BOM for Windows (old Notepad) and none for Unix', async () => {
    const win = await buildMailRootBundle({ os: 'windows', serverKeyPem: KEY_PEM }, deps());
    const unix = await buildMailRootBundle({ os: 'unix', serverKeyPem: KEY_PEM }, deps());
    for (const path of ['INSTALL.ja.txt', 'INSTALL.en.txt']) {
      expect(Array.from(win.find((f) => f.path === path)!.bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
      expect(unix.find((f) => f.path === path)!.bytes[0]).not.toBe(0xef);
    }
  });

  it('the manifest lists every other file with its SHA-256', async () => {
    const files = await buildMailRootBundle(fullInput, deps());
    const manifest = text(files.at(-1)!.bytes);
    const expected = await Promise.all(files.slice(0, -1).map(async (f) => `${await sha256Hex(f.bytes)}  ${f.path}\n`));
    expect(manifest).toBe(expected.join(''));
  });

  it('is repeatable with a fixed UUID source', async () => {
    const a = await buildMailRootBundle(fullInput, deps());
    const b = await buildMailRootBundle(fullInput, deps());
    expect(a.every((f, i) => f.path === b[i]!.path && equalBytes(f.bytes, b[i]!.bytes))).toBe(true);
  });

  it('the mismatch error says so', async () => {
    await expect(buildMailRootBundle({ os: 'unix', serverKeyPem: OTHER_KEY_PEM, serverCertChainPem: CERT_PEM }, deps())).rejects.toThrow(/different key/);
  });

  it('self-signed is detected when not stated: one self-issued certificate and no CA', async () => {
    const files = await buildMailRootBundle({ os: 'unix', serverKeyPem: KEY_PEM, serverCertChainPem: CERT_PEM }, deps());
    expect(files.map((f) => f.path)).toContain('clients/server-selfsigned.cer');
    const stated = await buildMailRootBundle({ os: 'unix', serverKeyPem: KEY_PEM, serverCertChainPem: CERT_PEM, selfSigned: false }, deps());
    expect(stated.map((f) => f.path)).not.toContain('clients/server-selfsigned.cer');
  });

  it('computes certs/ names with the PKI core by default', async () => {
    const files = await buildMailRootBundle({ os: 'unix', clientVerifyCas: [CERT_DER] });
    expect(files.map((f) => f.path).filter((p) => p.startsWith('MailRoot/certs/'))).toEqual(['MailRoot/certs/153054dd.0', 'MailRoot/certs/6aebb30b.0']);
  });

  it('self-signed: offers the leaf as clients/server-selfsigned.cer and no CA files', async () => {
    const files = await buildMailRootBundle({ os: 'unix', serverKeyPem: KEY_PEM, serverCertChainPem: CERT_PEM, selfSigned: true }, deps());
    const paths = files.map((f) => f.path);
    expect(paths).toContain('clients/server-selfsigned.cer');
    expect(paths).not.toContain('clients/ca.cer');
    expect(paths).not.toContain('clients/trust-ca.mobileconfig');
    expect(equalBytes(files.find((f) => f.path === 'clients/server-selfsigned.cer')!.bytes, CERT_DER)).toBe(true);
    expect(text(files.find((f) => f.path === 'INSTALL.en.txt')!.bytes)).toContain('self-signed');
  });

  it('a patch without a merged file: only server.tab.patch, and INSTALL says to apply it by hand', async () => {
    const files = await buildMailRootBundle({ os: 'unix', serverTab: { patch: encodeUtf8('+"EnableSMTP-TLS"\t"0"\n') }, startup: fullInput.startup }, deps());
    const paths = files.map((f) => f.path);
    expect(paths).toContain('server.tab.patch');
    expect(paths).not.toContain('MailRoot/server.tab');
    expect(text(files.find((f) => f.path === 'INSTALL.en.txt')!.bytes)).toContain('Apply the lines in server.tab.patch');
  });

  it('several CAs get numbered client files', async () => {
    const files = await buildMailRootBundle({ os: 'unix', caCertificates: [CERT_DER, CERT_DER.slice()] }, deps());
    expect(files.map((f) => f.path).filter((p) => p.startsWith('clients/'))).toEqual([
      'clients/ca-1.cer', 'clients/ca-1.pem', 'clients/ca-2.cer', 'clients/ca-2.pem', 'clients/trust-ca.mobileconfig',
    ]);
  });

  const encryptedPkcs8 = encodePem('ENCRYPTED PRIVATE KEY', new Uint8Array([0x30, 0]));
  const legacyEncrypted = '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,0011223344556677\n\nMAA=\n-----END RSA PRIVATE KEY-----\n';
  it.each<[string, Partial<MailRootBundleInput>, BundleErrorCode]>([
    ['nothing at all', {}, 'BUNDLE_INPUT_INVALID'],
    ['a key that is not the certificate\'s', { serverKeyPem: OTHER_KEY_PEM, serverCertChainPem: CERT_PEM }, 'BUNDLE_INPUT_INVALID'],
    ['an encrypted PKCS#8 key', { serverKeyPem: encryptedPkcs8 }, 'BUNDLE_INPUT_INVALID'],
    ['a legacy encrypted key', { serverKeyPem: legacyEncrypted }, 'BUNDLE_INPUT_INVALID'],
    ['a certificate where the key should be', { serverKeyPem: CERT_PEM }, 'BUNDLE_INPUT_INVALID'],
    ['two keys', { serverKeyPem: KEY_PEM + KEY_PEM }, 'BUNDLE_INPUT_INVALID'],
    ['a key inside the chain', { serverCertChainPem: CERT_PEM + KEY_PEM }, 'BUNDLE_INPUT_INVALID'],
    ['broken PEM', { serverCertChainPem: '-----BEGIN CERTIFICATE-----\nMII' }, 'BUNDLE_INPUT_INVALID'],
    ['self-signed without a certificate', { serverKeyPem: KEY_PEM, selfSigned: true }, 'BUNDLE_INPUT_INVALID'],
    ['an extra file escaping the folder', { serverKeyPem: KEY_PEM, extraFiles: [{ path: '../x.p12', bytes: new Uint8Array() }] }, 'BUNDLE_PATH_INVALID'],
    ['an absolute extra file', { serverKeyPem: KEY_PEM, extraFiles: [{ path: '/etc/x', bytes: new Uint8Array() }] }, 'BUNDLE_PATH_INVALID'],
    ['an extra file with a backslash', { serverKeyPem: KEY_PEM, extraFiles: [{ path: 'clients\\x.p12', bytes: new Uint8Array() }] }, 'BUNDLE_PATH_INVALID'],
    ['an extra file shadowing server.key', { serverKeyPem: KEY_PEM, extraFiles: [{ path: 'MailRoot/Server.KEY', bytes: new Uint8Array() }] }, 'BUNDLE_PATH_DUPLICATE'],
    ['a command line with a line break', { startup: { kind: 'merged', before: '', outputs: { plain: 'a', unixLine: 'a', windowsValue: 'a\nb' }, added: [], removed: [] } }, 'BUNDLE_REG_VALUE_INVALID'],
  ])('refuses %s with %s', async (_name, over, code) => {
    expect.assertions(1);
    await buildMailRootBundle({ os: 'windows', ...over }, deps()).catch((e: unknown) => {
      expect(isBundleError(e, code)).toBe(true);
    });
  });
});

// Reviewer: the same CA wrapped otherwise went into certs.pem twice (tests/interop/live-install.test.ts runs it).
describe('pemMarker', () => {
  it('is found in the certificate wrapped at 64 or 76 columns or not at all, in its last 60 base64 characters, for every length', () => {
    expect.hasAssertions();
    for (let n = 45; n < 700; n++) {
      const der = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff);
      const b64 = Buffer.from(der).toString('base64');
      const marker = pemMarker(der);
      expect(marker).toMatch(/^[A-Za-z0-9+/]{16}$/);
      expect(b64.replace(/=+$/, '').slice(-60)).toContain(marker);
      for (const w of [64, 76]) expect(b64.match(new RegExp(`.{1,${w}}`, 'g'))!.some((line) => line.includes(marker)), `${n} ${w}`).toBe(true);
    }
  });
});
