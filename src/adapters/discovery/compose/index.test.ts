import { describe, expect, it } from 'vitest';
import { rewriteAll, summary } from '../shared/testing.js';
import { compose, scanCompose } from './index.js';
import { parseDotenv } from './dotenv.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;
const noSiblings = () => undefined;
const withEnv = (env: string) => (p: string) => (p === 'deploy/.env' ? env : undefined);

describe('compose.matches', () => {
  it.each([
    ['compose.yaml', true],
    ['x/compose.yml', true],
    ['compose.override.yaml', true],
    ['docker-compose.yml', true],
    ['docker-compose.prod.yaml', true],
    ['docker-compose-dev.yml', true],
    ['my-compose.yml', false],
    ['compose.json', false],
  ])('%s → %s', (path, expected) => expect(compose.matches(path)).toBe(expected));
});

describe('scanCompose', () => {
  it('finds services.*.image in every quoting style, follows anchors once, skips build', () => {
    const text = [
      'x-base: &base',
      '  image: &img "postgres:16.2"   # pinned',
      '  restart: always',
      'services:',
      '  db:',
      '    <<: *base',
      '  db2: *base',
      '  cache:',
      "    image: 'redis:7'",
      '  web:',
      '    image: ghcr.io/acme/web@' + DIGEST,
      '  local:',
      '    build: .',
      '    image: acme/local:dev',
      '  money:',
      '    image: acme/app:$$notavar',
      '',
    ].join('\n');
    const result = scanCompose('compose.yaml', text, noSiblings);
    expect(summary(text, result)).toEqual([
      { at: '2:16', image: 'postgres:16.2', spans: ['image:postgres:16.2'], meta: { service: 'db' } },
      { at: '9:13', image: 'redis:7', spans: ['image:redis:7'], meta: { service: 'cache' } },
      {
        at: '11:12',
        image: `ghcr.io/acme/web@${DIGEST}`,
        spans: [`image:ghcr.io/acme/web@${DIGEST}`],
        meta: { service: 'web' },
      },
    ]);
    expect(result.problems.map((p) => `${p.line}:${p.column} ${p.message.slice(0, 45)}`)).toEqual([
      '16:12 invalid image reference "acme/app:$notavar": ',
    ]);
  });

  it('interpolates from .env: defaults here are rewritable, values from .env are read-only', () => {
    const text = [
      'services:',
      '  a:',
      '    image: nginx:${TAG}',
      '  b:',
      '    image: "${REGISTRY:-docker.io}/library/nginx:${NGINX:-1.25}"',
      '  c:',
      '    image: ${REG}/app:1.0',
      '  d:',
      '    image: ${IMAGE}',
      '  e:',
      '    image: busybox:${EMPTY:-1.36}',
      '  f:',
      '    image: ${WHOLE-node:20}',
    ].join('\n');
    const env = 'TAG=1.21 # inline comment\nexport REG="registry.local:5000"\nEMPTY=\n';
    const result = scanCompose('deploy/compose.yaml', text, withEnv(env));
    expect(summary(text, result).map(({ meta: _, ...r }: Record<string, unknown>) => r)).toEqual([
      { at: '3:12', image: 'nginx:1.21', spans: [], readOnlyReason: 'the tag comes from TAG in deploy/.env' },
      { at: '5:13', image: 'docker.io/library/nginx:1.25', spans: ['tag:1.25'] },
      { at: '7:12', image: 'registry.local:5000/app:1.0', spans: ['tag:1.0'] },
      { at: '9:12', image: '${IMAGE}', spans: [], unresolved: 'IMAGE has no value here' },
      { at: '11:12', image: 'busybox:1.36', spans: ['tag:1.36'] },
      { at: '13:12', image: 'node:20', spans: ['image:node:20'] },
    ]);
  });

  it('explains why a reference is read-only', () => {
    const text =
      'services:\n  a:\n    image: ${IMAGE}\n  b:\n    image: "nginx:1.2\\u0031"\n  c:\n    image: ${REG}/x\n';
    const result = scanCompose('deploy/compose.yaml', text, withEnv('IMAGE=nginx:1.21\nREG=ghcr.io\n'));
    expect(result.references.map((r) => [r.image, r.readOnlyReason])).toEqual([
      ['nginx:1.21', 'the reference comes from IMAGE in deploy/.env'],
      ['nginx:1.21', 'the reference comes from text that is not written verbatim in this file'],
      ['ghcr.io/x', 'the name is assembled from several parts and has no tag to rewrite'],
    ]);
  });

  it('reads compose v1 files (services at the top level)', () => {
    const text = 'web:\n  image: nginx:1.0\nworker:\n  build: .\n';
    expect(summary(text, scanCompose('docker-compose.yml', text, noSiblings))).toEqual([
      { at: '2:10', image: 'nginx:1.0', spans: ['image:nginx:1.0'], meta: { service: 'web' } },
    ]);
  });

  it('reports malformed YAML with the parser position', () => {
    const text = 'services:\n  web:\n    image: nginx:1\n   bad: x\n';
    const result = scanCompose('compose.yaml', text, noSiblings);
    expect(result.references).toEqual([]);
    expect(result.problems).toEqual([
      {
        file: 'compose.yaml',
        line: 4,
        column: 1,
        message: 'YAML: All mapping items must start at the same column',
      },
    ]);
    const unterminated = scanCompose('compose.yaml', 'services:\n  web:\n    image: "nginx:1\n', noSiblings);
    expect(unterminated.problems).toEqual([
      { file: 'compose.yaml', line: 4, column: 1, message: 'YAML: Missing closing "quote' },
    ]);
  });

  it('reports a non-string image', () => {
    const text = 'services:\n  web:\n    image: [nginx]\n';
    expect(scanCompose('compose.yaml', text, noSiblings).problems).toEqual([
      { file: 'compose.yaml', line: 3, column: 12, message: 'compose: services.web.image must be a string' },
    ]);
  });
});

describe('parseDotenv', () => {
  it('reads quoting, export, comments', () => {
    const env = parseDotenv(
      '\uFEFF# c\nA=1\nexport B = two words # c\nC="x\\"y\\n"\nD=\'lit $X\'\nbad line\n',
    );
    expect([...env]).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', 'x"y\n'],
      ['D', 'lit $X'],
    ]);
  });
});

describe('compose rewrite, byte for byte', () => {
  it('changes only the tag characters (CRLF, quotes, comments, no final newline)', () => {
    const text =
      '\uFEFF# top\r\nservices:\r\n  a:\r\n    image: "nginx:1.21"   # keep\r\n  b:\r\n    image: \'redis:7\'\r\n  c:\r\n    image: busybox:${T:-1.36} # x\r\n  d:\r\n    image: postgres:16';
    const result = scanCompose('compose.yaml', text, noSiblings);
    const out = rewriteAll(text, result, {
      'nginx:1.21': { tag: '1.27' },
      'redis:7': { tag: '7.4', digest: DIGEST },
      'busybox:1.36': { tag: '1.37' },
      'postgres:16': { tag: '17' },
    });
    expect(out).toBe(
      `\uFEFF# top\r\nservices:\r\n  a:\r\n    image: "nginx:1.27"   # keep\r\n  b:\r\n    image: 'redis:7.4@${DIGEST}'\r\n  c:\r\n    image: busybox:\${T:-1.37} # x\r\n  d:\r\n    image: postgres:17`,
    );
  });
});
