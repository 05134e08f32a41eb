import 'fake-indexeddb/auto';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { parseCertificate, parsePkcs12 } from '../pki/index.ts';
import { createCa } from '../store/index.ts';
import { openTestStore } from '../store/test-support.ts';
import { createClientCa, defaultClientCaForm } from './client-ca.ts';
import { translate } from '../../i18n/translate.ts';
import { zipBundle } from '../bundle/index.ts';
import {
  generatePassword,
  issueClientCertificates,
  parseUserList,
  passwordsFile,
  pkcs12FileName,
  userKitZip,
  zipClientCerts,
  zipUserKits,
} from './client-certs.ts';

const EC = { kind: 'EC', curve: 'P-256' } as const;

describe('parseUserList', () => {
  it('reads name,email lines with , TAB ; separators, quotes, comments and bare addresses', () => {
    const { users, issues } = parseUserList('# team\n山田 太郎,taro@example.jp\r\n"Hanako Sato"\thanako@example.jp\n\njiro@example.jp\nSuzuki; suzuki@example.jp\n');
    expect(issues).toEqual([]);
    expect(users).toEqual([
      { name: '山田 太郎', email: 'taro@example.jp' },
      { name: 'Hanako Sato', email: 'hanako@example.jp' },
      { name: 'jiro', email: 'jiro@example.jp' },
      { name: 'Suzuki', email: 'suzuki@example.jp' },
    ]);
  });

  it.each([
    ['山田 太郎，taro@example.jp', '山田 太郎', 'taro@example.jp'],
    ['鈴木、suzuki@example.jp', '鈴木', 'suzuki@example.jp'],
    ['Sato；sato@example.jp', 'Sato', 'sato@example.jp'],
  ])('full-width separators count like , and ; (%j)', (text, name, email) => {
    expect(parseUserList(text)).toEqual({ users: [{ name, email }], issues: [] });
  });

  it.each([
    ['a,b,c', 'users.columns'],
    ['Taro,not-an-address', 'san.email.format'],
    [',taro@example.jp', 'name.required'],
    ['Taro,', 'email.required'],
    ['Taro,taro@example.jp\nTaro 2,TARO@example.jp', 'users.duplicate'],
  ])('%j -> %s with the line number', (text, code) => {
    const { issues } = parseUserList(text);
    expect(issues.map((i) => i.code)).toEqual([code]);
    expect(issues[0]!.line).toBe(text.split('\n').length);
  });
});

describe('generatePassword', () => {
  it('16 characters in 4 groups, no look-alike characters', () => {
    for (let i = 0; i < 200; i++) expect(generatePassword()).toMatch(/^[A-HJ-NP-Za-km-z2-9]{4}(-[A-HJ-NP-Za-km-z2-9]{4}){3}$/);
  });
  it('rejects biased bytes (>= 224 for 56 symbols) instead of folding them', () => {
    let call = 0;
    // First batch: all 255 (rejected); then all 0 ('A').
    const random = (b: Uint8Array) => b.fill(call++ === 0 ? 255 : 0);
    expect(generatePassword(1, random)).toBe('AAAA');
    expect(call).toBe(2);
  });
  it('differs between calls', () => {
    expect(new Set(Array.from({ length: 50 }, () => generatePassword())).size).toBe(50);
  });
});

describe('pkcs12FileName', () => {
  it('uses the address, lower-cased, and numbers duplicates', () => {
    const taken = new Set<string>();
    expect(pkcs12FileName({ name: 'x', email: 'Taro@Example.jp' }, taken)).toBe('taro@example.jp.p12');
    expect(pkcs12FileName({ name: 'x', email: 'taro@example.jp' }, taken)).toBe('taro@example.jp-2.p12');
    expect(pkcs12FileName({ name: 'x', email: 'a b/c@x' }, taken)).toBe('a_b_c@x.p12');
  });
});

