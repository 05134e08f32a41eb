/** PKCS#12 files: the writer (write.ts) and the reader (read.ts) over shared pieces (common.ts). */
export { type Pkcs12Profile } from './common.ts';
export { parsePkcs12, type ParsedPkcs12 } from './read.ts';
export { DEFAULT_PKCS12_ITERATIONS, createPkcs12, type CreatePkcs12Options } from './write.ts';
