/**
 * Test images without the internet: a busybox-static rootfs imported into the engine (`docker import`
 * over the API), optionally with image config (`changes`: CMD, ENV, EXPOSE, VOLUME, WORKDIR, LABEL…),
 * then pushed to a test registry.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';

const BUSYBOX = process.env['SHIPSHAPE_BUSYBOX'] ?? '/bin/busybox';
const APPLETS = ['sh', 'sleep', 'httpd', 'wget', 'cat', 'echo', 'ls', 'env', 'true', 'false', 'nc', 'id'];

/** A tar of a busybox rootfs; `marker` goes into /etc/marker so two images differ in content. */
export async function busyboxRootfs(marker: string): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    tar.on('end', resolve);
    tar.on('error', reject);
  });
  const dir = (name: string): void => void tar.entry({ name, type: 'directory', mode: 0o755 });
  for (const d of ['bin/', 'etc/', 'tmp/', 'data/', 'www/']) dir(d);
  tar.entry({ name: 'bin/busybox', mode: 0o755 }, readFileSync(BUSYBOX));
  for (const applet of APPLETS)
    tar.entry({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox', mode: 0o777 });
  tar.entry({ name: 'etc/marker', mode: 0o644 }, `${marker}\n`);
  tar.entry(
    { name: 'etc/passwd', mode: 0o644 },
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n',
  );
  tar.entry({ name: 'etc/group', mode: 0o644 }, 'root:x:0:\nnogroup:x:65534:\n');
  tar.entry({ name: 'www/index.html', mode: 0o644 }, `ok ${marker}\n`);
  tar.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** Drains a progress stream; rejects on the first `error` message. */
export async function followStream(docker: Docker, stream: NodeJS.ReadableStream): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: unknown[]) => {
        if (err) return reject(err);
        const failed = output.find((o) => typeof o === 'object' && o !== null && 'error' in o) as
          { error: string } | undefined;
        if (failed) reject(new Error(failed.error));
        else resolve(output);
      },
      () => undefined,
    );
  });
}

export interface ImportOptions {
  /** "repo:tag" to name the image. */
  readonly ref: string;
  readonly marker?: string;
  /** Dockerfile instructions for the image config, e.g. `CMD ["sleep","3600"]`, `ENV A=1`. */
  readonly changes?: readonly string[];
}

/** Imports a busybox image and returns its id (sha256:…). */
export async function importBusyboxImage(docker: Docker, options: ImportOptions): Promise<string> {
  const colon = options.ref.lastIndexOf(':');
  const repo = options.ref.slice(0, colon);
  const tag = options.ref.slice(colon + 1);
  const tar = await busyboxRootfs(options.marker ?? options.ref);
  const changes = options.changes ?? ['CMD ["sleep","3600"]'];
  // `changes` is a list in the Engine API; @types/dockerode does not declare it.
  const stream = await docker.importImage(Readable.from([tar]), { repo, tag, changes } as Record<
    string,
    unknown
  >);
  await followStream(docker, stream);
  const info = await docker.getImage(options.ref).inspect();
  return info.Id;
}

/** Pushes "host/repo:tag" to a plain-HTTP loopback registry (with credentials when given); returns the manifest digest. */
export async function pushToRegistry(
  docker: Docker,
  ref: string,
  auth: { username: string; password: string; serveraddress: string } | Record<string, never> = {},
): Promise<string> {
  const colon = ref.lastIndexOf(':');
  const image = docker.getImage(ref.slice(0, colon));
  const stream = await image.push({ tag: ref.slice(colon + 1), authconfig: auth });
  const output = await followStream(docker, stream);
  for (const o of output) {
    const aux = (o as { aux?: { Digest?: string } }).aux;
    if (aux?.Digest) return aux.Digest;
  }
  throw new Error(`[harness:docker] push of ${ref} reported no digest`);
}
