/**
 * A minimal zip writer for fixtures (PKWARE APPNOTE 6.3: local headers, central directory, end record;
 * no zip64, no data descriptors): stored or deflated entries with correct CRC-32, like the archives
 * OSV.dev exports.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipInput {
  readonly name: string;
  readonly data: Buffer | string;
  /** Default 'deflate', as OSV's exports are. */
  readonly method?: 'store' | 'deflate';
}

const DOS_DATE = ((2025 - 1980) << 9) | (1 << 5) | 1; // 2025-01-01
const DOS_TIME = 0;

export function buildZip(inputs: readonly ZipInput[]): Buffer {
  if (inputs.length > 0xffff)
    throw new Error(`buildZip: ${inputs.length} entries need zip64, which this writer lacks`);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const input of inputs) {
    const name = Buffer.from(input.name, 'utf8');
    const data = typeof input.data === 'string' ? Buffer.from(input.data, 'utf8') : input.data;
    const method = input.method === 'store' ? 0 : 8;
    const body = method === 8 ? deflateRawSync(data) : data;
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, body);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(DOS_TIME, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(0, 30); // extra
    entry.writeUInt16LE(0, 32); // comment
    entry.writeUInt16LE(0, 34); // disk
    entry.writeUInt16LE(0, 36); // internal attributes
    entry.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external: regular file 0644
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);

    offset += local.length + name.length + body.length;
  }
  if (offset > 0xffffffff) throw new Error('buildZip: over 4 GiB needs zip64, which this writer lacks');
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(inputs.length, 8);
  end.writeUInt16LE(inputs.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...parts, directory, end]);
}

/** The zip OSV.dev exports for an ecosystem: one `<ID>.json` per record at the archive root. */
export function buildOsvExport(
  records: readonly { readonly id: string }[],
  method?: 'store' | 'deflate',
): Buffer {
  return buildZip(
    records.map((record) => ({ name: `${record.id}.json`, data: JSON.stringify(record, null, 2), method })),
  );
}
