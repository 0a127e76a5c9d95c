import { spawn } from 'node:child_process';
import type { Credential } from '../../../ports/credentials.js';
import { ShipshapeError } from '../../../core/errors.js';
import { isRecord } from './json-file.js';
import { toCredential } from './secret-credential.js';

export const DEFAULT_HELPER_TIMEOUT_MS = 30_000;

/** Docker's marker in a helper's `Username` meaning `Secret` is an identity token. */
const TOKEN_USERNAME = '<token>';
const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface HelperCall {
  /** Helper suffix: runs `docker-credential-<helper>`. */
  readonly helper: string;
  /** Written to the helper's stdin, as Docker does. */
  readonly serverUrl: string;
  /** Environment for the helper; its PATH is where the helper is looked up. */
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly source: string;
  /** Where the helper was configured, e.g. `credsStore in /home/me/.docker/config.json`; named in errors. */
  readonly configuredBy: string;
}

/** Names Docker would accept that also cannot escape the `docker-credential-` prefix into a path. */
export function isValidHelperName(helper: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(helper);
}

/**
 * Runs `docker-credential-<helper> get` (the docker-credential-helpers protocol). "credentials not
 * found" → null (anonymous); any other failure → IO_FAILED naming the helper. Helper output can hold
 * the secret, so it only reaches an error message when it looks like a plain-text message.
 */
export async function getFromCredentialHelper(call: HelperCall): Promise<Credential | null> {
  const program = `docker-credential-${call.helper}`;
  if (!isValidHelperName(call.helper)) {
    throw new ShipshapeError(
      'CONFIG_INVALID',
      call.source,
      `invalid credential helper name ${JSON.stringify(call.helper)} (${call.configuredBy}): use the suffix of a docker-credential-* program`,
    );
  }
  const result = await run(program, call);
  const fail = (what: string, cause?: unknown): ShipshapeError =>
    new ShipshapeError(
      'IO_FAILED',
      call.source,
      `${program} get for ${call.serverUrl} ${what} (${call.configuredBy})`,
      {
        cause,
      },
    );

  if (result.kind === 'spawn-error') {
    if (result.code === 'ENOENT') {
      throw fail('failed: the program is not on PATH; install it or remove the setting', result.error);
    }
    throw fail(`could not start (${result.code ?? 'unknown error'})`, result.error);
  }
  if (result.kind === 'timeout') throw fail(`did not answer within ${call.timeoutMs} ms`);
  if (result.exitCode !== 0) {
    if (/credentials not found/i.test(`${result.stdout}\n${result.stderr}`)) return null;
    throw fail(
      `exited with ${result.exitCode ?? result.signal ?? 'an error'}${safeMessage(result.stderr || result.stdout)}`,
    );
  }

  let answer: unknown;
  try {
    answer = JSON.parse(result.stdout);
  } catch {
    throw fail('printed something that is not the expected JSON'); // never echo it: it may hold the secret
  }
  if (!isRecord(answer) || !isOptionalString(answer.Username) || !isOptionalString(answer.Secret)) {
    throw fail('printed JSON without string Username/Secret fields');
  }
  return answer.Username === TOKEN_USERNAME
    ? toCredential({ identityToken: answer.Secret })
    : toCredential({ username: answer.Username, password: answer.Secret });
}

function isOptionalString(v: unknown): v is string | undefined {
  return v === undefined || typeof v === 'string';
}

/** The first line of a helper's message, only when it cannot be (part of) its JSON answer. */
function safeMessage(output: string): string {
  const line = output.trim().split('\n')[0]?.trim() ?? '';
  if (line === '' || /[{}"]/.test(line)) return '';
  return `: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`;
}

type RunResult =
  | { kind: 'exit'; exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { kind: 'spawn-error'; code: string | undefined; error: Error }
  | { kind: 'timeout' };

function run(program: string, call: HelperCall): Promise<RunResult> {
  return new Promise((resolve) => {
    // spawn looks the program up on env.PATH when env is given.
    const child = spawn(program, ['get'], { env: call.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT_BYTES) into.push(chunk);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle({ kind: 'timeout' });
    }, call.timeoutMs);

    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.on('error', (error: NodeJS.ErrnoException) =>
      settle({ kind: 'spawn-error', code: error.code, error }),
    );
    child.on('close', (exitCode, signal) =>
      settle({
        kind: 'exit',
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
    // A helper that exits without reading stdin makes this write fail with EPIPE; its exit status tells the story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(call.serverUrl);
  });
}
