import { describe, expect, it } from 'vitest';
import { awkward, rewriteAll, summary } from '../shared/testing.js';
import { kubernetes, scanKubernetes } from './index.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const scan = (text: string) => scanKubernetes('k8s/app.yaml', text);
const images = (text: string) => scan(text).references.map((r) => r.image);

const MANIFESTS = `# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: busybox:1.36 # init
      containers:
        - name: app
          image: "ghcr.io/acme/web:2.1.0"
        - name: sidecar
          image: &proxy envoyproxy/envoy:v1.30.1
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  ports: [{ port: 80 }]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: 'postgres:16'
            - name: again
              image: *proxy
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers: [{ name: c, image: alpine:3.19 }]
  ephemeralContainers:
    - name: dbg
      image: nicolaka/netshoot@${DIGEST}
`;

describe('kubernetes.matches', () => {
  it('matches YAML by name, then by content', () => {
    expect(kubernetes.matches('a/b.yaml')).toBe(true);
    expect(kubernetes.matches('a/b.json')).toBe(false);
    expect(kubernetes.matches('a/b.yml', MANIFESTS)).toBe(true);
    expect(kubernetes.matches('a/b.yml', 'apiVersion: v1\nkind: ConfigMap\n')).toBe(false);
    expect(kubernetes.matches('a/b.yml', 'kind: Pod\n')).toBe(false);
    expect(kubernetes.matches('t/deploy.yaml', `{{- if .Values.x }}\n${MANIFESTS}{{ end }}`)).toBe(false);
  });
});

describe('scanKubernetes', () => {
  it('finds containers, initContainers and ephemeralContainers in every workload document', () => {
    expect(summary(MANIFESTS, scan(MANIFESTS))).toEqual([
      {
        at: '11:18',
        image: 'busybox:1.36',
        spans: ['image:busybox:1.36'],
        meta: { kind: 'Deployment', name: 'web', container: 'init' },
      },
      {
        at: '14:19',
        image: 'ghcr.io/acme/web:2.1.0',
        spans: ['image:ghcr.io/acme/web:2.1.0'],
        meta: { kind: 'Deployment', name: 'web', container: 'app' },
      },
      {
        at: '16:25',
        image: 'envoyproxy/envoy:v1.30.1',
        spans: ['image:envoyproxy/envoy:v1.30.1'],
        meta: { kind: 'Deployment', name: 'web', container: 'sidecar' },
      },
      {
        at: '35:23',
        image: 'postgres:16',
        spans: ['image:postgres:16'],
        meta: { kind: 'CronJob', name: 'nightly', container: 'job' },
      },
      {
        at: '44:34',
        image: 'alpine:3.19',
        spans: ['image:alpine:3.19'],
        meta: { kind: 'Pod', name: 'debug', container: 'c' },
      },
      {
        at: '47:14',
        image: `nicolaka/netshoot@${DIGEST}`,
        spans: [`image:nicolaka/netshoot@${DIGEST}`],
        meta: { kind: 'Pod', name: 'debug', container: 'dbg' },
      },
    ]);
  });

  it('reads every workload kind at its own path, and List items', () => {
    const pod = (image: string) => `spec:\n  containers:\n    - image: ${image}\n`;
    const tpl = (image: string) =>
      `spec:\n  template:\n    spec:\n      containers:\n        - image: ${image}\n`;
    const text = [
      `apiVersion: v1\nkind: ReplicationController\n${tpl('a:1')}`,
      `apiVersion: v1\nkind: PodTemplate\ntemplate:\n  spec:\n    containers:\n      - image: b:1\n`,
      `apiVersion: apps/v1\nkind: StatefulSet\n${tpl('c:1')}`,
      `apiVersion: apps/v1\nkind: DaemonSet\n${tpl('d:1')}`,
      `apiVersion: apps/v1\nkind: ReplicaSet\n${tpl('e:1')}`,
      `apiVersion: batch/v1\nkind: Job\n${tpl('f:1')}`,
      `apiVersion: v1\nkind: Deployment\n${pod('wrong-path:1')}`,
      `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    spec:\n      containers:\n        - image: g:1\n`,
      `kind: Pod\n${pod('no-api-version:1')}`,
    ].join('---\n');
    expect(images(text)).toEqual(['a:1', 'b:1', 'c:1', 'd:1', 'e:1', 'f:1', 'g:1']);
  });

  it('skips Helm templates quietly', () => {
    expect(scan(`${MANIFESTS}\n  replicas: {{ .Values.replicas }}\n`)).toEqual({
      references: [],
      problems: [],
    });
  });

  it('reports a malformed document and still reads the others', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: a:1\n---\napiVersion: v1\nkind: Pod\nspec: [\n---\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: UPPER:1\n    - image: {}\n';
    const result = scan(text);
    expect(result.references.map((r) => r.image)).toEqual(['a:1']);
    expect(result.problems.map((p) => `${p.line}:${p.column} ${p.message.slice(0, 40)}`)).toEqual([
      '10:1 YAML: Flow sequence in block collection ',
      '15:14 invalid image reference "UPPER:1": repos',
      '16:14 Pod containers[].image must be a string',
    ]);
  });
});

describe('kubernetes rewrite, byte for byte', () => {
  it('rewrites plain, double- and single-quoted values with CRLF and no final newline', () => {
    const text = awkward(MANIFESTS);
    const out = rewriteAll(text, scan(text), {
      'busybox:1.36': { tag: '1.37' },
      'ghcr.io/acme/web:2.1.0': { tag: '2.2.0', digest: DIGEST },
      'envoyproxy/envoy:v1.30.1': { tag: 'v1.31.0' },
      'postgres:16': { tag: '17' },
      [`nicolaka/netshoot@${DIGEST}`]: { tag: 'v0.13', keepDigest: true },
    });
    const expected = awkward(
      MANIFESTS.replace('busybox:1.36 # init', 'busybox:1.37 # init')
        .replace('"ghcr.io/acme/web:2.1.0"', `"ghcr.io/acme/web:2.2.0@${DIGEST}"`)
        .replace('&proxy envoyproxy/envoy:v1.30.1', '&proxy envoyproxy/envoy:v1.31.0')
        .replace("'postgres:16'", "'postgres:17'")
        .replace(`netshoot@${DIGEST}`, `netshoot:v0.13@${DIGEST}`),
    );
    expect(out).toBe(expected);
  });
});
