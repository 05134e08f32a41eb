/**
 * Issue 17 item 6: "(推奨)" sits on each key list's own default — RSA 2048 for a server key (every
 * XMail build and mail program takes it), RSA 3072 for the private CA's key — and on nothing else.
 */
import { describe, expect, it } from 'vitest';
import { PRIVATE_CA_KEY_CHOICES, PRIVATE_CA_KEY_DEFAULT, SERVER_KEY_CHOICES, SERVER_KEY_DEFAULT, keySpecId } from '../../../lib/recipes/index.ts';
import type { KeySpec } from '../../../lib/pki/index.ts';
import { PrivateCaState } from '../../flows/private-ca/private-ca.svelte.ts';
import { AppState } from '../../state/app.svelte.ts';
import { createShared } from '../../state/context.ts';
import { translate, LANGS } from '../../../i18n/translate.ts';
import { ServerFormState } from './server-form.svelte.ts';

const marked = (choices: readonly KeySpec[], label: (s: KeySpec) => string, mark: string) =>
  choices.filter((s) => label(s).includes(mark)).map(keySpecId);

describe.each(LANGS)('key choice labels (%s)', (lang) => {
  const mark = lang === 'ja' ? '(推奨)' : '(recommended)';
  it('the server form marks only the server default', () => {
    expect.hasAssertions();
    const form = new ServerFormState(new AppState({ lang }));
    expect(marked(SERVER_KEY_CHOICES, (s) => form.keyLabel(s), mark)).toEqual([keySpecId(SERVER_KEY_DEFAULT)]);
  });
  it('the private CA step marks only the CA default', () => {
    expect.hasAssertions();
    const state = new PrivateCaState(createShared({ lang }));
    expect(marked(PRIVATE_CA_KEY_CHOICES, (s) => state.caKeyLabel(s), mark)).toEqual([keySpecId(PRIVATE_CA_KEY_DEFAULT)]);
    expect(keySpecId(PRIVATE_CA_KEY_DEFAULT)).toBe('rsa-3072');
  });
  it('no key name carries the mark by itself', () => {
    expect.hasAssertions();
    for (const s of [...SERVER_KEY_CHOICES, ...PRIVATE_CA_KEY_CHOICES]) expect(translate(lang, `server.key.${keySpecId(s)}`)).not.toContain(mark);
  });
});