describe('issueClientCertificates', () => {
  it('issues one certificate and PKCS#12 per user, reports progress, yields between users', async () => {
    const store = await openTestStore();
    const ca = await createClientCa(store, { ...defaultClientCaForm('openssl-1.0.1+'), name: 'Client CA', keySpec: EC });
    const progress: string[] = [];
    let yields = 0;
    const users = [{ name: '山田 太郎', email: 'taro@example.jp' }, { name: 'Hanako', email: 'hanako@example.jp' }];
    const result = await issueClientCertificates(store, {
      caId: ca.id,
      users,
      keySpec: EC,
      validityDays: 365,
      profile: 'compatible',
      onProgress: (done, total) => progress.push(`${done}/${total}`),
      yieldToEventLoop: async () => void yields++,
    });
    expect(result.cancelled).toBe(false);
    expect(yields).toBe(2);
    expect(progress.at(0)).toBe('0/2');
    expect(progress.at(-1)).toBe('2/2');
    expect(new Set(result.issued.map((c) => c.record.serialHex)).size).toBe(2);
    for (const [i, c] of result.issued.entries()) {
      const summary = parseCertificate(c.record.der);
      expect(summary.subject).toEqual([{ type: 'CN', value: users[i]!.name }]);
      expect(summary.sans).toEqual([{ type: 'email', value: users[i]!.email }]);
      expect(summary.extKeyUsage).toContain('clientAuth');
      const p12 = await parsePkcs12(c.pkcs12, c.password);
      expect(p12.profile).toBe('compatible');
      expect(p12.certificate).toEqual(c.record.der);
      expect(p12.caCertificates).toEqual([ca.certDer]);
      await expect(parsePkcs12(c.pkcs12, `${c.password}x`)).rejects.toMatchObject({ code: 'PKCS12_BAD_PASSWORD' });
    }
    expect(result.issued[0]!.password).not.toBe(result.issued[1]!.password);
    store.close();
  });

  it('modern profile on request', async () => {
    const store = await openTestStore();
    const ca = await createClientCa(store, { ...defaultClientCaForm('openssl-1.0.1+'), name: 'Client CA', keySpec: EC });
    const r = await issueClientCertificates(store, { caId: ca.id, users: [{ name: 'A', email: 'a@example.jp' }], keySpec: EC, profile: 'modern' });
    expect((await parsePkcs12(r.issued[0]!.pkcs12, r.issued[0]!.password)).profile).toBe('modern');
    store.close();
  });

  it('stops when cancelled and returns what was done', async () => {
    const store = await openTestStore();
    const ca = await createClientCa(store, { ...defaultClientCaForm('openssl-1.0.1+'), name: 'Client CA', keySpec: EC });
    const abort = new AbortController();
    const r = await issueClientCertificates(store, {
      caId: ca.id,
      users: [{ name: 'A', email: 'a@example.jp' }, { name: 'B', email: 'b@example.jp' }, { name: 'C', email: 'c@example.jp' }],
      keySpec: EC,
      profile: 'compatible',
      yieldToEventLoop: async () => abort.abort(),
      signal: abort.signal,
    });
    expect(r.cancelled).toBe(true);
    expect(r.issued).toHaveLength(1);
    store.close();
  });

  it('refuses a server CA (it would make XMail accept server certificates as clients)', async () => {
    const store = await openTestStore();
    const ca = await createCa(store, { name: 'Server CA', purpose: 'server', subject: [{ type: 'CN', value: 'S' }], keySpec: EC });
    await expect(issueClientCertificates(store, { caId: ca.id, users: [{ name: 'A', email: 'a@example.jp' }], keySpec: EC, profile: 'compatible' })).rejects.toMatchObject({ code: 'WRONG_PURPOSE' });
    store.close();
  });

});

/** Every byte sequence a password could take in a file: UTF-8, UTF-16LE/BE (a .reg or a Windows "Unicode" text), with and without the group dashes. */
function passwordForms(password: string): Uint8Array[] {
  const forms: Uint8Array[] = [];
  for (const text of [password, password.replace(/-/g, '')]) {
    forms.push(new TextEncoder().encode(text));
    const le = new Uint8Array(text.length * 2);
    const be = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      le[i * 2] = text.charCodeAt(i);
      be[i * 2 + 1] = text.charCodeAt(i);
    }
    forms.push(le, be);
  }
  return forms;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** [path, password] for every entry (nested zips opened, their paths joined with "!") holding a password in any form. */
