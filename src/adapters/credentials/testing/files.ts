/** Test support: temp folders holding real credential files. Not used by production code. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** Writes JSON (or raw text, for malformed files), creating folders; returns the path. */
export async function writeJson(path: string, content: unknown): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** Creates temp folders on demand; `cleanup` (for afterEach) removes all of them. */
export function tempDirs(prefix: string): { create(): Promise<string>; cleanup(): Promise<void> } {
  const dirs: string[] = [];
  return {
    async create() {
      const dir = await mkdtemp(join(tmpdir(), `shipshape-${prefix}-`));
      dirs.push(dir);
      return dir;
    },
    async cleanup() {
      await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
