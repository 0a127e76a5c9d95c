/** Content digests (`sha256:<hex>`): validation and hashing, whole or streamed. */
import { createHash, type Hash } from 'node:crypto';

const HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

export interface ParsedDigest {
  readonly algorithm: 'sha256' | 'sha512';
  readonly hex: string;
}

/** A digest we can verify (sha256 or sha512, lower-case hex of the right length), or null. */
export function parseDigest(value: string): ParsedDigest | null {
  const colon = value.indexOf(':');
  if (colon < 0) return null;
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  const length = HEX_LENGTH[algorithm];
  if (length === undefined || hex.length !== length || !/^[a-f0-9]+$/.test(hex)) return null;
  return { algorithm: algorithm as ParsedDigest['algorithm'], hex };
}

/** Looks like any OCI digest (`algorithm:encoded`), including algorithms we cannot verify. */
export function isDigestReference(reference: string): boolean {
  return /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference);
}

export function digestOf(bytes: Uint8Array, algorithm: ParsedDigest['algorithm'] = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** Hashes a stream as it passes through. */
export class DigestVerifier {
  private readonly hash: Hash;
  private bytes = 0;
  constructor(readonly algorithm: ParsedDigest['algorithm'] = 'sha256') {
    this.hash = createHash(algorithm);
  }
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
  }
  get length(): number {
    return this.bytes;
  }
  digest(): string {
    return `${this.algorithm}:${this.hash.digest('hex')}`;
  }
}
