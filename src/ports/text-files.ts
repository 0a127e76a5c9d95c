/** Whole-file text I/O: strict UTF-8 reads (a BOM is kept), atomic writes. Implementation: adapters/fs. */
export interface TextFiles {
  read(path: string): Promise<string>;
  /** Temp file in the same directory, fsync, rename; keeps the permission bits. Never a half-written file. */
  write(path: string, text: string): Promise<void>;
}
