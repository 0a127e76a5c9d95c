/**
 * Test support: real `docker-credential-*` executables (tiny sh scripts) in a temp bin folder, so the
 * adapters spawn actual processes. Not used by production code.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FakeHelper {
  /** Makes `get` answer for this exact server URL (what arrives on stdin). */
  store(serverUrl: string, username: string, secret: string): Promise<void>;
  /** Server URLs `get` was asked for, in order. */
  calls(): Promise<string[]>;
}

export interface FakeHelperBin {
  readonly binDir: string;
  /** A minimal environment whose PATH finds the fakes first (and sh, tr, cat after). */
  readonly env: NodeJS.ProcessEnv;
  /** docker-credential-<name>: answers from stored credentials, else "credentials not found in native keychain". */
  answering(name: string): Promise<FakeHelper>;
  /** docker-credential-<name>: any other helper failure (exit 1, message on stderr). */
  failing(name: string, message: string): Promise<void>;
  /** docker-credential-<name>: exits 0 printing `stdout`. */
  printing(name: string, stdout: string): Promise<void>;
}

export async function fakeHelperBin(root: string): Promise<FakeHelperBin> {
  const binDir = join(root, 'bin');
  await mkdir(binDir, { recursive: true });
  const install = async (name: string, body: string): Promise<void> => {
    const file = join(binDir, `docker-credential-${name}`);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
  };
  return {
    binDir,
    env: { PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}` },
    async answering(name) {
      const dataDir = join(root, `${name}.data`);
      await mkdir(dataDir, { recursive: true });
      await install(
        name,
        [
          `dir=${shellQuote(dataDir)}`,
          '[ "$1" = get ] || { echo "unsupported action: $1" >&2; exit 2; }',
          'IFS= read -r url || true', // Docker writes the URL without a trailing newline
          'printf "%s\\n" "$url" >> "$dir/calls.log"',
          `key=$(printf "%s" "$url" | tr -c 'A-Za-z0-9._-' '_')`,
          'if [ -f "$dir/$key.json" ]; then cat "$dir/$key.json"; exit 0; fi',
          'echo "credentials not found in native keychain"',
          'exit 1',
        ].join('\n'),
      );
      return {
        async store(serverUrl, username, secret) {
          const answer = { ServerURL: serverUrl, Username: username, Secret: secret };
          await writeFile(
            join(dataDir, `${serverUrl.replace(/[^A-Za-z0-9._-]/g, '_')}.json`),
            JSON.stringify(answer),
          );
        },
        async calls() {
          const log = await readFile(join(dataDir, 'calls.log'), 'utf8').catch(() => '');
          return log.split('\n').filter((line) => line !== '');
        },
      };
    },
    async failing(name, message) {
      await install(name, `cat >/dev/null\necho ${shellQuote(message)} >&2\nexit 1`);
    },
    async printing(name, stdout) {
      await install(name, `cat >/dev/null\nprintf '%s' ${shellQuote(stdout)}`);
    },
  };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
