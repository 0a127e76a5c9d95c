/** A one-line progress bar on a TTY stderr; silent elsewhere (CI logs stay clean). */
export function createProgress(stream: NodeJS.WriteStream): {
  update(done: number, total: number, label: string): void;
  end(): void;
} {
  if (!stream.isTTY) return { update: () => undefined, end: () => undefined };
  let last = 0;
  let drawn = false;
  return {
    update(done, total, label) {
      const now = Date.now();
      if (done < total && now - last < 80) return;
      last = now;
      const width = 24;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
      stream.write(`\r\u001b[2K${text.slice(0, (stream.columns || 80) - 1)}`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
