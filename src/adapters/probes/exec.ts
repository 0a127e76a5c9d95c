/**
 * Probes inside the container through engine exec, with the image's own busybox/GNU `wget` and `nc`:
 * the container's loopback is reached without publishing anything and without bridge addresses.
 */
import { statusMatches, type Probe } from '../../core/container/probe.js';
import type { ProbeOutcome } from '../../core/rollout/types.js';
import type { ContainerEngine } from '../../ports/container-engine.js';
import { judge } from './direct.js';

type HttpProbe = Extract<Probe, { kind: 'http' }>;

const missing = (exitCode: number, stderr: string, tool: string): ProbeOutcome | null =>
  exitCode === 126 || exitCode === 127 || /executable file not found|no such file/i.test(stderr)
    ? {
        ok: false,
        detail: `cannot probe inside the container: no ${tool} in the image (publish the port on 127.0.0.1 to probe it from the host)`,
      }
    : null;

/** The last "HTTP/1.x NNN" status line wget printed (-S prints headers; errors name the status too). */
function statusFrom(stderr: string): number | null {
  const all = [...stderr.matchAll(/HTTP\/\d(?:\.\d)?\s+(\d{3})/g)];
  const last = all.at(-1);
  return last ? Number(last[1]) : null;
}

export async function httpExec(
  engine: ContainerEngine,
  containerId: string,
  probe: HttpProbe,
  port: number,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const host = probe.host ?? '127.0.0.1';
  const url = `${probe.scheme}://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}${probe.path}`;
  // No `-T`: busybox 1.35's static wget crashes with it; the exec timeout bounds the attempt instead.
  const tls = probe.scheme === 'https' ? ['--no-check-certificate'] : [];
  const r = await engine.exec(containerId, ['wget', '-q', '-S', '-O', '-', ...tls, url], { timeoutMs });
  const absent = missing(r.exitCode, r.stderr, 'wget');
  if (absent) return absent;
  const status = statusFrom(r.stderr);
  if (status === null) {
    const why =
      r.stderr
        .trim()
        .split('\n')
        .at(-1)
        ?.replace(/^wget:\s*/, '') ||
      `wget exited with ${r.exitCode}${r.exitCode > 128 ? ' (killed by a signal)' : ''}`;
    return { ok: false, detail: why };
  }
  // wget writes no body for an error status; the status alone decides then.
  if (r.exitCode !== 0 && statusMatches(probe, status)) return { ok: true, detail: `HTTP ${status}` };
  return judge(probe, status, r.stdout);
}

export async function tcpExec(
  engine: ContainerEngine,
  containerId: string,
  host: string | null,
  port: number,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  // nc keeps the connection open until the peer closes it; `timeout` ends it (exit 124/143: connected).
  const argv = ['timeout', String(seconds), 'nc', host ?? '127.0.0.1', String(port)];
  const r = await engine.exec(containerId, argv, { timeoutMs: timeoutMs + 2000 });
  const absent = missing(r.exitCode, r.stderr, 'timeout/nc');
  if (absent) return absent;
  if (/can't connect|refused|unreachable/i.test(r.stderr)) return { ok: false, detail: 'connection refused' };
  if (r.exitCode === 0 || r.exitCode === 124 || r.exitCode === 143)
    return { ok: true, detail: `connected to port ${port}` };
  return { ok: false, detail: r.stderr.trim() || `nc exited with ${r.exitCode}` };
}
