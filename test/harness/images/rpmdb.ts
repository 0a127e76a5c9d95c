/**
 * rpm databases as rpm ≥ 4.16 writes them: header blobs in rpm's export format (big-endian index of
 * {tag, type, offset, count} with an immutable region tag and its trailer, aligned data store) stored in
 * `rpmdb.sqlite` with rpm's schema (Packages + one index table per indexed tag), journal_mode=WAL.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface RpmPackageSpec {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch: string;
  /** Default `<name>-<version>-<release>.src.rpm`; null for none (gpg-pubkey). */
  sourceRpm?: string | null;
  summary?: string;
  license?: string;
  provides?: string[];
  requires?: string[];
  files?: string[];
}

const TYPE = { int16: 3, int32: 4, int64: 5, string: 6, bin: 7, stringArray: 8, i18nString: 9 } as const;
type TagValue =
  | { type: 'int16' | 'int32' | 'int64'; values: number[] }
  | { type: 'string' | 'i18nString'; value: string }
  | { type: 'stringArray'; values: string[] }
  | { type: 'bin'; value: Uint8Array };

const ALIGN: Record<TagValue['type'], number> = {
  int16: 2,
  int32: 4,
  int64: 8,
  string: 1,
  i18nString: 1,
  stringArray: 1,
  bin: 1,
};
const HEADERIMMUTABLE = 63;
const UTF8 = new TextEncoder();

/** headerExport's blob: il, dl, index (region entry first, then ascending tags), data + region trailer. */
export function rpmHeaderBlob(tags: ReadonlyMap<number, TagValue>): Buffer {
  const sorted = [...tags.entries()].sort(([a], [b]) => a - b);
  const index: number[][] = [];
  const data: number[] = [];
  for (const [tag, value] of sorted) {
    while (data.length % ALIGN[value.type] !== 0) data.push(0);
    const offset = data.length;
    let count: number;
    switch (value.type) {
      case 'int16':
        for (const v of value.values) data.push((v >> 8) & 0xff, v & 0xff);
        count = value.values.length;
        break;
      case 'int32':
        for (const v of value.values) {
          const b = Buffer.alloc(4);
          b.writeUInt32BE(v);
          data.push(...b);
        }
        count = value.values.length;
        break;
      case 'int64':
        for (const v of value.values) {
          const b = Buffer.alloc(8);
          b.writeBigUInt64BE(BigInt(v));
          data.push(...b);
        }
        count = value.values.length;
        break;
      case 'string':
      case 'i18nString':
        data.push(...UTF8.encode(value.value), 0);
        count = 1;
        break;
      case 'stringArray':
        for (const s of value.values) data.push(...UTF8.encode(s), 0);
        count = value.values.length;
        break;
      case 'bin':
        data.push(...value.value);
        count = value.value.length;
        break;
    }
    index.push([tag, TYPE[value.type], offset, count]);
  }
  const il = index.length + 1;
  // the region trailer: an index entry for the region tag whose offset is minus the region's index size
  const trailerOffset = data.length;
  const trailer = Buffer.alloc(16);
  trailer.writeInt32BE(HEADERIMMUTABLE, 0);
  trailer.writeInt32BE(TYPE.bin, 4);
  trailer.writeInt32BE(-(il * 16), 8);
  trailer.writeInt32BE(16, 12);
  data.push(...trailer);
  const blob = Buffer.alloc(8 + il * 16 + data.length);
  blob.writeUInt32BE(il, 0);
  blob.writeUInt32BE(data.length, 4);
  [[HEADERIMMUTABLE, TYPE.bin, trailerOffset, 16], ...index].forEach(([tag, type, offset, count], i) => {
    blob.writeInt32BE(tag!, 8 + i * 16);
    blob.writeInt32BE(type!, 12 + i * 16);
    blob.writeInt32BE(offset!, 16 + i * 16);
    blob.writeInt32BE(count!, 20 + i * 16);
  });
  Buffer.from(data).copy(blob, 8 + il * 16);
  return blob;
}

