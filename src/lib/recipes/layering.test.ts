import { describe, expect, it } from 'vitest';
import { missingServerFiles } from './layering.ts';

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
