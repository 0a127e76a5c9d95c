import { describe, expect, it } from 'vitest';
import { rechunk } from './upload.js';

async function collect(it: AsyncIterable<Uint8Array>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const chunk of it) out.push([...chunk]);
  return out;
}

async function* pieces(...parts: number[][]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield Uint8Array.from(p);
}

describe('rechunk', () => {
  it('re-slices any piece sizes into exact chunks, the last one shorter', async () => {
    expect(await collect(rechunk(pieces([1, 2], [3, 4, 5, 6, 7], [], [8]), 3))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8],
    ]);
  });
  it('yields nothing for an empty stream and exact multiples without a trailing empty chunk', async () => {
    expect(await collect(rechunk(pieces(), 4))).toEqual([]);
    expect(await collect(rechunk(pieces([1, 2, 3, 4]), 2))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
  it('closes its source when the consumer stops', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) yield new Uint8Array(10);
      } finally {
        closed = true;
      }
    }
    const it = rechunk(source(), 5)[Symbol.asyncIterator]();
    await it.next();
    await it.return?.(undefined);
    expect(closed).toBe(true);
  });
});
