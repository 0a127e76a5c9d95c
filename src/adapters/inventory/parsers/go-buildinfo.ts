/**
 * Go build information, as `go version -m` shows it: Go ≥ 1.18 writes a 16-byte-aligned blob starting
 * `\xff Go buildinf:` into the binary's data, with the Go version and the module list inline. The scanner
 * finds it while the binary streams past (keeping a few bytes, never the binary). Binaries whose blob points
 * at the strings through virtual addresses instead (Go < 1.18), or that have no blob, still carry the module
 * list between cmd/go's sentinels: that is read, without the Go version.
 */
import type { InventoryPackage } from '../../../core/vuln/types.js';
import { golangPurl } from '../purl.js';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const ALIGN = 16;
const HEADER_BYTES = 32;
const FLAG_INLINE_STRINGS = 2;
const MAX_VERSION_BYTES = 1024;
/** Module lists of large programs run to tens of KiB; anything beyond this is not build info. */
const MAX_MODINFO_BYTES = 1024 * 1024;
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
/** cmd/go's sentinels around the module list (modload.infoStart, infoEnd). */
const INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');
const MAX_CAPTURE_BYTES = HEADER_BYTES + MAX_VERSION_BYTES + MAX_MODINFO_BYTES + 32;

export interface GoBuildInfo {
  /** "go1.22.1"; null when only the module list was found. */
  readonly goVersion: string | null;
  /** The module list between its sentinels (may be empty: built without module support). */
  readonly modinfo: string;
}

/** Unsigned LEB128 at `at`: [value, next offset], or null when the buffer ends first. */
function uvarint(buf: Uint8Array, at: number): [number, number] | null {
  let value = 0;
  let shift = 0;
  for (let i = at; i < buf.length && i < at + 5; i++) {
    const byte = buf[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, i + 1];
    shift += 7;
  }
  return null;
}

/** Decodes a blob that starts with the magic: the info, null when it is not build info, 'more' to wait. */
export function decodeBuildInfo(blob: Uint8Array): GoBuildInfo | null | 'more' {
  if (blob.length < HEADER_BYTES) return 'more';
  const pointerSize = blob[14];
  if (pointerSize !== 4 && pointerSize !== 8) return null;
  if ((blob[15]! & FLAG_INLINE_STRINGS) === 0) return null; // Go < 1.18: strings behind pointers
  const version = uvarint(blob, HEADER_BYTES);
  if (!version) return blob.length < HEADER_BYTES + 5 ? 'more' : null;
  const [versionLength, versionStart] = version;
  if (versionLength === 0 || versionLength > MAX_VERSION_BYTES) return null;
  if (blob.length < versionStart + versionLength) return 'more';
  const goVersion = Buffer.from(blob.subarray(versionStart, versionStart + versionLength)).toString('utf8');
  if (!/^(go1|devel )/.test(goVersion)) return null;
  const modinfo = uvarint(blob, versionStart + versionLength);
  if (!modinfo) return blob.length < versionStart + versionLength + 5 ? 'more' : null;
  const [modLength, modStart] = modinfo;
  if (modLength > MAX_MODINFO_BYTES) return null;
  if (blob.length < modStart + modLength) return 'more';
  let text = Buffer.from(blob.subarray(modStart, modStart + modLength)).toString('utf8');
  // 16-byte sentinels around the text (cmd/go's infoStart and infoEnd), as debug/buildinfo strips them
  text = text.length >= 33 && text[text.length - 17] === '\n' ? text.slice(16, -16) : '';
  return { goVersion, modinfo: text };
}

type Capture = 'buildinfo' | 'modinfo';

/**
 * Finds build info in a file fed chunk by chunk. Gives up at once on a file that is not ELF. Looks for the
 * build info blob (Go ≥ 1.18: version and modules) and, as a fallback, for the module list's own sentinels
 * (any Go version that embeds it; then without the Go version). Between chunks it keeps a few bytes; after
 * a candidate, the candidate's bytes (at most ~1 MiB).
 */
export class BuildInfoScanner {
  private mode: 'start' | 'search' | Capture | 'done' = 'start';
  /** File offset of the next byte pushed. */
  private offset = 0;
  /** The bytes just before `offset` (start: the head so far; search: a possible partial needle). */
  private carry: Buffer = Buffer.alloc(0);
  /** While capturing: the bytes from the needle at `blobStart` on. */
  private blob: Buffer = Buffer.alloc(0);
  private blobStart = 0;
  private found: GoBuildInfo | null = null;
  private fallback: string | null = null;

