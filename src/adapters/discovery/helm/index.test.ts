import { describe, expect, it } from 'vitest';
import { awkward, rewriteAll, summary } from '../shared/testing.js';
import { helm, scanHelmValues } from './index.js';

const DIGEST = `sha256:${'e'.repeat(64)}`;
const CHART = 'apiVersion: v2\nname: web\nappVersion: "2.4.1"\n';
const siblings = (p: string) => (p === 'charts/web/Chart.yaml' ? CHART : undefined);
const scan = (text: string) => scanHelmValues('charts/web/values.yaml', text, siblings);

const VALUES = `# Default values
image:
  registry: docker.io
  repository: bitnami/nginx
  tag: 1.25.3-debian-11-r0   # bump me
  digest: ""
  pullPolicy: IfNotPresent
metrics:
  enabled: true
  image:
    repository: "bitnami/nginx-exporter"
    tag: 1.10
    digest: ${DIGEST}
sidecars:
  - name: log
    image: 'fluent/fluent-bit:3.0'
initImage: busybox:1.36
app:
  image:
    repository: ghcr.io/acme/app
  worker:
    repository: ghcr.io/acme/worker
    tag: "2"
git:
  repository: https://github.com/acme/x
  imagePullPolicy: Always
`;

describe('helm.matches', () => {
  it.each([
    ['values.yaml', true],
    ['charts/x/values-prod.yml', true],
    ['values.dev.yaml', true],
    ['my-values.yaml', false],
    ['Chart.yaml', false],
  ])('%s → %s', (path, expected) => expect(helm.matches(path)).toBe(expected));
});

describe('scanHelmValues', () => {
  it('finds split maps and image strings at any depth, reading tags from source text', () => {
    expect(summary(VALUES, scan(VALUES))).toEqual([
      {
        at: '5:8',
        image: 'docker.io/bitnami/nginx:1.25.3-debian-11-r0',
        spans: ['tag:1.25.3-debian-11-r0', 'digest:'],
        meta: { key: 'image' },
      },
      {
        at: '12:10',
        image: `bitnami/nginx-exporter:1.10@${DIGEST}`,
        spans: ['tag:1.10', `digest:${DIGEST}`],
        meta: { key: 'metrics.image' },
      },
      {
        at: '16:13',
        image: 'fluent/fluent-bit:3.0',
        spans: ['image:fluent/fluent-bit:3.0'],
        meta: { key: 'sidecars[0].image' },
      },
      { at: '17:12', image: 'busybox:1.36', spans: ['image:busybox:1.36'], meta: { key: 'initImage' } },
      {
        at: '20:17',
        image: 'ghcr.io/acme/app:2.4.1',
        spans: [],
        readOnlyReason: 'the tag comes from appVersion in charts/web/Chart.yaml',
        meta: { key: 'app.image' },
      },
      { at: '23:11', image: 'ghcr.io/acme/worker:2', spans: ['tag:2'], meta: { key: 'app.worker' } },
    ]);
    const first = scan(VALUES).references[0]!;
    expect(first.spans[1]).toEqual({
      start: VALUES.indexOf('""') + 1,
      end: VALUES.indexOf('""') + 1,
      form: 'digest',
    });
  });

  it('reports a repository without a tag as unresolved when there is no Chart.yaml', () => {
    const text = 'image:\n  repository: nginx\n';
    expect(
      summary(
        text,
        scanHelmValues('values.yaml', text, () => undefined),
      ),
    ).toEqual([
      { at: '2:15', image: 'nginx', spans: [], unresolved: 'tag has no value here', meta: { key: 'image' } },
    ]);
  });

  it('reports anchored images once, templates as unresolved, bad images as problems', () => {
    const text = [
      'defaults: &img',
      '  repository: redis',
      '  tag: "7.2"',
      'primary:',
      '  image: *img',
      'replica:',
      '  image: *img',
      'tpl:',
      '  image: "{{ .Values.registry }}/app:1"',
      'broken:',
      '  image: "Bad Image"',
      'ignored:',
      '  fooImage: "not an image!"',
      '  image: ""',
      '  other: { image: true }',
    ].join('\n');
    const result = scan(text);
    expect(summary(text, result)).toEqual([
      { at: '3:9', image: 'redis:7.2', spans: ['tag:7.2'], meta: { key: 'defaults' } },
      {
        at: '9:11',
        image: '{{ .Values.registry }}/app:1',
        spans: [],
        unresolved: '{{ .Values.registry }} has no value here',
        meta: { key: 'tpl.image' },
      },
    ]);
    expect(result.problems.map((p) => `${p.line}:${p.column} ${p.message.slice(0, 40)}`)).toEqual([
      '11:11 invalid image reference "Bad Image": it ',
    ]);
  });

  it('reports malformed YAML', () => {
    const result = scan('image:\n  tag: [1\n');
    expect(result.problems).toEqual([
      expect.objectContaining({ file: 'charts/web/values.yaml', line: 3, column: 1 }) as unknown,
    ]);
  });
});

describe('helm rewrite, byte for byte', () => {
  it('rewrites tag and fills or replaces digests, keeping comments, quotes and CRLF', () => {
    const text = awkward(VALUES);
    const result = scan(text);
    const out = rewriteAll(text, result, {
      'docker.io/bitnami/nginx:1.25.3-debian-11-r0': { tag: '1.27.0-debian-12-r1', digest: DIGEST },
      [`bitnami/nginx-exporter:1.10@${DIGEST}`]: { tag: '1.11' },
      'ghcr.io/acme/worker:2': { tag: '3' },
    });
    const expected = awkward(
      VALUES.replace('tag: 1.25.3-debian-11-r0   # bump me', 'tag: 1.27.0-debian-12-r1   # bump me')
        .replace('digest: ""', `digest: "${DIGEST}"`)
        .replace(`tag: 1.10\n    digest: ${DIGEST}`, 'tag: 1.11\n    digest: ')
        .replace('tag: "2"', 'tag: "3"'),
    );
    expect(out).toBe(expected);
  });
});
