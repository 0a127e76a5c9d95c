/**
 * Captures the inspect JSON fixtures of src/core/container from this Docker engine, created the way
 * people create containers: with the docker CLI. Run: node --import tsx test/harness/docker/capture-fixtures.ts
 * Everything it creates is removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importBusyboxImage } from './busybox-image.js';
import { DockerResources, testDocker, testPrefix } from './resources.js';

const OUT = join(import.meta.dirname, '../../../src/core/container/fixtures');
const docker = testDocker();
const res = new DockerResources(docker, testPrefix());
const cli = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const inspect = (kind: 'container' | 'image', id: string): unknown =>
  (JSON.parse(cli(kind, 'inspect', id)) as unknown[])[0];

/** The fixture is the container's and its image's inspect documents, plus how it was made. */
function save(name: string, command: string[], id: string): void {
  const container = inspect('container', id) as { Image: string };
  const doc = { command: ['docker', ...command], container, image: inspect('image', container.Image) };
  writeFileSync(join(OUT, `${name}.json`), JSON.stringify(doc, null, 2) + '\n');
  console.log(`wrote ${name}.json`);
}

try {
  mkdirSync(OUT, { recursive: true });
  const image = `${res.prefix}/busybox:1`;
  await importBusyboxImage(docker, {
    ref: image,
    changes: [
      'CMD ["sleep","3600"]',
      'ENV APP_HOME=/data APP_MODE=prod',
      'EXPOSE 80/tcp',
      'VOLUME /data',
      'WORKDIR /www',
      'LABEL org.opencontainers.image.title=busybox-test maintainer=shipshape',
    ],
  });
  res.trackImage(image);
  const net1 = res.name('front');
  const net2 = res.name('back');
  cli('network', 'create', '--subnet', '172.30.77.0/24', net1);
  cli('network', 'create', '--subnet', '172.30.78.0/24', net2);
  const vol = res.name('vol');
  cli('volume', 'create', vol);

  const plainArgs = ['create', '--name', res.name('plain'), image];
  save('plain', plainArgs, cli(...plainArgs));

  const fullArgs = [
    'create',
    '--name',
    res.name('full'),
    '--env',
    'A=1',
    '--env',
    'APP_MODE=dev',
    '--label',
    'shipshape.update=minor',
    '--label',
    'com.docker.compose.project=demo',
    '--network',
    net1,
    '--network-alias',
    'web',
    '--network-alias',
    'www',
    '--ip',
    '172.30.77.10',
    '-p',
    '127.0.0.1:18080:80',
    '-p',
    '127.0.0.1::81/udp',
    '--restart',
    'on-failure:3',
    '--memory',
    '64m',
    '--cpus',
    '0.5',
    '--pids-limit',
    '100',
    '--health-cmd',
    'true',
    '--health-interval',
    '5s',
    '--health-retries',
    '2',
    '--user',
    'nobody',
    '--workdir',
    '/tmp',
    '--hostname',
    'custom-host',
    '--log-driver',
    'json-file',
    '--log-opt',
    'max-size=1m',
    '--cap-add',
    'NET_ADMIN',
    '--cap-drop',
    'MKNOD',
    '--device',
    '/dev/null:/dev/mynull:rwm',
    '--security-opt',
    'no-new-privileges',
    '--stop-signal',
    'SIGINT',
    '--stop-timeout',
    '5',
    '--tmpfs',
    '/run:size=1m',
    '--add-host',
    'db.local:10.0.0.5',
    '--dns',
    '10.0.0.53',
    '--dns-search',
    'example.test',
    '--init',
    '--sysctl',
    'net.ipv4.tcp_keepalive_time=600',
    '--ulimit',
    'nofile=1024:2048',
    '--read-only',
    '--shm-size',
    '32m',
    '-v',
    `${vol}:/data`,
    '-v',
    '/tmp:/mnt/host-tmp:ro',
    '--mount',
    'type=volume,target=/cache',
    '--entrypoint',
    'sh',
    image,
    '-c',
    'sleep 3600',
  ];
  const full = cli(...fullArgs);
  cli('network', 'connect', '--alias', 'api', '--ip', '172.30.78.20', net2, full);
  save('full', [...fullArgs, `&& docker network connect --alias api --ip 172.30.78.20 ${net2} <id>`], full);

  const privArgs = ['create', '--name', res.name('priv'), '--privileged', '--network', 'host', image];
  save('privileged-host', privArgs, cli(...privArgs));

  const noneArgs = ['create', '--name', res.name('none'), '--network', 'none', '--publish-all', image];
  save('network-none', noneArgs, cli(...noneArgs));

  const sideArgs = [
    'create',
    '--name',
    res.name('side'),
    '--network',
    `container:${res.name('plain')}`,
    image,
  ];
  save('network-container', sideArgs, cli(...sideArgs));
} finally {
  await res.cleanup();
  for (const v of (await docker.listVolumes()).Volumes ?? []) void v;
}
