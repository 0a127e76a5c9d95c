/**
 * The I/O half of discovery: walks a tree (async fs), honours .gitignore files and skips vendored
 * directories, reads only files an adapter may want, and hands each to the pure adapters.
 * Results are in sorted path order whatever the timing of the reads.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join as joinPath, relative, resolve, sep } from 'node:path';
import type { FileReference, ParseProblem } from '../../ports/source.js';
import { compileGitignore, compileRule, isIgnored, isIgnoredWithParents, type RuleSet } from './gitignore.js';
import { discovererFor, scanFile } from './index.js';

export interface ScanOptions {
  /** Globs (gitignore syntax, relative to the root): when given, only matching files are scanned. */
  readonly include?: readonly string[];
  /** Globs (gitignore syntax, relative to the root) never scanned, on top of .gitignore. */
  readonly exclude?: readonly string[];
}

export interface TreeScanResult {
  readonly references: FileReference[];
  readonly problems: ParseProblem[];
  readonly filesScanned: number;
}

const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'vendor', 'third_party', '.venv']);
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const READ_CONCURRENCY = 32;

function toRelative(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

function fileProblem(file: string, message: string): ParseProblem {
  return { file, line: 1, column: 1, message: `[discovery] ${message}` };
}

function rulesFrom(patterns: readonly string[] | undefined): RuleSet | undefined {
  if (!patterns || patterns.length === 0) return undefined;
  return { base: '', rules: patterns.map(compileRule).filter((r) => r !== undefined) };
}

class Scan {
  private readonly problems: ParseProblem[] = [];
  private readonly files = new Set<string>();
  private readonly siblingCache = new Map<string, string | undefined>();
  private readonly exclude: RuleSet | undefined;
  private readonly include: RuleSet | undefined;

  constructor(
    private readonly root: string,
    options: ScanOptions,
  ) {
    this.exclude = rulesFrom(options.exclude);
    this.include = rulesFrom(options.include);
  }

  private async readText(rel: string): Promise<string | undefined> {
    try {
      return await readFile(joinPath(this.root, rel), 'utf8');
    } catch (e) {
      this.ioProblem(rel, e);
      return undefined;
    }
  }

  private ioProblem(rel: string, e: unknown): void {
    const code = (e as NodeJS.ErrnoException | undefined)?.code ?? String(e);
    this.problems.push(fileProblem(rel, `cannot read: ${code}`));
  }

  /** The .gitignore rule sets that apply inside `dir`, from the root down. */
  async ancestorRules(dir: string): Promise<RuleSet[]> {
    const sets: RuleSet[] = [];
    const exclude = await readFile(joinPath(this.root, '.git', 'info', 'exclude'), 'utf8').catch(
      () => undefined,
    );
    if (exclude !== undefined) sets.push(compileGitignore(exclude, ''));
    const parts = dir === '' ? [] : dir.split('/');
    for (let i = 0; i <= parts.length; i++) {
      const base = parts.slice(0, i).join('/');
      const text = await readFile(joinPath(this.root, base, '.gitignore'), 'utf8').catch(() => undefined);
      if (text !== undefined) sets.push(compileGitignore(text, base));
    }
    return sets;
  }

  private skipped(rel: string, isDir: boolean, sets: readonly RuleSet[]): boolean {
    if (isIgnored(sets, rel, isDir)) return true;
    return this.exclude !== undefined && isIgnored([this.exclude], rel, isDir);
  }

  private included(rel: string): boolean {
    return this.include === undefined || isIgnoredWithParents([this.include], rel, false);
  }

  /** Collects candidate files under `dir`; `sets` already includes dir's own .gitignore. */
  async walk(dir: string, sets: readonly RuleSet[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(joinPath(this.root, dir), { withFileTypes: true });
    } catch (e) {
      this.ioProblem(dir === '' ? '.' : dir, e);
      return;
    }
    const subdirs: Promise<void>[] = [];
    for (const entry of entries) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Follow links to files; never links to directories (cycles).
        isFile = await stat(joinPath(this.root, rel)).then(
          (s) => s.isFile(),
          () => false,
        );
        isDir = false;
      }
      if (isDir) {
        if (SKIPPED_DIRS.has(entry.name) || this.skipped(rel, true, sets)) continue;
        subdirs.push(this.enter(rel, sets));
      } else if (isFile && !this.skipped(rel, false, sets) && this.included(rel) && discovererFor(rel)) {
        this.files.add(rel);
      }
    }
    await Promise.all(subdirs);
  }

  private async enter(dir: string, parentSets: readonly RuleSet[]): Promise<void> {
    const text = await readFile(joinPath(this.root, dir, '.gitignore'), 'utf8').catch(() => undefined);
    await this.walk(dir, text === undefined ? parentSets : [...parentSets, compileGitignore(text, dir)]);
  }

  addFile(rel: string): void {
    this.files.add(rel);
  }

  addProblem(problem: ParseProblem): void {
    this.problems.push(problem);
  }

  private sibling = (rel: string): string | undefined => {
    const normalized = rel
      .split('/')
      .filter((p) => p !== '' && p !== '.')
      .join('/');
    if (normalized.split('/').includes('..')) return undefined;
    if (!this.siblingCache.has(normalized)) {
      let text: string | undefined;
      try {
        // Synchronous because adapters are pure and synchronous; a few small files per tree.
        text = readFileSync(joinPath(this.root, normalized), 'utf8');
      } catch {
        text = undefined;
      }
      this.siblingCache.set(normalized, text);
    }
    return this.siblingCache.get(normalized);
  };

  /** Reads and scans every collected file, READ_CONCURRENCY at a time; results in path order. */
  async finish(): Promise<TreeScanResult> {
    const paths = [...this.files].sort();
    const results = new Array<{ references: FileReference[]; problems: ParseProblem[] } | undefined>(
      paths.length,
    );
    let next = 0;
    let scanned = 0;
    const worker = async (): Promise<void> => {
      while (next < paths.length) {
        const index = next++;
        const rel = paths[index]!;
        const size = await stat(joinPath(this.root, rel)).then(
          (s) => s.size,
          () => 0,
        );
        if (size > MAX_FILE_BYTES) {
          this.addProblem(fileProblem(rel, `skipped: larger than ${MAX_FILE_BYTES} bytes`));
          continue;
        }
        const text = await this.readText(rel);
        if (text === undefined) continue;
        scanned++;
        results[index] = scanFile(rel, text, this.sibling);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, worker));
    const references: FileReference[] = [];
    const problems: ParseProblem[] = [...this.problems];
    for (const r of results) {
      if (!r) continue;
      references.push(...r.references);
      problems.push(...r.problems);
    }
    // Stable: a file's problems keep their line order.
    problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { references, problems, filesScanned: scanned };
  }
}

