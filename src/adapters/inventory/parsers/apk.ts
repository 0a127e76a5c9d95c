/**
 * apk's database `lib/apk/db/installed`: one block per package, one `X:value` line per field, blank lines
 * between blocks. P name, V version, A arch, o origin (the source package, which advisories name).
 */
import type { InventoryPackage, OsInfo } from '../../../core/vuln/types.js';
import { osPackagePurl } from '../purl.js';

interface Block {
  name?: string;
  version?: string;
  arch?: string;
  origin?: string;
}

export function parseApkInstalled(text: string, location: string, os: OsInfo | null): InventoryPackage[] {
  const packages: InventoryPackage[] = [];
  const flush = (block: Block): void => {
    const { name, version } = block;
    if (!name || !version) return;
    packages.push({
      name,
      version,
      type: 'apk',
      sourceName: block.origin ?? name,
      sourceVersion: version, // apk builds every subpackage at its origin's version
      purl: osPackagePurl({ type: 'apk', name, version, arch: block.arch ?? null }, os),
      location,
    });
  };
  let block: Block = {};
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') {
      flush(block);
      block = {};
      continue;
    }
    if (line[1] !== ':') continue;
    const value = line.slice(2);
    switch (line[0]) {
      case 'P':
        block.name = value;
        break;
      case 'V':
        block.version = value;
        break;
      case 'A':
        block.arch = value;
        break;
      case 'o':
        block.origin = value;
        break;
    }
  }
  flush(block);
  return packages;
}
