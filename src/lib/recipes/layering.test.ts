import { describe, expect, it } from 'vitest';
import { missingServerFiles, modeChangeRisks } from './layering.ts';
import { planModeChange } from './modes.ts';

describe('missingServerFiles', () => {
  it.each([
    ['nothing given', undefined, []],
    ['single files: absent names prove nothing', { folder: false, paths: ['server.tab'] }, []],
    ['a folder with both', { folder: true, paths: ['MailRoot/server.tab', 'MailRoot/server.key', 'MailRoot/Server.Cert'] }, []],
    ['a folder without the key', { folder: true, paths: ['MailRoot\\server.tab', 'MailRoot\\server.cert'] }, ['server.key']],
    ['a folder without either', { folder: true, paths: ['MailRoot/server.tab', 'MailRoot/certs/abc.0'] }, ['server.key', 'server.cert']],
    ['a name only inside a subfolder does not count twice', { folder: true, paths: ['MailRoot/backup/server.key.old', 'MailRoot/server.cert'] }, ['server.key']],
  ] as const)('%s', (_name, seen, expected) => {
    expect(missingServerFiles(seen)).toEqual(expected);
  });
});

describe('modeChangeRisks: what a change would break on a working server', () => {
  const folderWithout = { folder: true, paths: ['MailRoot/server.tab'] };
  it.each([
    ['TLS on without key and certificate', { mode: 'full' }, folderWithout, [{ code: 'TLS_WITHOUT_KEY_AND_CERT', params: { files: 'server.key / server.cert' } }]],
    ['"off" needs no key', { mode: 'off' }, folderWithout, []],
    ['TLS off while plain POP3 is off: nobody can read mail', { mode: 'off', commandLine: '-Md -P-' }, undefined, [{ code: 'NO_MAILBOX_ACCESS' }]],
    ['TLS off with plain POP3 on: fine', { mode: 'off', commandLine: '-Md' }, undefined, []],
    ['require TLS with SMTP off', { mode: 'require-tls', commandLine: '-S- -Md' }, undefined, [{ code: 'WANTTLS_SMTP_OFF' }]],
    ['require TLS turns POP3S back on', { mode: 'require-tls', commandLine: '-B- -Bp 1995 -Md' }, undefined, [{ code: 'LISTENER_TURNED_ON', params: { services: 'POP3S (1995)' } }]],
    ['no line given: nothing said about listeners', { mode: 'off' }, undefined, []],
  ] as const)('%s', (_name, input, mailRoot, expected) => {
    const change = planModeChange({ ...input, os: 'unix' });
    expect(modeChangeRisks(change, mailRoot)).toEqual(expected);
  });
});
