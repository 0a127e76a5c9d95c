/**
 * End-to-end check of the Renovate peer: a real registry (and the same behind the delaying, paginating fault
 * proxy), a small tree of a Dockerfile, a compose file and a Kubernetes Deployment, one Renovate run each;
 * prints the parsed lookups and fails if the expected patch/minor/major updates are missing.
 *
 *   node --import tsx bench/renovate/smoke.ts [--no-proxy]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultProxy } from '../../test/harness/fault-proxy.js';
import { startRegistry } from '../../test/harness/registry-server.js';
import { pushTags } from '../../test/harness/seed.js';
import { ensureRenovate, runRenovate, type RenovateLookup, type RenovateRun } from './run-renovate.js';

const log = (s: string): void => console.log(s);

async function writeTree(dir: string, host: string, webDigests: Record<string, string>): Promise<void> {
  await mkdir(join(dir, 'k8s'), { recursive: true });
  await writeFile(
    join(dir, 'Dockerfile'),
    [
      `FROM ${host}/acme/db:14.1-alpine AS db`,
      `FROM ${host}/acme/web:1.0.0`,
      'COPY --from=db /etc/os-release /db-release',
      '',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'docker-compose.yml'),
    [
      'services:',
      '  web:',
      `    image: ${host}/acme/web:1.0.1`,
      '  db:',
      `    image: ${host}/acme/db:latest`,
      '',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'k8s/deployment.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  selector:',
      '    matchLabels: { app: web }',
      '  template:',
      '    metadata:',
      '      labels: { app: web }',
      '    spec:',
      '      containers:',
      '        - name: web',
      `          image: ${host}/acme/web:1.1.0@${webDigests['1.1.0']}`,
      '        - name: db',
      `          image: ${host}/acme/db:15.0`,
      '',
    ].join('\n'),
  );
}

function show(run: RenovateRun, label: string): void {
  console.log(
    `\n== ${label}: exit ${run.exitCode}, wall ${run.wallMs} ms, peak RSS ${(run.peakRssBytes / 2 ** 20).toFixed(0)} MiB, ` +
      `${run.httpRequests} HTTP requests to [${run.httpHosts.join(', ')}], blocked ${run.blockedRequests.length}, ` +
      `start-up ${run.startupMs} ms, until "Repository finished" ${run.untilFinishedMs} ms, splits ${JSON.stringify(run.splits)}`,
  );
  for (const l of run.lookups) {
    const updates = l.updates
      .map((u) => `${u.updateType}→${u.newValue ?? ''}${u.newDigest ? `@${u.newDigest.slice(7, 19)}` : ''}`)
      .join(', ');
    const current = `${l.currentValue ?? ''}${l.currentDigest ? `@${l.currentDigest.slice(7, 19)}` : ''}`;
    const extra = [l.skipReason ? `skip=${l.skipReason}` : '', ...(l.warnings ?? [])]
      .filter(Boolean)
      .join('; ');
    console.log(
      `  ${l.file.padEnd(22)} ${l.depName.replace(/^[^/]+\//, '')}:${current}  [${updates}] ${extra}`,
    );
  }
  if (run.problems.length > 0) console.log(`  problems: ${[...new Set(run.problems)].join(' | ')}`);
}

function check(run: RenovateRun): string[] {
  const errors: string[] = [];
  const find = (file: string, value: string): RenovateLookup | undefined =>
    run.lookups.find((l) => l.file === file && l.currentValue === value);
  const expect = (file: string, value: string, want: Record<string, string>): void => {
    const lookup = find(file, value);
    if (!lookup) return void errors.push(`${file}: no lookup for ${value}`);
    for (const [type, newValue] of Object.entries(want)) {
      if (!lookup.updates.some((u) => u.updateType === type && u.newValue === newValue))
        errors.push(`${file} ${value}: missing ${type} → ${newValue}`);
    }
  };
  if (run.exitCode !== 0) errors.push(`exit code ${run.exitCode}`);
  expect('Dockerfile', '1.0.0', { patch: '1.0.1', minor: '1.1.0', major: '2.0.0' });
  expect('Dockerfile', '14.1-alpine', { minor: '14.2-alpine', major: '15.0-alpine' });
  expect('docker-compose.yml', '1.0.1', { minor: '1.1.0', major: '2.0.0' });
  expect('k8s/deployment.yaml', '1.1.0', { major: '2.0.0' });
  expect('k8s/deployment.yaml', '15.0', { minor: '15.1' });
  if (run.blockedRequests.length > 0)
    errors.push(`requests to other hosts: ${run.blockedRequests.join(', ')}`);
  if (run.httpHosts.some((h) => h !== '127.0.0.1')) errors.push(`contacted ${run.httpHosts.join(', ')}`);
  return errors;
}

const t0 = Date.now();
const install = await ensureRenovate(log);
console.log(
  `renovate ${install.version} on node ${install.nodeVersion} (re2 ${install.re2}), ready in ${Date.now() - t0} ms\n  node: ${install.node}\n  entry: ${install.renovateEntry}`,
);

const registry = await startRegistry({ auth: 'none' });
const proxy = process.argv.includes('--no-proxy')
  ? null
  : await startFaultProxy({ target: registry.url, delayMs: 30, paginateTags: { maxPageSize: 2 } });
const tree = await mkdtemp(join(tmpdir(), 'shipshape-renovate-smoke-'));
let failed = false;
try {
  const webDigests = await pushTags({ url: registry.url }, 'acme/web', ['1.0.0', '1.0.1', '1.1.0', '2.0.0'], {
    dataDir: registry.dataDir,
  });
  await pushTags(
    { url: registry.url },
    'acme/db',
    ['14.1-alpine', '14.2-alpine', '15.0-alpine', '15.0', '15.1', 'latest'],
    { dataDir: registry.dataDir },
  );
  const targets: [string, string][] = [['direct', registry.host]];
  if (proxy) targets.push(['fault proxy (30 ms, 2 tags/page)', proxy.host]);
  for (const [label, host] of targets) {
    await rm(tree, { recursive: true, force: true });
    await writeTree(tree, host, webDigests);
    const run = await runRenovate({ tree, registryHost: host, log, timeoutMs: 120_000 });
    show(run, label);
    console.log(`  log: ${run.logFile}\n  config: ${run.configFile}`);
    const errors = check(run);
    if (errors.length > 0) {
      failed = true;
      console.log(`  FAILED:\n    ${errors.join('\n    ')}`);
    } else console.log('  OK');
  }
} finally {
  await rm(tree, { recursive: true, force: true });
  await proxy?.stop();
  await registry.stop();
}
process.exit(failed ? 1 : 0);