async function passwordsInZip(zipBytes: Uint8Array, passwords: readonly string[], prefix = ''): Promise<string[]> {
  const found: string[] = [];
  const zip = await JSZip.loadAsync(zipBytes);
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const bytes = await entry.async('uint8array');
    const path = `${prefix}${entry.name}`;
    for (const p of passwords) if (passwordForms(p).some((form) => contains(bytes, form))) found.push(`${path}: ${p}`);
    if (entry.name.endsWith('.zip')) found.push(...(await passwordsInZip(bytes, passwords, `${path}!`)));
  }
  return found;
}

describe('hand-over: the files never carry a password (issue 14 item 1)', () => {
  async function issuedTwo() {
    const store = await openTestStore();
    const ca = await createClientCa(store, { ...defaultClientCaForm('openssl-1.0.1+'), name: 'Client CA', keySpec: EC });
    const r = await issueClientCertificates(store, { caId: ca.id, users: [{ name: '山田 太郎', email: 'taro@example.jp' }, { name: 'B', email: 'b@example.jp' }], keySpec: EC, profile: 'compatible' });
    store.close();
    return r;
  }

  it('the search finds a password in each form it claims to cover (the check can fail)', async () => {
    const password = 'Abcd-Efgh-Jkmn-Pqrs';
    for (const [i, form] of passwordForms(password).entries()) {
      const inner = await zipBundle([{ path: `x/${i}.bin`, bytes: Uint8Array.from([1, ...form, 2]) }]);
      const outer = await zipBundle([{ path: 'a.zip', bytes: inner }]);
      // Entries are stored (zip.ts), so the nested zip's own bytes hold the password too.
      expect(await passwordsInZip(outer, [password])).toEqual([`a.zip: ${password}`, `a.zip!x/${i}.bin: ${password}`]);
    }
  });

  it.each(['ja', 'en'] as const)('client-certificates.zip (%s): every .p12, no password in any entry', async (lang) => {
    const r = await issuedTwo();
    const zip = await zipClientCerts(r, lang);
    const files = await JSZip.loadAsync(zip);
    expect(await passwordsInZip(zip, r.issued.map((c) => c.password))).toEqual([]);
    for (const c of r.issued) expect(await files.file(`clients/${c.fileName.replace(/\.p12$/, '')}/${c.fileName}`)!.async('uint8array')).toEqual(c.pkcs12);
  });

  it.each(['ja', 'en'] as const)('per-user zips (%s): <user>.zip holds only that user\'s .p12, no password; the zip of them neither', async (lang) => {
    const r = await issuedTwo();
    for (const c of r.issued) {
      const kit = userKitZip(r, c, lang);
      expect(kit.filename).toBe(`${c.fileName.replace(/\.p12$/, '')}.zip`);
      const files = await JSZip.loadAsync(await kit.bytes());
      expect(Object.keys(files.files).filter((p) => p.endsWith('.p12'))).toEqual([`${c.fileName.replace(/\.p12$/, '')}/${c.fileName}`]);
      expect(await passwordsInZip(await kit.bytes(), r.issued.map((x) => x.password))).toEqual([]);
    }
    const all = await zipUserKits(r, lang);
    expect(Object.keys((await JSZip.loadAsync(all)).files).sort()).toEqual(['b@example.jp.zip', 'taro@example.jp.zip']);
    expect(await passwordsInZip(all, r.issued.map((c) => c.password))).toEqual([]);
  });

  it.each(['ja', 'en'] as const)('the passwords are a separate download (%s) whose name and text say to send it another way', async (lang) => {
    const r = await issuedTwo();
    const file = passwordsFile(r, lang);
    expect(file.filename).toBe('passwords-send-separately.txt');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.bytes);
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain('\r\n');
    for (const c of r.issued) expect(text).toContain(c.password);
    expect(text).toContain(translate(lang, 'client-kits.passwords.separately'));
    // The files zip's INSTALL says the same: the password comes another way.
    const install = await (await JSZip.loadAsync(await zipClientCerts(r, lang))).file(`clients/INSTALL.${lang}.txt`)!.async('string');
    expect(install).toContain(translate(lang, 'client-kits.install.noPasswords'));
  });
});
