/**
 * State of 秘密鍵が流出した場合の対応 (issue 17 item 7): the certificate whose key leaked, read from a
 * dropped file or pasted PEM (optional: the steps read without it), and the seed's steps for it.
 * Holds no key: the user is told not to give one, and a key file is refused by the reader.
 */
import { leakedKeyProcedure, readLeakedCertificate, type LeakedCertificate, type LeakedIssuer, type LeakedKeyStep, type LeakedKeyStepCode } from '../../../lib/recipes/index.ts';
import type { MessageKey } from '../../../i18n/translate.ts';
import { AsyncAction } from '../../state/async-action.svelte.ts';
import type { Shared } from '../../state/context.ts';

type Variant = LeakedKeyStep['variant'];

/** The text of each step by wording; a step with one wording uses it for every variant. */
const STEP_TEXT: Record<LeakedKeyStepCode, Record<Variant, MessageKey>> = {
  backup: { generic: 'leak.step.backup', ca: 'leak.step.backup', 'self-signed': 'leak.step.backup' },
  'delete-key': { generic: 'leak.step.delete-key', ca: 'leak.step.delete-key', 'self-signed': 'leak.step.delete-key' },
  'delete-cert': { generic: 'leak.step.delete-cert', ca: 'leak.step.delete-cert.named', 'self-signed': 'leak.step.delete-cert.named' },
  revoke: { generic: 'leak.step.revoke.generic', ca: 'leak.step.revoke.ca', 'self-signed': 'leak.step.revoke.self-signed' },
  'new-key-and-cert': { generic: 'leak.step.new-key-and-cert.generic', ca: 'leak.step.new-key-and-cert.ca', 'self-signed': 'leak.step.new-key-and-cert.self-signed' },
  install: { generic: 'leak.step.install', ca: 'leak.step.install', 'self-signed': 'leak.step.install' },
};

/** The flows that make the new key and certificate, by who issued the leaked one. */
const NEW_CERT_FLOWS: Record<Variant, ReadonlyArray<'public-ca' | 'self-signed' | 'private-ca'>> = {
  generic: ['public-ca', 'self-signed', 'private-ca'],
  ca: ['public-ca', 'private-ca'],
  'self-signed': ['self-signed'],
};

export function stepTextKey(step: LeakedKeyStep): MessageKey {
  return STEP_TEXT[step.code][step.variant];
}

export function newCertificateFlows(variant: Variant | LeakedIssuer): ReadonlyArray<'public-ca' | 'self-signed' | 'private-ca'> {
  return NEW_CERT_FLOWS[variant];
}

export class LeakedKeyState {
  readonly action: AsyncAction<'read'>;
  text = $state('');
  get leaked() { return this.#leaked; }
  #leaked = $state.raw<LeakedCertificate | null>(null);
  get steps() { return this.#steps; }
  #steps = $derived(leakedKeyProcedure(this.leaked));

  constructor({ app }: Pick<Shared, 'app'>) {
    this.action = new AsyncAction(app);
  }

  /** A new file replaces the certificate read before (and its error). */
  readFile(file: { name: string; bytes: Uint8Array }): Promise<void> {
    return this.#read(file.bytes, file.name);
  }

  readText(): Promise<void> {
    return this.#read(this.text, '');
  }

  clear(): void {
    this.#leaked = null;
    this.action.clear();
    this.text = '';
  }

  async #read(input: string | Uint8Array, name: string): Promise<void> {
    await this.action.run('read', async () => {
      this.#leaked = null;
      this.#leaked = await readLeakedCertificate(input, name);
    });
  }
}
