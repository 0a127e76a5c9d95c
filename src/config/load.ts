/** The only file in src/config that touches the file system. */
import { accessSync, constants } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { arch } from 'node:process';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ShipshapeError } from '../core/errors.js';
import type { Platform } from '../ports/registry.js';
import { normalizeConfig } from './normalize.js';
import { parseConfigText } from './parse.js';
import type { NormalizedConfig } from './types.js';

/** Names looked for in each directory, in order of preference. */
export const CONFIG_FILE_NAMES = ['shipshape.yaml', 'shipshape.yml'] as const;

export interface LoadConfigOptions {
  /** An explicit file (`--config`), relative to `cwd`; no search happens. */
  readonly path?: string | undefined;
  /** Where the upward search starts: the scanned path (a file's directory is used). */
  readonly searchFrom: string;
  /** Where password/token environment variables are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** For relative paths and for showing file names in messages. Default: process.cwd(). */
  readonly cwd?: string;
}

export interface LoadedConfig {
  readonly config: NormalizedConfig;
  /** The absolute path of the file read, or null when none was found (zero config). */
  readonly file: string | null;
  readonly warnings: string[];
}

/**
 * Finds, reads and validates the configuration. Without `path`, looks for shipshape.yaml (then
 * shipshape.yml) in `searchFrom` and each parent up to the file system root; none found means
 * zero config: the defaults, with relative paths resolved against `searchFrom`.
 * Throws ConfigError / ShipshapeError CONFIG_INVALID, or IO_FAILED when a file cannot be read.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const start = await directoryOf(resolve(cwd, options.searchFrom));
  const warnings: string[] = [];
  let file: string | null;
  if (options.path !== undefined) {
    file = resolve(cwd, options.path);
    if (!(await isFile(file))) {
      throw new ShipshapeError('CONFIG_INVALID', 'config', `config file not found: ${display(file, cwd)}`);
    }
  } else {
    const found = await findConfigFile(start);
    file = found.file;
    for (const other of found.shadowed) {
      warnings.push(`${display(other, cwd)} is ignored: ${display(found.file ?? '', cwd)} is used`);
    }
  }

  const hostPlatform = currentPlatform();
  if (file === null) {
    const zero = normalizeConfig({}, { dir: start, env: options.env, hostPlatform, fileProblem });
    return { config: zero.config, file: null, warnings };
  }

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ShipshapeError('IO_FAILED', 'config', `cannot read ${display(file, cwd)}: ${errorCode(e)}`, {
      cause: e,
    });
  }
  const parsed = parseConfigText(text, {
    file: display(file, cwd),
    dir: dirname(file),
    env: options.env,
    hostPlatform,
    fileProblem,
  });
  return { config: parsed.config, file, warnings: [...warnings, ...parsed.warnings] };
}

/** The nearest shipshape.yaml / shipshape.yml in `dir` or a parent; `shadowed` lists the other name there. */
export async function findConfigFile(dir: string): Promise<{ file: string | null; shadowed: string[] }> {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const present: string[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      if (await isFile(join(current, name))) present.push(join(current, name));
    }
    const [first, ...others] = present;
    if (first !== undefined) return { file: first, shadowed: others };
    if (dirname(current) === current) return { file: null, shadowed: [] };
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function directoryOf(path: string): Promise<string> {
  try {
    return (await stat(path)).isDirectory() ? path : dirname(path);
  } catch {
    return path;
  }
}

function fileProblem(path: string): string | null {
  try {
    accessSync(path, constants.R_OK);
    return null;
  } catch (e) {
    return errorCode(e);
  }
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}

/** Relative to the working directory when inside it, else absolute. */
function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel) ? file : rel;
}

const ARCHITECTURES: Readonly<Record<string, Platform>> = {
  x64: { os: 'linux', architecture: 'amd64' },
  arm64: { os: 'linux', architecture: 'arm64' },
  arm: { os: 'linux', architecture: 'arm', variant: 'v7' },
  ia32: { os: 'linux', architecture: '386' },
  ppc64: { os: 'linux', architecture: 'ppc64le' },
  s390x: { os: 'linux', architecture: 's390x' },
  riscv64: { os: 'linux', architecture: 'riscv64' },
};

/**
 * The platform images run on here, in OCI terms. The OS is always linux: Docker Desktop on macOS
 * and Windows runs Linux containers.
 */
export function currentPlatform(): Platform {
  return ARCHITECTURES[arch] ?? { os: 'linux', architecture: arch };
}
