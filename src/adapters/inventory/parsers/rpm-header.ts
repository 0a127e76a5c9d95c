/**
 * The rpm header blob as the rpmdb stores it (headerExport without the 8-byte magic): big-endian
 * `il` (index entries) and `dl` (data bytes), `il` entries of {tag, type, offset, count}, then the data.
 * Only the few tags an inventory needs are read; everything is bounds-checked, a bad blob yields null.
 */

export const RpmTag = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  arch: 1022,
  sourceRpm: 1044,
} as const;

export const RpmType = {
  null: 0,
  char: 1,
  int8: 2,
  int16: 3,
  int32: 4,
  int64: 5,
  string: 6,
  bin: 7,
  stringArray: 8,
  i18nString: 9,
} as const;

export interface RpmHeaderInfo {
  readonly name: string;
  readonly version: string;
  readonly release: string;
  readonly epoch: number | null;
  readonly arch: string | null;
  readonly sourceRpm: string | null;
}

interface IndexEntry {
  readonly type: number;
  readonly offset: number;
  readonly count: number;
}

const ENTRY_BYTES = 16;
/** rpm's own sanity limits (hdrblob: HEADER_TAGS_MAX 0xffff entries, HEADER_DATA_MAX 256 MiB). */
const MAX_ENTRIES = 0xffff;
const MAX_DATA = 256 * 1024 * 1024;
const UTF8 = new TextDecoder('utf-8');

class HeaderView {
  private readonly entries = new Map<number, IndexEntry>();
  private readonly data: Uint8Array;

  constructor(blob: Uint8Array) {
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    if (blob.byteLength < 8) throw new RangeError('shorter than its preamble');
    const il = view.getUint32(0);
    const dl = view.getUint32(4);
    if (il < 1 || il > MAX_ENTRIES || dl > MAX_DATA) throw new RangeError(`implausible il=${il} dl=${dl}`);
    const dataStart = 8 + il * ENTRY_BYTES;
    if (dataStart + dl > blob.byteLength) throw new RangeError('index or data past the end of the blob');
    this.data = blob.subarray(dataStart, dataStart + dl);
    for (let i = 0; i < il; i++) {
      const at = 8 + i * ENTRY_BYTES;
      const tag = view.getInt32(at);
      // the first occurrence stands, as in rpm's lookup over a sorted index
      if (this.entries.has(tag)) continue;
      this.entries.set(tag, {
        type: view.getUint32(at + 4),
        offset: view.getInt32(at + 8),
        count: view.getUint32(at + 12),
      });
    }
  }

  /** STRING, the first of a STRING_ARRAY, or the first (untranslated) of an I18NSTRING. */
  string(tag: number): string | null {
    const entry = this.entries.get(tag);
    if (!entry || entry.count < 1 || entry.offset < 0 || entry.offset >= this.data.length) return null;
    if (
      entry.type !== RpmType.string &&
      entry.type !== RpmType.stringArray &&
      entry.type !== RpmType.i18nString
    ) {
      return null;
    }
    const end = this.data.indexOf(0, entry.offset);
    if (end === -1) return null;
    return UTF8.decode(this.data.subarray(entry.offset, end));
  }

  int32(tag: number): number | null {
    const entry = this.entries.get(tag);
    if (!entry || entry.type !== RpmType.int32 || entry.count < 1) return null;
    if (entry.offset < 0 || entry.offset + 4 > this.data.length) return null;
    return new DataView(this.data.buffer, this.data.byteOffset + entry.offset, 4).getUint32(0);
  }
}

/** Null when the blob is not a header or lacks a name or version (never throws). */
export function parseRpmHeader(blob: Uint8Array): RpmHeaderInfo | null {
  let header: HeaderView;
  try {
    header = new HeaderView(blob);
  } catch {
    return null;
  }
  const name = header.string(RpmTag.name);
  const version = header.string(RpmTag.version);
  if (!name || !version) return null;
  return {
    name,
    version,
    release: header.string(RpmTag.release) ?? '',
    epoch: header.int32(RpmTag.epoch),
    arch: header.string(RpmTag.arch),
    sourceRpm: header.string(RpmTag.sourceRpm),
  };
}

/** `openssl-3.0.7-25.el9.src.rpm` → openssl, 3.0.7, 25.el9 (name-version-release.arch.rpm). */
export function parseSourceRpm(filename: string): { name: string; version: string; release: string } | null {
  const base = filename.replace(/\.rpm$/, '').replace(/\.(no)?src$/, '');
  const releaseDash = base.lastIndexOf('-');
  if (releaseDash <= 0) return null;
  const versionDash = base.lastIndexOf('-', releaseDash - 1);
  if (versionDash <= 0) return null;
  return {
    name: base.slice(0, versionDash),
    version: base.slice(versionDash + 1, releaseDash),
    release: base.slice(releaseDash + 1),
  };
}
