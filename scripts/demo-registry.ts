/**
 * The demo's registry: Debian's docker-registry on 127.0.0.1:$DEMO_PORT (default 5055) holding sample
 * images with realistic tag families, pushed over the HTTP API. Prints the URL, then serves until killed.
 */
import { startRegistry } from '../test/harness/registry-server.js';
import { pushImage, pushTags } from '../test/harness/seed.js';

const port = Number(process.env['DEMO_PORT'] ?? 5055);

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const withSuffixes = (versions: string[], suffixes: string[]): string[] =>
  versions.flatMap((v) => suffixes.map((s) => v + s));

const nginx = withSuffixes(
  range(24, 27).flatMap((m) => range(0, 4).map((p) => `1.${m}.${p}`)),
  ['', '-alpine', '-alpine3.20', '-bookworm'],
).concat(['latest', 'stable', 'mainline', 'alpine']);
const node = withSuffixes(
  [18, 20, 22].flatMap((maj) => range(0, 19).flatMap((min) => range(0, 2).map((p) => `${maj}.${min}.${p}`))),
  ['', '-alpine', '-bookworm-slim', '-slim'],
).concat(['lts', 'lts-alpine', 'latest']);
const postgres = withSuffixes(
  [15, 16, 17].flatMap((maj) => range(0, 8).map((min) => `${maj}.${min}`)),
  ['', '-alpine', '-bookworm'],
).concat(['15', '16', '17', 'latest', '18beta1']);
const redis = withSuffixes(
  ['7.2.4', '7.2.5', '7.2.7', '7.4.0', '7.4.2', '8.0.1', '8.0.2'],
  ['', '-alpine', '-bookworm'],
);
const traefik = ['v2.10.7', 'v2.11.0', 'v2.11.14', 'v3.0.0', 'v3.2.1', 'v3.3.0-rc1', 'latest'];
const busybox = ['1.36.0', '1.36.1', '1.37.0', 'latest', 'musl', 'glibc', '1.37.0-musl'];
const bitnamiRedis = ['7.2.4', '7.2.5', '7.4.1', '8.0.0', 'latest'];
const acmeApi = ['v1.4.2', 'v1.4.3', 'v1.5.0', 'v2.0.0', 'v2.1.0-rc.1', 'latest'];
const exporter = ['0.9.1', '0.9.2', '0.10.0', '1.0.0'];

const registry = await startRegistry({ port });
const target = { url: registry.url };
const repos: [string, string[]][] = [
  ['library/nginx', nginx],
  ['library/node', node],
  ['library/postgres', postgres],
  ['library/redis', redis],
  ['library/traefik', traefik],
  ['library/busybox', busybox],
  ['bitnami/redis', bitnamiRedis],
  ['acme/api', acmeApi],
  ['acme/exporter', exporter],
];
for (const [repo, tags] of repos) await pushTags(target, repo, tags, { created: '2026-06-01T00:00:00Z' });
// A multi-arch image, like most official images.
await pushImage(target, 'library/nginx', '1.27.4-alpine', {
  platforms: [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
  ],
  attestations: true,
});
process.stdout.write(`${registry.url}\n`);
const stop = (): void => {
  void registry.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => undefined, 1 << 30);
