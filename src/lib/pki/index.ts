/** The PKI core's public surface: the UI and the other lib modules import only from here. */
export * from './types.ts';
export * from './errors.ts';
export * from './pem.ts';
export * from './oids.ts';
export * from './keys.ts';
export * from './names.ts';
export * from './serial.ts';
export * from './profiles.ts';
export * from './csr.ts';
export * from './cert.ts';
export * from './crl.ts';
export * from './inspect.ts';
export * from './chain.ts';
export * from './san.ts';
export * from './hashes.ts';
export * from './pkcs12.ts';
export * from './password.ts';
