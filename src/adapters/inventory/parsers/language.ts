/** Installed language packages: npm's `node_modules/<name>/package.json`, Python's `*.dist-info/METADATA`. */
import type { InventoryPackage } from '../../../core/vuln/types.js';
import { npmPurl, pypiPurl } from '../purl.js';
import { parseHeaderBlock } from './control.js';

/** Null unless the manifest names both a package and its version (workspaces, private roots, stubs). */
export function parsePackageJson(text: string, location: string): InventoryPackage | null {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const { name, version } = json as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || typeof version !== 'string') return null;
  if (name.trim() === '' || version.trim() === '') return null;
  return { name, version, type: 'npm', purl: npmPurl(name, version), location };
}

/** Core metadata (METADATA, PKG-INFO): the Name and Version headers. */
export function parsePythonMetadata(text: string, location: string): InventoryPackage | null {
  const headers = parseHeaderBlock(text);
  const name = headers.get('name');
  const version = headers.get('version');
  if (!name || !version) return null;
  return { name, version, type: 'pypi', purl: pypiPurl(name, version), location };
}
