import type { TextFiles } from '../../ports/text-files.js';
/**
 * Text files for `apply`: strict UTF-8 reads (a file that is not valid UTF-8 is refused rather
 * than silently re-encoded) and atomic writes: a temp file in the same directory, fsync, then
 * rename over the target, keeping its permission bits. Readers see the old or the new file,
 * never half of one; a failed write leaves the target untouched and no temp file behind.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ShipshapeError } from '../../core/errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function ioError(message: string, cause: unknown): ShipshapeError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return new ShipshapeError('IO_FAILED', 'fs', `${message}${code ? ` (${code})` : ''}`, { cause });
}

/** Reads `path` as UTF-8, keeping a byte order mark as U+FEFF so that writing it back keeps it. */
export async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw ioError(`cannot read ${path}`, e);
  }
  try {
    return decoder.decode(bytes);
  } catch (e) {
    throw new ShipshapeError('IO_FAILED', 'fs', `${path} is not valid UTF-8: not rewriting it`, { cause: e });
  }
}

/**
 * Replaces the file at `path` (following symlinks to the real file) with `text` encoded as UTF-8.
 * A new file gets mode 0o666 minus the umask; an existing one keeps its permission bits.
 */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  let target = path;
  let mode: number | undefined;
  try {
    target = await realpath(path);
    mode = (await stat(target)).mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(`cannot stat ${path}`, e);
  }
  const dir = dirname(target);
  const temp = join(
    dir,
    `.${basename(target)}.shipshape-${process.pid}-${randomBytes(6).toString('hex')}.tmp`,
  );
  let renamed = false;
  try {
    const handle = await open(temp, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(text, 'utf8');
      // open() applies the umask; set the exact bits the old file had.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    renamed = true;
  } catch (e) {
    throw ioError(`cannot write ${path}`, e);
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
  await syncDirectory(dir);
}

/** Makes the rename durable; some file systems cannot fsync a directory, which is fine to ignore. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

/** The `TextFiles` port over the local file system. */
export const localTextFiles: TextFiles = { read: readText, write: writeTextAtomic };
