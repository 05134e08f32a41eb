/**
 * Issuing: a server or client certificate under a CA of the store, with a new key or one already
 * in the vault; the certificate and a new key are written in one transaction.
 */
import type { DistinguishedName, KeySpec, PrivateKeyMaterial, SanEntry } from '../../pki/index.ts';
import type { StoreContext } from '../context.ts';
import type { CertificateRecord, IssuedProfile } from '../schema.ts';
import { commitWithKey, defaultValidity, keyFor, openSigner, signCertificate, withRetry } from './signer.ts';

export interface IssueInput {
  caId: string;
  profile: IssuedProfile;
  subject: DistinguishedName;
  sans: SanEntry[];
  /** A new key of this spec (default: settings.defaults.keySpec) ... */
  keySpec?: KeySpec;
  /** ... or reuse a key already in the vault. */
  keyId?: string;
  validityDays?: number;
  user?: { name: string; email: string };
}

export interface IssuedCertificate {
  record: CertificateRecord;
  /** Plaintext key for the download being built; never stored like this. */
  key: PrivateKeyMaterial;
  /** The issuing CA's certificate (chain for server.cert, PKCS#12 CA bag). */
  caCertificate: Uint8Array;
}

/** Issues a server or client certificate under a CA of the store; one transaction. */
export async function issueCertificate(ctx: StoreContext, input: IssueInput): Promise<IssuedCertificate> {
  const signer = await openSigner(ctx, input.caId);
  const validityDays = await defaultValidity(ctx, input.profile, input.validityDays);
  const { key, record: keyRecord, keyId } = await keyFor(ctx, input);
  const spec = { profile: input.profile, subject: input.subject, sans: input.sans, validityDays, ...(input.user ? { user: input.user } : {}) };
  return withRetry('issue certificate', async () => {
    const record = await signCertificate(ctx, signer, spec, key, keyId);
    await commitWithKey(ctx, keyRecord, { add: { certificates: [record] } });
    return { record, key, caCertificate: signer.ca.certDer };
  });
}
