/** The PKI core's public surface: the UI and the other lib modules import only from here. */
export * from './types.ts';
export * from './errors.ts';
export * from './pem.ts';
export * from './oids.ts';
export * from './keys.ts';
export * from './names.ts';
