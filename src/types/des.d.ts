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
  /** The bit-level primitives (lib/des/utils.js); pki/pbe/des.ts builds its tables from them. */
  export interface Utils {
    readUInt32BE(bytes: ArrayLike<number>, off: number): number;
    writeUInt32BE(bytes: Uint8Array | number[], value: number, off: number): void;
    ip(inL: number, inR: number, out: number[], off: number): void;
    rip(inL: number, inR: number, out: number[], off: number): void;
    pc1(inL: number, inR: number, out: number[], off: number): void;
    pc2(inL: number, inR: number, out: number[], off: number): void;
    r28shl(num: number, shift: number): number;
    substitute(inL: number, inR: number): number;
    permute(num: number): number;
  }
  export const utils: Utils;
  export const EDE: CipherFactory;
  export const DES: CipherFactory;
  export const CBC: ModeFactory;
}

/** des.js's primitives on their own (what pki/pbe/des.ts imports: the entry would bring in the cipher classes too). */
declare module 'des.js/lib/des/utils.js' {
  const utils: import('des.js').Utils;
  export default utils;
}
