/**
 * A tar writer for image layers, written the way Go's archive/tar (what Docker and BuildKit use) writes
 * them: ustar headers, PAX extended headers for names and link targets that do not fit, directories,
 * symlinks, hard links and whiteouts. Independent of tar-stream, which the code under test reads with.
 */

export type LayerEntry =
  | { type: 'file'; path: string; content: Uint8Array | string; mode?: number }
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'hardlink'; path: string; target: string };

const UTF8 = new TextEncoder();
const bytes = (value: Uint8Array | string): Uint8Array =>
  typeof value === 'string' ? UTF8.encode(value) : value;

function field(block: Uint8Array, offset: number, length: number, value: string): void {
  const encoded = UTF8.encode(value);
  if (encoded.length > length) throw new Error(`tar: "${value}" does not fit in ${length} bytes`);
  block.set(encoded, offset);
}

function octal(block: Uint8Array, offset: number, length: number, value: number): void {
  field(block, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

const TYPEFLAG = { file: '0', hardlink: '1', symlink: '2', dir: '5', pax: 'x' } as const;

/** A ustar header block (names must fit: entryParts writes PAX records for long ones). */
export function header(
  name: string,
  type: keyof typeof TYPEFLAG,
  size: number,
  mode: number,
  linkname = '',
): Uint8Array {
  const block = new Uint8Array(512);
  field(block, 0, 100, name);
  octal(block, 100, 8, mode);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, 1_700_000_000);
  block.fill(0x20, 148, 156); // the checksum counts itself as spaces
  field(block, 156, 1, TYPEFLAG[type]);
  field(block, 157, 100, linkname);
  field(block, 257, 6, 'ustar\0');
  field(block, 263, 2, '00');
  const sum = block.reduce((total, byte) => total + byte, 0);
  field(block, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return block;
}

export const padding = (size: number): Uint8Array => new Uint8Array((512 - (size % 512)) % 512);

/** One PAX record: "<length> <key>=<value>\n", where length counts the whole record. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = UTF8.encode(body).length;
  while (String(length).length + UTF8.encode(body).length !== length) {
    length = String(length).length + UTF8.encode(body).length;
  }
  return `${length}${body}`;
}

function fits(value: string): boolean {
  return UTF8.encode(value).length <= 100 && /^[\x20-\x7e]*$/.test(value);
}

/** The parts of one entry: [PAX header + records] + header + content + padding. */
export function entryParts(entry: LayerEntry): Uint8Array[] {
  const path = entry.type === 'dir' ? `${entry.path.replace(/\/+$/, '')}/` : entry.path;
  const linkname = entry.type === 'symlink' || entry.type === 'hardlink' ? entry.target : '';
  const content = entry.type === 'file' ? bytes(entry.content) : new Uint8Array();
  const mode =
    entry.type === 'file' || entry.type === 'dir'
      ? (entry.mode ?? (entry.type === 'dir' ? 0o755 : 0o644))
      : 0o777;
  const parts: Uint8Array[] = [];
  let records = '';
  if (!fits(path)) records += paxRecord('path', path);
  if (!fits(linkname)) records += paxRecord('linkpath', linkname);
  if (records !== '') {
    const pax = UTF8.encode(records);
    parts.push(
      header(`PaxHeaders.0/${path.slice(-80).replace(/^\/+/, '')}`.slice(0, 99), 'pax', pax.length, 0o644),
      pax,
      padding(pax.length),
    );
  }
  const shortName = fits(path) ? path : path.slice(0, 99).replace(/[^\x20-\x7e]/g, '_');
  const shortLink = fits(linkname) ? linkname : '';
  parts.push(
    header(shortName, entry.type, content.length, mode, shortLink),
    content,
    padding(content.length),
  );
  return parts;
}

/** A complete archive (two zero blocks at the end). */
export function tarArchive(entries: readonly LayerEntry[]): Buffer {
  return Buffer.concat([...entries.flatMap(entryParts), new Uint8Array(1024)]);
}

/** The whiteout entry that deletes `path` from the layers below. */
export function whiteout(path: string): LayerEntry {
  const slash = path.lastIndexOf('/');
  return { type: 'file', path: `${path.slice(0, slash + 1)}.wh.${path.slice(slash + 1)}`, content: '' };
}

/** The marker that hides everything the layers below have under `dir`. */
export function opaque(dir: string): LayerEntry {
  return { type: 'file', path: `${dir.replace(/\/+$/, '')}/.wh..wh..opq`, content: '' };
}

/** Directory entries for every parent of `paths` (image builders always write them). */
export function withParents(entries: readonly LayerEntry[]): LayerEntry[] {
  const dirs = new Set<string>();
  for (const entry of entries) {
    const parts = entry.path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  for (const entry of entries) if (entry.type === 'dir') dirs.delete(entry.path.replace(/\/+$/, ''));
  return [...[...dirs].sort().map((path): LayerEntry => ({ type: 'dir', path })), ...entries];
}
