/**
 * zstd for layer fixtures without a zstd compressor: a valid frame (RFC 8878) made of Raw and RLE blocks,
 * which exercises a decoder's frame, block and window handling. `zstdCompress` uses the real `zstd` CLI
 * when this machine has one (null otherwise), for genuinely compressed (Huffman/FSE) blocks.
 */
import { spawnSync } from 'node:child_process';

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** Window_Descriptor exponent 7, mantissa 0: a 2^(10+7) = 128 KiB window, the largest block size. */
const WINDOW_DESCRIPTOR = 7 << 3;
const MAX_BLOCK = 128 * 1024;
const RLE_MIN_RUN = 64;

function blockHeader(last: boolean, type: 0 | 1, size: number): Uint8Array {
  const value = (size << 3) | (type << 1) | (last ? 1 : 0);
  return Uint8Array.of(value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff);
}

/** Length of the run of equal bytes starting at `at`, capped at `max`. */
function runLength(data: Uint8Array, at: number, max: number): number {
  let n = 1;
  while (n < max && at + n < data.length && data[at + n] === data[at]) n++;
  return n;
}

/** One zstd frame holding `data` in Raw blocks, with RLE blocks for long runs of one byte (tar padding). */
export function zstdRawFrame(data: Uint8Array): Buffer {
  // Frame_Header_Descriptor 0: no content size, not single-segment, no checksum, no dictionary
  const parts: Uint8Array[] = [Uint8Array.from(MAGIC), Uint8Array.of(0x00, WINDOW_DESCRIPTOR)];
  const blocks: { type: 0 | 1; start: number; size: number }[] = [];
  let at = 0;
  let rawStart = 0;
  const flushRaw = (end: number): void => {
    for (let start = rawStart; start < end; start += MAX_BLOCK) {
      blocks.push({ type: 0, start, size: Math.min(MAX_BLOCK, end - start) });
    }
  };
  while (at < data.length) {
    const run = runLength(data, at, MAX_BLOCK);
    if (run >= RLE_MIN_RUN) {
      flushRaw(at);
      blocks.push({ type: 1, start: at, size: run });
      at += run;
      rawStart = at;
    } else {
      at += run;
    }
  }
  flushRaw(data.length);
  if (blocks.length === 0) blocks.push({ type: 0, start: 0, size: 0 });
  blocks.forEach((block, i) => {
    parts.push(blockHeader(i === blocks.length - 1, block.type, block.size));
    parts.push(
      block.type === 1
        ? data.subarray(block.start, block.start + 1)
        : data.subarray(block.start, block.start + block.size),
    );
  });
  return Buffer.concat(parts);
}

export function hasZstdCli(): boolean {
  return spawnSync('zstd', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Real zstd compression (`zstd -3 -c`), or null when no zstd CLI is installed. */
export function zstdCompress(data: Uint8Array, level = 3): Buffer | null {
  if (!hasZstdCli()) return null;
  const result = spawnSync('zstd', [`-${level}`, '-c', '-q'], { input: data, maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`zstd failed: ${result.stderr.toString()}`);
  return result.stdout;
}
