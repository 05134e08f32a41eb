/** Password-based encryption: what keys.ts and pkcs12/ use (see each file's header). */
export { describePbeAlgorithm, encodePbeAlgorithm, parsePbeAlgorithm, type PbeAlgorithm } from './algorithm.ts';
export { pbeDecrypt, pbeEncrypt } from './encrypt.ts';
export { MAX_ITERATIONS, PKCS12_KDF_ID, encodeBmpPassword, pkcs12Kdf, type PbeLimits } from './kdf.ts';
