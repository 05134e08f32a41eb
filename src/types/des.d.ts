// Minimal typing for des.js (used only for the 3DES PKCS#12 profile: WebCrypto has no DES).
declare module 'des.js' {
  interface CipherOptions {
    type: 'encrypt' | 'decrypt';
    key: number[] | Uint8Array;
    iv?: number[] | Uint8Array;
    padding?: boolean;
  }
  interface Cipher {
    update(data: number[] | Uint8Array): number[];
    final(data?: number[] | Uint8Array): number[];
  }
  interface CipherFactory {
    create(options: CipherOptions): Cipher;
  }
  interface ModeFactory {
    instantiate(base: CipherFactory): CipherFactory;
  }
  export const EDE: CipherFactory;
  export const DES: CipherFactory;
  export const CBC: ModeFactory;
}
