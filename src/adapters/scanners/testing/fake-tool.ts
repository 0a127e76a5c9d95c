/**
 * For tests: a real executable on a temporary PATH that stands in for trivy or grype. It records its
 * arguments and selected environment, then prints a fixture (or fails as told).
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeTool {
  readonly dir: string;
  /** PATH with the fake first. */
  readonly path: string;
  /** The arguments of the last run, one per element. */
  args(): string[];
  /** `NAME=value` lines of the environment variables starting with the tool's upper-case name. */
  env(): string[];
  remove(): void;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * `outputs` maps a substring of the arguments (the image name) to the fixture file printed; `*` matches
 * anything. `fail` makes it print to stderr and exit 2 instead.
 */
export function fakeTool(
  name: string,
  outputs: Readonly<Record<string, string>>,
  options: { fail?: string } = {},
): FakeTool {
  const dir = mkdtempSync(join(tmpdir(), `shipshape-fake-${name}-`));
  const argsFile = join(dir, 'args');
  const envFile = join(dir, 'env');
  const prefix = name.toUpperCase();
  const cases = Object.entries(outputs)
    .map(([needle, file]) => `  ${needle === '*' ? '*' : `*${quote(needle)}*`}) cat ${quote(file)} ;;`)
    .join('\n');
  const body = options.fail
    ? `echo ${quote(options.fail)} >&2\nexit 2`
    : `case "$*" in\n${cases}\n  *) echo "no fixture for $*" >&2; exit 1 ;;\nesac`;
  writeFileSync(
    join(dir, name),
    `#!/bin/sh\nprintf '%s\\n' "$@" > ${quote(argsFile)}\nenv | grep '^${prefix}_' | sort > ${quote(envFile)}\n${body}\n`,
  );
  chmodSync(join(dir, name), 0o755);
  const read = (file: string): string[] => {
    try {
      return readFileSync(file, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return {
    dir,
    path: `${dir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    args: () => read(argsFile),
    env: () => read(envFile),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
