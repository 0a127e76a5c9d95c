import { describe, expect, it } from 'vitest';
import { awkward, rewriteAll, summary } from '../shared/testing.js';
import { kustomize, scanKustomization } from './index.js';

const DIGEST = `sha256:${'f'.repeat(64)}`;
const DIGEST2 = `sha256:${'1'.repeat(64)}`;
const TEXT = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [deployment.yaml]
images:
  - name: nginx            # from the base
    newTag: 1.21
  - name: app
    newName: ghcr.io/acme/app
    newTag: "2.0.1"
    digest: ${DIGEST}
  - name: pinned
    digest: '${DIGEST}'
  - name: renamed-only
    newName: quay.io/x/y
`;

describe('kustomize', () => {
  it.each([
    ['kustomization.yaml', true],
    ['overlays/prod/kustomization.yml', true],
    ['base/Kustomization', true],
    ['kustomization.json', false],
  ])('matches %s → %s', (path, expected) => expect(kustomize.matches(path)).toBe(expected));

  it('joins newName||name, newTag and digest; spans on newTag and digest', () => {
    expect(summary(TEXT, scanKustomization('kustomization.yaml', TEXT))).toEqual([
      { at: '6:13', image: 'nginx:1.21', spans: ['tag:1.21'], meta: { name: 'nginx' } },
      {
        at: '9:14',
        image: `ghcr.io/acme/app:2.0.1@${DIGEST}`,
        spans: ['tag:2.0.1', `digest:${DIGEST}`],
        meta: { name: 'app' },
      },
      { at: '12:14', image: `pinned@${DIGEST}`, spans: [`digest:${DIGEST}`], meta: { name: 'pinned' } },
    ]);
  });

  it('reports malformed YAML and invalid images', () => {
    const bad = scanKustomization('kustomization.yaml', 'images:\n  - name: x\n   newTag: 1\n');
    expect(bad.problems.map((p) => [p.line, p.column])).toEqual([[3, 1]]);
    const invalid = scanKustomization('kustomization.yaml', 'images:\n  - name: x\n    newTag: "a b"\n');
    expect(invalid.problems.map((p) => `${p.line}:${p.column} ${p.message.slice(0, 30)}`)).toEqual([
      '2:11 invalid image reference "x:a b',
    ]);
  });

  it('rewrites tags and digests byte for byte (CRLF, comments, quotes, no final newline)', () => {
    const text = awkward(TEXT);
    const out = rewriteAll(text, scanKustomization('kustomization.yaml', text), {
      'nginx:1.21': { tag: '1.27' },
      [`ghcr.io/acme/app:2.0.1@${DIGEST}`]: { tag: '2.1.0', digest: DIGEST2 },
      [`pinned@${DIGEST}`]: { digest: DIGEST2 },
    });
    const expected = awkward(
      TEXT.replace('newTag: 1.21', 'newTag: 1.27')
        .replace(`"2.0.1"\n    digest: ${DIGEST}`, `"2.1.0"\n    digest: ${DIGEST2}`)
        .replace(`'${DIGEST}'`, `'${DIGEST2}'`),
    );
    expect(out).toBe(expected);
  });
});
