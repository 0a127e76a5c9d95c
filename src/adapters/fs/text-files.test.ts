import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../core/errors.js';
import { readText, writeTextAtomic } from './text-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-fs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readText / writeTextAtomic', () => {
  it('round-trips a BOM, CRLF and no final newline byte for byte', async () => {
    const bytes = Buffer.from('\uFEFFa: 1\r\nb: "é"\r\nc', 'utf8');
    writeFileSync(join(dir, 'f.yaml'), bytes);
    const text = await readText(join(dir, 'f.yaml'));
    expect(text.charCodeAt(0)).toBe(0xfeff);
    await writeTextAtomic(join(dir, 'f.yaml'), text);
    expect(readFileSync(join(dir, 'f.yaml'))).toEqual(bytes);
  });

  it('refuses a file that is not valid UTF-8 instead of re-encoding it', async () => {
    writeFileSync(join(dir, 'latin1'), Buffer.from([0x61, 0xe9, 0x0a]));
    const error = await readText(join(dir, 'latin1')).catch((e: unknown) => e);
    expect(isShipshapeError(error, 'IO_FAILED')).toBe(true);
    expect((error as Error).message).toBe(`[fs] ${join(dir, 'latin1')} is not valid UTF-8: not rewriting it`);
  });

  it('keeps the permission bits, replaces the file and leaves no temp file', async () => {
    const path = join(dir, 'compose.yaml');
    writeFileSync(path, 'old\n');
    chmodSync(path, 0o640);
    const inode = statSync(path).ino;
    await writeTextAtomic(path, 'new\n');
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(statSync(path).mode & 0o7777).toBe(0o640);
    expect(statSync(path).ino).not.toBe(inode); // a rename, not an in-place write
    expect(readdirSync(dir)).toEqual(['compose.yaml']);
  });

  it('writes through a symlink to its target, keeping the link', async () => {
    writeFileSync(join(dir, 'real.yaml'), 'old\n');
    symlinkSync('real.yaml', join(dir, 'link.yaml'));
    await writeTextAtomic(join(dir, 'link.yaml'), 'new\n');
    expect(readFileSync(join(dir, 'real.yaml'), 'utf8')).toBe('new\n');
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['link.yaml', 'real.yaml']);
  });

  it('fails with IO_FAILED and leaves nothing behind when the directory is missing', async () => {
    const error = await writeTextAtomic(join(dir, 'missing/f.yaml'), 'x').catch((e: unknown) => e);
    expect(isShipshapeError(error, 'IO_FAILED')).toBe(true);
    expect((error as Error).message).toBe(`[fs] cannot write ${join(dir, 'missing/f.yaml')} (ENOENT)`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
