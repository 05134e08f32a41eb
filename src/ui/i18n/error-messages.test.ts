import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PKI_ERROR_CODES } from '../../lib/pki/index.ts';
import { describeError, errorTextByClass, pkiErrorText } from './error-messages.ts';
import { LANGS } from '../../i18n/translate.ts';

const libDir = join(import.meta.dirname, '../../lib');

/** Reads `class XError extends CodedError<…>` and its `export type XErrorCode = 'A' | 'B';` from a module's errors.ts. */
function declaredErrorCodes(source: string): { className: string; codes: string[] } | undefined {
  const className = /export class (\w+Error) extends CodedError</.exec(source)?.[1];
  const union = /export type \w+ErrorCode\s*=([^;]*);/.exec(source)?.[1];
  if (!className || union === undefined) return undefined;
  const withoutComments = union.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const codes = [...withoutComments.matchAll(/'([A-Z0-9_]+)'/g)].map((m) => m[1] ?? '');
  if (codes.length === 0 && /_ERROR_CODES/.test(withoutComments)) {
    const list = /export const \w+_ERROR_CODES = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
    codes.push(...[...list.matchAll(/'([A-Z0-9_]+)'/g)].map((m) => m[1] ?? ''));
  }
  return { className, codes };
}

describe('error code texts', () => {
  it('every PKI_ERROR_CODES entry has ja and en text', () => {
    expect(PKI_ERROR_CODES.length).toBeGreaterThan(0);
    for (const code of PKI_ERROR_CODES) {
      for (const lang of LANGS) expect(pkiErrorText[code][lang].trim(), `${code} ${lang}`).not.toBe('');
    }
  });

  const modules = readdirSync(libDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(libDir, d.name, 'errors.ts'))
    .flatMap((path) => {
      try {
        return [{ path, source: readFileSync(path, 'utf8') }];
      } catch {
        return [];
      }
    });

  it('finds the error modules of the core', () => {
    expect(modules.map((m) => m.path).some((p) => p.endsWith(join('pki', 'errors.ts')))).toBe(true);
  });

  it.each(modules)('every code declared in $path has ja and en text', ({ source }) => {
    const declared = declaredErrorCodes(source);
    expect(declared, 'an error class and its code union').toBeDefined();
    if (!declared) return;
    expect(declared.codes.length).toBeGreaterThan(0);
    const table = errorTextByClass[declared.className];
    expect(table, `errorTextByClass.${declared.className}`).toBeDefined();
    for (const code of declared.codes) {
      for (const lang of LANGS) expect(table?.[code]?.[lang]?.trim(), `${declared.className}.${code} ${lang}`).toBeTruthy();
    }
  });

  it('describeError maps a coded error and falls back for anything else', () => {
    const err = Object.assign(new Error('pem: expected BEGIN line'), { name: 'PkiError', code: 'PEM_NO_BLOCK' });
    expect(describeError('en', err)).toEqual({ text: pkiErrorText.PEM_NO_BLOCK.en, detail: 'pem: expected BEGIN line' });
    expect(describeError('ja', err).text).toBe(pkiErrorText.PEM_NO_BLOCK.ja);
    const proto = Object.assign(new Error('x'), { name: 'PkiError', code: 'constructor' });
    expect(describeError('en', proto).detail).toBeUndefined();
    expect(describeError('en', 'a string').text).toBe('An unexpected error occurred.');
  });
});