/** Scans every file under `root` that an adapter recognises. */
export async function scanTree(root: string, options: ScanOptions = {}): Promise<TreeScanResult> {
  const absolute = resolve(root);
  const scan = new Scan(absolute, options);
  await scan.walk('', await scan.ancestorRules(''));
  return scan.finish();
}

/**
 * Scans the given paths (relative to `root`). Files are scanned when an adapter recognises them,
 * even if .gitignore'd (they were asked for); directories are walked like scanTree.
 */
export async function scanFiles(
  root: string,
  relativePaths: readonly string[],
  options: ScanOptions = {},
): Promise<TreeScanResult> {
  const absolute = resolve(root);
  const scan = new Scan(absolute, options);
  for (const given of relativePaths) {
    const rel = toRelative(absolute, resolve(absolute, given));
    if (rel === '..' || rel.startsWith('../')) {
      scan.addProblem(fileProblem(given, 'path is outside the scanned root'));
      continue;
    }
    const info = await stat(joinPath(absolute, rel)).catch(() => undefined);
    if (!info) {
      scan.addProblem(fileProblem(rel || '.', 'no such file or directory'));
    } else if (info.isDirectory()) {
      await scan.walk(rel, await scan.ancestorRules(rel));
    } else if (discovererFor(rel)) {
      scan.addFile(rel);
    }
  }
  return scan.finish();
}