  /** Build info, or the module list alone (goVersion null) when only that was found. */
  get result(): GoBuildInfo | null {
    return this.found ?? (this.fallback === null ? null : { goVersion: null, modinfo: this.fallback });
  }

  /** Whether more input can still change the result. */
  get wantsMore(): boolean {
    return this.mode !== 'done';
  }

  push(chunk: Buffer): void {
    const start = this.offset;
    this.offset += chunk.length;
    switch (this.mode) {
      case 'start': {
        const head = Buffer.concat([this.carry, chunk]);
        if (head.length < ELF_MAGIC.length) {
          this.carry = head;
          return;
        }
        this.carry = Buffer.alloc(0);
        if (!head.subarray(0, ELF_MAGIC.length).equals(ELF_MAGIC)) {
          this.mode = 'done';
          return;
        }
        this.mode = 'search';
        this.scan(head, 0);
        return;
      }
      case 'search':
        this.scan(chunk, start);
        return;
      case 'buildinfo':
      case 'modinfo':
        this.blob = Buffer.concat([this.blob, chunk]);
        this.decode(this.mode);
        return;
      case 'done':
        return;
    }
  }

  /** Looks for a needle in `carry` + `data` (`data` starts at file offset `dataStart`). */
  private scan(data: Buffer, dataStart: number): void {
    const window = this.carry.length > 0 ? Buffer.concat([this.carry, data]) : data;
    const windowStart = dataStart - this.carry.length;
    let magic = window.indexOf(MAGIC);
    while (magic !== -1 && (windowStart + magic) % ALIGN !== 0) magic = window.indexOf(MAGIC, magic + 1);
    const sentinel = this.fallback === null ? window.indexOf(INFO_START) : -1;
    const at = magic === -1 ? sentinel : sentinel === -1 ? magic : Math.min(magic, sentinel);
    if (at === -1) {
      this.carry = Buffer.from(window.subarray(Math.max(0, window.length - (INFO_START.length - 1))));
      return;
    }
    this.mode = at === magic ? 'buildinfo' : 'modinfo';
    this.carry = Buffer.alloc(0);
    this.blob = Buffer.from(window.subarray(at));
    this.blobStart = windowStart + at;
    this.decode(this.mode);
  }

  private decode(capture: Capture): void {
    let resumeAt = 1;
    if (capture === 'buildinfo') {
      const decoded = decodeBuildInfo(this.blob);
      if (decoded === 'more' && this.blob.length <= MAX_CAPTURE_BYTES) return;
      if (decoded !== null && decoded !== 'more') {
        this.found = decoded;
        this.mode = 'done';
        this.blob = Buffer.alloc(0);
        return;
      }
      // not build info after all: programs that read build info also have the magic in their rodata
    } else {
      const end = this.blob.indexOf(INFO_END, INFO_START.length);
      if (end === -1 && this.blob.length <= MAX_CAPTURE_BYTES) return;
      if (end !== -1) {
        this.fallback = this.blob.subarray(INFO_START.length, end).toString('utf8');
        resumeAt = end + INFO_END.length;
      }
    }
    const rest = this.blob.subarray(resumeAt);
    const restStart = this.blobStart + resumeAt;
    this.mode = 'search';
    this.blob = Buffer.alloc(0);
    this.carry = Buffer.alloc(0);
    this.scan(rest, restStart);
  }
}

/** The modules a Go binary was built from, the main module and the standard library included. */
export function goPackages(info: GoBuildInfo, location: string): InventoryPackage[] {
  const modules: { path: string; version: string }[] = [];
  for (const line of info.modinfo.split('\n')) {
    const [kind, path, version] = line.split('\t');
    if (!path || version === undefined) continue;
    if (kind === 'mod' || kind === 'dep') modules.push({ path, version });
    // a replacement applies to the module on the line before it
    else if (kind === '=>' && modules.length > 0) modules[modules.length - 1] = { path, version };
  }
  const packages: InventoryPackage[] = modules
    .filter((m) => m.version !== '')
    .map((m) => ({
      name: m.path,
      version: m.version,
      type: 'golang' as const,
      purl: golangPurl(m.path, m.version),
      location,
    }));
  const stdlib = /^go(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)/.exec(info.goVersion ?? '');
  if (stdlib?.[1]) {
    const version = `v${stdlib[1]}`;
    packages.push({ name: 'stdlib', version, type: 'golang', purl: golangPurl('stdlib', version), location });
  }
  return packages;
}
