/**
 * What the shipped single file (dist/index.html) carries (issue 15: page size and page start). These
 * read the built file; they run after `npm run build` like every e2e spec.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './fixtures.ts';

const shipped = (): string => readFileSync(resolve(import.meta.dirname, '../../dist/index.html'), 'utf8');

/** The pkijs classes the build keeps, by the names pkijs gives them (`static CLASS_NAME = "..."`). */
const pkijsClasses = (html: string): string[] => [...html.matchAll(/CLASS_NAME\s*=\s*["'`](\w+)["'`]/g)].map((m) => m[1]!);

test('the shipped page keeps no pkijs class it never uses (PKCS#12 containers, CMS, OCSP, time stamps)', () => {
  const classes = pkijsClasses(shipped());
  // The page does use these: certificates, CSRs, CRLs (the guard would pass on an empty match).
  expect(classes).toEqual(expect.arrayContaining(['Certificate', 'CertificationRequest', 'CertificateRevocationList']));
  // PKCS#12 is read and written by lib/pki/pkcs12 with asn1js; .p7b by user-files.ts. One
  // reference to pkijs.PFX or SignedData pulls ~60 classes (150 KB) into the page.
  const unused = ['PFX', 'AuthenticatedSafe', 'SafeContents', 'SafeBag', 'EnvelopedData', 'SignedData', 'BasicOCSPResponse', 'TSTInfo', 'AttributeCertificateV2'];
  expect(classes.filter((c) => unused.includes(c))).toEqual([]);
});