/** The header rpm would store for an installed package (the tags scanners read, and some they skip). */
export function rpmPackageHeader(spec: RpmPackageSpec): Buffer {
  const tags = new Map<number, TagValue>([
    [1000, { type: 'string', value: spec.name }],
    [1001, { type: 'string', value: spec.version }],
    [1002, { type: 'string', value: spec.release }],
    [1004, { type: 'i18nString', value: spec.summary ?? `${spec.name} package` }],
    [1006, { type: 'int32', values: [1_700_000_000] }], // BUILDTIME
    [1009, { type: 'int32', values: [123_456] }], // SIZE
    [1014, { type: 'string', value: spec.license ?? 'MIT' }],
    [1022, { type: 'string', value: spec.arch }],
    [1030, { type: 'int16', values: (spec.files ?? []).map(() => 0o100644) }], // FILEMODES
    [1047, { type: 'stringArray', values: spec.provides ?? [spec.name] }], // PROVIDENAME
    [1049, { type: 'stringArray', values: spec.requires ?? ['rpmlib(CompressedFileNames)'] }], // REQUIRENAME
    [5009, { type: 'int64', values: [123_456] }], // LONGSIZE
  ]);
  if (spec.epoch !== undefined) tags.set(1003, { type: 'int32', values: [spec.epoch] });
  const source =
    spec.sourceRpm === undefined ? `${spec.name}-${spec.version}-${spec.release}.src.rpm` : spec.sourceRpm;
  if (source !== null) tags.set(1044, { type: 'string', value: source });
  if (spec.files && spec.files.length > 0) {
    tags.set(1117, { type: 'stringArray', values: spec.files.map((f) => f.slice(f.lastIndexOf('/') + 1)) }); // BASENAMES
  }
  if (!spec.files?.length) tags.delete(1030);
  return rpmHeaderBlob(tags);
}

/** rpm's index tables (name → key type): TEXT for string tags, BLOB for the rest. */
const INDEX_TABLES: Record<string, 'TEXT' | 'BLOB'> = {
  Name: 'TEXT',
  Basenames: 'TEXT',
  Group: 'TEXT',
  Requirename: 'TEXT',
  Providename: 'TEXT',
  Conflictname: 'TEXT',
  Obsoletename: 'TEXT',
  Triggername: 'TEXT',
  Dirnames: 'TEXT',
  Installtid: 'BLOB',
  Sigmd5: 'BLOB',
  Sha1header: 'TEXT',
  Filetriggername: 'TEXT',
  Transfiletriggername: 'TEXT',
  Recommendname: 'TEXT',
  Suggestname: 'TEXT',
  Supplementname: 'TEXT',
  Enhancename: 'TEXT',
};

export interface RpmdbFiles {
  database: Buffer;
  /** The -wal file as rpm leaves it: empty after a clean close, or with committed frames not yet checkpointed. */
  wal: Buffer;
}

/**
 * Writes `rpmdb.sqlite` the way rpm does. With `inWal`, the last packages are committed into the WAL only
 * (as when rpm was interrupted before its checkpoint); otherwise the WAL is checkpointed and left empty.
 */
export function buildRpmdb(
  packages: readonly RpmPackageSpec[],
  options: { inWal?: number } = {},
): RpmdbFiles {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-rpmdb-'));
  const path = join(dir, 'rpmdb.sqlite');
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec(
      "CREATE TABLE IF NOT EXISTS 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)",
    );
    for (const [table, keyType] of Object.entries(INDEX_TABLES)) {
      db.exec(
        `CREATE TABLE IF NOT EXISTS '${table}' (key '${keyType}' NOT NULL, hnum INTEGER NOT NULL, idx INTEGER NOT NULL, FOREIGN KEY (hnum) REFERENCES 'Packages'(hnum))`,
      );
      db.exec(`CREATE INDEX IF NOT EXISTS '${table}_key_idx' ON '${table}'(key ASC)`);
    }
    const insert = db.prepare('INSERT INTO Packages (blob) VALUES (?)');
    const name = db.prepare("INSERT INTO 'Name' VALUES (?, ?, 0)");
    const provide = db.prepare("INSERT INTO 'Providename' VALUES (?, ?, ?)");
    const add = (spec: RpmPackageSpec): void => {
      const hnum = Number(insert.run(rpmPackageHeader(spec)).lastInsertRowid);
      name.run(spec.name, hnum);
      (spec.provides ?? [spec.name]).forEach((p, i) => provide.run(p, hnum, i));
    };
    const walCount = options.inWal ?? 0;
    const checkpointed = packages.slice(0, packages.length - walCount);
    db.transaction(() => checkpointed.forEach(add))();
    db.pragma('wal_checkpoint(TRUNCATE)');
    if (walCount > 0) {
      db.transaction(() => packages.slice(packages.length - walCount).forEach(add))();
      // copy while the connection is open: the WAL still holds the last transaction
      return { database: readFileSync(path), wal: readFileSync(`${path}-wal`) };
    }
    return {
      database: readFileSync(path),
      wal: existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0),
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
