/**
 * Good and bad candidate images for rollout tests, built offline from busybox-static and pushed to a
 * test registry. Every image serves /www on :8080 (busybox httpd) unless it is meant not to run, and a
 * CGI health endpoint at /cgi-bin/health (200 "ok <marker>", or 500 for the `http500` candidate).
 *
 *   base      1.0.0      the running version, no HEALTHCHECK
 *   good      1.1.0      HEALTHCHECK that passes (1 s interval)
 *   good2     1.2.0      no HEALTHCHECK
 *   exits     2.0.0-exit exits with code 3 at once
 *   unhealthy 2.0.0-unhealthy  httpd runs, HEALTHCHECK never passes
 *   crashloop 2.0.0-crash      runs one second, then exits 1 (restart-loops with a restart policy)
 *   http500   2.0.0-500        httpd runs, /cgi-bin/health answers 500
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { followStream, pushToRegistry } from '../docker/index.js';

const BUSYBOX = process.env['SHIPSHAPE_BUSYBOX'] ?? '/bin/busybox';
const APPLETS = [
  'sh',
  'sleep',
  'httpd',
  'wget',
  'cat',
  'echo',
  'ls',
  'env',
  'true',
  'false',
  'nc',
  'timeout',
  'printf',
];

export const HTTPD = 'CMD ["httpd","-f","-p","8080","-h","/www"]';
const HEALTHY =
  'HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1';
const NEVER_HEALTHY = 'HEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD false';

export type CandidateKind = 'base' | 'good' | 'good2' | 'exits' | 'unhealthy' | 'crashloop' | 'http500';

const SPECS: Record<CandidateKind, { tag: string; changes: string[]; status: 200 | 500 }> = {
  base: { tag: '1.0.0', changes: [HTTPD, 'ENV APP_VERSION=1.0.0'], status: 200 },
  good: { tag: '1.1.0', changes: [HTTPD, HEALTHY, 'ENV APP_VERSION=1.1.0'], status: 200 },
  good2: { tag: '1.2.0', changes: [HTTPD, 'ENV APP_VERSION=1.2.0'], status: 200 },
  exits: { tag: '2.0.0-exit', changes: ['CMD ["sh","-c","echo boom; exit 3"]'], status: 200 },
  unhealthy: { tag: '2.0.0-unhealthy', changes: [HTTPD, NEVER_HEALTHY], status: 200 },
  crashloop: { tag: '2.0.0-crash', changes: ['CMD ["sh","-c","sleep 1; exit 1"]'], status: 200 },
  http500: { tag: '2.0.0-500', changes: [HTTPD], status: 500 },
};

function healthScript(marker: string, status: 200 | 500): string {
  const head = status === 500 ? 'Status: 500 Internal Server Error\\r\\n' : '';
  return `#!/bin/sh\nprintf '${head}Content-Type: text/plain\\r\\n\\r\\n'\necho '${status === 500 ? 'broken' : 'ok'} ${marker}'\n`;
}

async function rootfs(marker: string, status: 200 | 500): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    tar.on('end', resolve);
    tar.on('error', reject);
  });
  for (const d of ['bin/', 'etc/', 'tmp/', 'data/', 'www/', 'www/cgi-bin/'])
    tar.entry({ name: d, type: 'directory', mode: d === 'tmp/' ? 0o1777 : 0o755 });
  tar.entry({ name: 'bin/busybox', mode: 0o755 }, readFileSync(BUSYBOX));
  for (const a of APPLETS) tar.entry({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox', mode: 0o777 });
  tar.entry({ name: 'etc/marker', mode: 0o644 }, `${marker}\n`);
  tar.entry({ name: 'etc/passwd', mode: 0o644 }, 'root:x:0:0:root:/root:/bin/sh\n');
  tar.entry({ name: 'www/index.html', mode: 0o644 }, `hello ${marker}\n`);
  tar.entry({ name: 'www/cgi-bin/health', mode: 0o755 }, healthScript(marker, status));
  tar.finalize();
  await ended;
  return Buffer.concat(chunks);
}

export interface BuiltCandidate {
  /** "127.0.0.1:PORT/<repo>:<tag>" */
  readonly ref: string;
  readonly tag: string;
  /** Manifest digest in the registry. */
  readonly digest: string;
}

/**
 * Builds the requested candidates as `<registryHost>/<repo>:<tag>`, pushes them and removes the local
 * copies (containers must pull what they run, as in production). Returns them by kind.
 */
export async function buildCandidates(
  docker: Docker,
  registryHost: string,
  repo: string,
  kinds: readonly CandidateKind[],
): Promise<Record<CandidateKind, BuiltCandidate>> {
  const out: Partial<Record<CandidateKind, BuiltCandidate>> = {};
  for (const kind of kinds) {
    const spec = SPECS[kind];
    const ref = `${registryHost}/${repo}:${spec.tag}`;
    const stream = await docker.importImage(Readable.from([await rootfs(`${repo} ${kind}`, spec.status)]), {
      repo: `${registryHost}/${repo}`,
      tag: spec.tag,
      changes: spec.changes,
    } as Record<string, unknown>);
    await followStream(docker, stream);
    const digest = await pushToRegistry(docker, ref);
    await docker
      .getImage(ref)
      .remove({ force: true })
      .catch(() => undefined);
    out[kind] = { ref, tag: spec.tag, digest };
  }
  return out as Record<CandidateKind, BuiltCandidate>;
}
