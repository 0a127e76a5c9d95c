/**
 * bcrypt ($2b$) for htpasswd files. Node has no bcrypt and apache2-utils (htpasswd) is not installed, so the
 * harness carries this small implementation; distribution verifies it with Go's x/crypto/bcrypt.
 * The Blowfish initial state is the fractional hex digits of pi, computed here instead of pasting 4 KiB of tables.
 */
import { randomBytes } from 'node:crypto';

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PI_WORDS = 18 + 4 * 256;
let piWordsCache: Uint32Array | undefined;

/** The first `PI_WORDS` 32-bit words of pi's fractional part (P-array then the four S-boxes). */
function piWords(): Uint32Array {
  if (piWordsCache) return piWordsCache;
  const guard = 64n;
  const bits = BigInt(PI_WORDS * 32) + guard;
  const one = 1n << bits;
  const arctanInv = (x: bigint): bigint => {
    let sum = 0n;
    let power = one / x;
    const x2 = x * x;
    for (let k = 0n; power !== 0n; k++) {
      const term = power / (2n * k + 1n);
      sum = k % 2n === 0n ? sum + term : sum - term;
      power /= x2;
    }
    return sum;
  };
  const pi = 16n * arctanInv(5n) - 4n * arctanInv(239n);
  let frac = (pi % one) >> guard;
  const words = new Uint32Array(PI_WORDS);
  for (let i = PI_WORDS - 1; i >= 0; i--) {
    words[i] = Number(frac & 0xffffffffn);
    frac >>= 32n;
  }
  piWordsCache = words;
  return words;
}

class Blowfish {
  readonly p: Uint32Array;
  readonly s: Uint32Array;
  constructor() {
    const init = piWords();
    this.p = init.slice(0, 18);
    this.s = init.slice(18);
  }

  private f(x: number): number {
    const s = this.s;
    const a = s[x >>> 24]!;
    const b = s[256 + ((x >>> 16) & 0xff)]!;
    const c = s[512 + ((x >>> 8) & 0xff)]!;
    const d = s[768 + (x & 0xff)]!;
    return (((a + b) ^ c) + d) >>> 0;
  }

  encipher(lr: Uint32Array, off: number): void {
    const p = this.p;
    let l = lr[off]!;
    let r = lr[off + 1]!;
    l ^= p[0]!;
    for (let i = 1; i <= 16; i += 2) {
      r ^= this.f(l) ^ p[i]!;
      l ^= this.f(r) ^ p[i + 1]!;
    }
    lr[off] = (r ^ p[17]!) >>> 0;
    lr[off + 1] = l >>> 0;
  }

  /** Blowfish key schedule with an optional salt (EksBlowfish's ExpandKey). */
  expand(key: Uint8Array, salt: Uint8Array | null): void {
    const keyStream = wordStream(key);
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i]! ^ keyStream()) >>> 0;
    const saltStream = salt ? wordStream(salt) : () => 0;
    const lr = new Uint32Array(2);
    const fill = (target: Uint32Array): void => {
      for (let i = 0; i < target.length; i += 2) {
        lr[0] = (lr[0]! ^ saltStream()) >>> 0;
        lr[1] = (lr[1]! ^ saltStream()) >>> 0;
        this.encipher(lr, 0);
        target[i] = lr[0]!;
        target[i + 1] = lr[1]!;
      }
    };
    fill(this.p);
    fill(this.s);
  }
}

/** Reads big-endian words cyclically from `data` (Blowfish_stream2word). */
function wordStream(data: Uint8Array): () => number {
  let j = 0;
  return () => {
    let word = 0;
    for (let i = 0; i < 4; i++) {
      word = ((word << 8) | data[j]!) >>> 0;
      j = (j + 1) % data.length;
    }
    return word;
  };
}

function encode64(bytes: Uint8Array, length: number): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += BCRYPT_ALPHABET[(acc >> bits) & 0x3f];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += BCRYPT_ALPHABET[(acc << (6 - bits)) & 0x3f];
  return out.slice(0, length);
}

function decode64(text: string, byteLength: number): Uint8Array {
  const out = new Uint8Array(byteLength);
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const ch of text) {
    const v = BCRYPT_ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`bcrypt: invalid salt character ${JSON.stringify(ch)}`);
    acc = ((acc << 6) | v) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n < byteLength) out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Hashes with an explicit 22-character bcrypt-base64 salt (for test vectors). */
export function bcryptWithSalt(password: string, cost: number, salt22: string): string {
  if (!Number.isInteger(cost) || cost < 4 || cost > 31)
    throw new Error(`bcrypt: cost ${cost} out of range 4..31`);
  const salt = decode64(salt22, 16);
  // $2b$: the key is the NUL-terminated password, truncated to 72 bytes.
  const key = new Uint8Array([...new TextEncoder().encode(password), 0]).slice(0, 72);
  const bf = new Blowfish();
  bf.expand(key, salt);
  for (let round = 0; round < 2 ** cost; round++) {
    bf.expand(key, null);
    bf.expand(salt, null);
  }
  const magic = new TextEncoder().encode('OrpheanBeholderScryDoubt');
  const ctext = new Uint32Array(6);
  const view = new DataView(magic.buffer);
  for (let i = 0; i < 6; i++) ctext[i] = view.getUint32(i * 4);
  for (let i = 0; i < 64; i++) for (let j = 0; j < 6; j += 2) bf.encipher(ctext, j);
  const out = new Uint8Array(24);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 6; i++) outView.setUint32(i * 4, ctext[i]!);
  const costText = String(cost).padStart(2, '0');
  return `$2b$${costText}$${encode64(salt, 22)}${encode64(out.subarray(0, 23), 31)}`;
}

/** bcrypt hash with a random salt. Cost 4 (Go's minimum) keeps per-request htpasswd checks cheap in tests. */
export function bcryptHash(password: string, cost = 4): string {
  return bcryptWithSalt(password, cost, encode64(randomBytes(16), 22));
}

/** One htpasswd line per user. */
export function htpasswdFile(users: readonly { username: string; password: string }[], cost = 4): string {
  return users.map((u) => `${u.username}:${bcryptHash(u.password, cost)}\n`).join('');
}
