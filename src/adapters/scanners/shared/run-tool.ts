/** Runs another scanner's program (never through a shell) and returns what it printed on stdout. */
import { spawn } from 'node:child_process';
import { ShipshapeError } from '../../../core/errors.js';

export interface RunToolOptions {
  /** "trivy" or "grype": the error prefix and what the messages call the tool. */
  readonly tool: string;
  /** The config key that names the program, for the "not installed" hint. */
  readonly setting: string;
  readonly env: NodeJS.ProcessEnv;
  /** Largest stdout kept, in bytes. Default 512 MiB. */
  readonly maxBytes?: number;
}

const STDERR_TAIL = 2000;

export async function runTool(
  executable: string,
  args: readonly string[],
  options: RunToolOptions,
): Promise<string> {
  const source = `scanner:${options.tool}`;
  const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  return new Promise<string>((resolve, reject) => {
    const child = spawn(executable, [...args], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let failed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxBytes && !failed) {
        failed = true;
        child.kill('SIGTERM');
        reject(new ShipshapeError('IO_FAILED', source, `${executable} printed more than ${maxBytes} bytes`));
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (failed) return;
      failed = true;
      if (e.code === 'ENOENT')
        reject(
          new ShipshapeError(
            'CONFIG_INVALID',
            source,
            `${options.tool} is not installed: "${executable}" was not found (install it, or set ${options.setting} to its path)`,
            { cause: e },
          ),
        );
      else
        reject(
          new ShipshapeError('IO_FAILED', source, `cannot run ${executable}: ${e.message}`, { cause: e }),
        );
    });
    child.on('close', (code, signal) => {
      if (failed) return;
      if (code === 0) {
        resolve(Buffer.concat(out).toString('utf8'));
        return;
      }
      const why = signal !== null ? `was killed by ${signal}` : `exited with code ${code ?? '?'}`;
      const tail = err.trim().split('\n').slice(-5).join('\n');
      reject(new ShipshapeError('IO_FAILED', source, `${executable} ${why}${tail ? `: ${tail}` : ''}`));
    });
  });
}
