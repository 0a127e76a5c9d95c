/** Every `*.json` file under a directory, recursively, in a stable (sorted) order. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function jsonFilesUnder(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && entry.name.endsWith('.json')) files.push(path);
    }
  };
  await walk(root);
  return files;
}
