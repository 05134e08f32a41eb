/**
 * A private key as the `keys` store holds it: EncryptedPrivateKeyInfo under the vault passphrase
 * and the SPKI with its SHA-256 (finds the certificates of a key). Internal to the store: every
 * operation that keeps a key (CA, issued certificate, pending request) seals it here.
 */
import { sha256Hex, type PrivateKeyMaterial } from '../pki/index.ts';
import type { StoreContext } from './context.ts';
import type { KeyRecord } from './schema.ts';

/** Encrypts the key under the vault (VAULT_LOCKED when it is locked); nothing is written here. */
export async function sealKey(ctx: StoreContext, key: PrivateKeyMaterial): Promise<KeyRecord> {
  return {
    id: ctx.newId(),
    spec: key.spec,
    spkiSha256: await sha256Hex(key.spki),
    spki: key.spki,
    encryptedPkcs8: await ctx.vault.encryptKey(key.pkcs8),
    createdAt: ctx.clock.now().toISOString(),
    rev: 1,
  };
}
