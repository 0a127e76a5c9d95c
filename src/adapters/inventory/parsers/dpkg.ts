/**
 * dpkg's database: `var/lib/dpkg/status` (every package dpkg knows, with its Status) and distroless's
 * `var/lib/dpkg/status.d/<name>` (one stanza per file, no Status: everything there is installed).
 */
import type { InventoryPackage, OsInfo } from '../../../core/vuln/types.js';
import { osPackagePurl } from '../purl.js';
import { parseStanzas } from './control.js';

/** "want ok status": only the status word says whether files are on disk (`hold ok installed` counts too). */
function isInstalled(status: string | undefined): boolean {
  if (status === undefined) return true; // status.d stanzas carry none
  return status.split(/\s+/)[2] === 'installed';
}

/** `Source: openssl (3.0.11-1~deb12u1)` → name and version; dpkg defaults both to the binary package's. */
function parseSource(source: string | undefined, name: string, version: string): [string, string] {
  if (!source) return [name, version];
  const match = /^(\S+)(?:\s+\(([^)]+)\))?/.exec(source.trim());
  if (!match?.[1]) return [name, version];
  return [match[1], match[2]?.trim() || version];
}

export function parseDpkgStatus(text: string, location: string, os: OsInfo | null): InventoryPackage[] {
  const packages: InventoryPackage[] = [];
  for (const stanza of parseStanzas(text)) {
    const name = stanza.get('package');
    const version = stanza.get('version');
    if (!name || !version || !isInstalled(stanza.get('status'))) continue;
    const arch = stanza.get('architecture') || null;
    const [sourceName, sourceVersion] = parseSource(stanza.get('source'), name, version);
    packages.push({
      name,
      version,
      type: 'deb',
      sourceName,
      sourceVersion,
      purl: osPackagePurl({ type: 'deb', name, version, arch }, os),
      location,
    });
  }
  return packages;
}
