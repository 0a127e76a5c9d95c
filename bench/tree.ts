/**
 * The reference tree for the full-check benchmark: Dockerfiles, compose files and Kubernetes manifests that
 * reference the corpus repositories at older tags (several references per repository, as in a monorepo).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { olderTag, prng, type CorpusRepo } from './corpus.js';

export interface TreeStats {
  readonly files: number;
  readonly references: number;
}

export function writeTree(
  root: string,
  corpus: readonly CorpusRepo[],
  registryHost: string,
  references: number,
  seed = 7,
): TreeStats {
  const rand = prng(seed);
  const refs: string[] = [];
  for (let i = 0; i < references; i++) {
    const repo = corpus[i % corpus.length]!;
    refs.push(`${registryHost}/${repo.name}:${olderTag(repo, rand)}`);
  }
  let files = 0;
  const put = (rel: string, text: string): void => {
    const path = join(root, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    files++;
  };
  // Slice the references into services of 1–6 references, each written in one of three formats.
  let i = 0;
  let svc = 0;
  while (i < refs.length) {
    const n = Math.min(refs.length - i, 1 + Math.floor(rand() * 6));
    const chunk = refs.slice(i, i + n);
    i += n;
    const dir = `services/svc-${String(svc++).padStart(3, '0')}`;
    switch (svc % 3) {
      case 0:
        put(`${dir}/Dockerfile`, chunk.map((r, k) => `FROM ${r} AS stage${k}\nRUN echo ${k}\n`).join('\n'));
        break;
      case 1:
        put(
          `${dir}/docker-compose.yml`,
          `services:\n${chunk.map((r, k) => `  s${k}:\n    image: ${r}\n    restart: unless-stopped\n`).join('')}`,
        );
        break;
      default:
        put(
          `${dir}/deploy.yaml`,
          chunk
            .map(
              (r, k) =>
                `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${k}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c${k}\n          image: ${r}\n`,
            )
            .join('---\n'),
        );
    }
  }
  return { files, references: refs.length };
}
