import { describe, expect, it } from 'vitest';
import { discovererFor, discoverers, scanFile } from './index.js';

const POD = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: a:1\n';

describe('discovery registry', () => {
  it('registers one adapter per kind under its own name', () => {
    for (const [kind, adapter] of Object.entries(discoverers)) expect(adapter.kind).toBe(kind);
  });

  it.each([
    ['Dockerfile', undefined, 'dockerfile'],
    ['compose.yaml', POD, 'compose'],
    ['overlays/kustomization.yaml', POD, 'kustomize'],
    ['.github/workflows/ci.yml', POD, 'github-actions'],
    ['.gitlab-ci.yml', POD, 'gitlab-ci'],
    ['charts/x/values.yaml', POD, 'helm'],
    ['k8s/pod.yaml', POD, 'kubernetes'],
    ['k8s/pod.yaml', undefined, 'kubernetes'],
    ['k8s/config.yaml', 'apiVersion: v1\nkind: ConfigMap\n', undefined],
    ['README.md', undefined, undefined],
  ])('%s → %s', (path, text, kind) => {
    expect(discovererFor(path, text)?.kind).toBe(kind);
  });

  it('scanFile returns nothing for files no adapter takes', () => {
    expect(scanFile('k8s/config.yaml', 'kind: ConfigMap\n', () => undefined)).toEqual({
      references: [],
      problems: [],
    });
    expect(scanFile('k8s/pod.yaml', POD, () => undefined).references.map((r) => r.kind)).toEqual([
      'kubernetes',
    ]);
  });
});
