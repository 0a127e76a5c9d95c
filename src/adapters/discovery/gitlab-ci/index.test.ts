import { describe, expect, it } from 'vitest';
import { awkward, rewriteAll, summary } from '../shared/testing.js';
import { gitlabCi, scanGitlabCi } from './index.js';

const TEXT = `variables:
  PY_VERSION: "3.12"
  REGISTRY: registry.example.com
image: python:\${PY_VERSION}-slim
services:
  - docker:24-dind
default:
  image: alpine:3.19
.template: &tpl
  image:
    name: "node:20"
    entrypoint: [""]
build:
  <<: *tpl
  script: [make]
test:
  variables:
    PY_VERSION: "3.11"
  image: $REGISTRY/tools/python:$PY_VERSION
  services:
    - name: postgres:16
      alias: db
    - $CI_REGISTRY_IMAGE/helper:latest
    - !reference [.shared, services]
stages: [build, test]
`;

describe('gitlabCi', () => {
  it.each([
    ['.gitlab-ci.yml', true],
    ['ci/build.gitlab-ci.yml', true],
    ['gitlab-ci.yml', false],
    ['.gitlab-ci.json', false],
  ])('matches %s → %s', (path, expected) => expect(gitlabCi.matches(path)).toBe(expected));

  it('finds top-level, default, template and job images and services, expanding variables', () => {
    expect(summary(TEXT, scanGitlabCi('.gitlab-ci.yml', TEXT))).toEqual([
      { at: '4:8', image: 'python:3.12-slim', spans: [], readOnlyReason: 'the tag comes from several parts' },
      { at: '6:5', image: 'docker:24-dind', spans: ['image:docker:24-dind'], meta: { service: '0' } },
      { at: '8:10', image: 'alpine:3.19', spans: ['image:alpine:3.19'] },
      { at: '11:12', image: 'node:20', spans: ['image:node:20'], meta: { job: '.template' } },
      {
        at: '19:10',
        image: 'registry.example.com/tools/python:3.11',
        spans: ['tag:3.11'],
        meta: { job: 'test' },
      },
      {
        at: '21:13',
        image: 'postgres:16',
        spans: ['image:postgres:16'],
        meta: { job: 'test', service: '0' },
      },
      {
        at: '23:7',
        image: '$CI_REGISTRY_IMAGE/helper:latest',
        spans: [],
        unresolved: 'CI_REGISTRY_IMAGE has no value here',
        meta: { job: 'test', service: '1' },
      },
    ]);
  });

  it('reports malformed YAML and invalid images', () => {
    const result = scanGitlabCi('.gitlab-ci.yml', 'job:\n  image: [a]\nother:\n  image: "a b"\n');
    expect(result.problems.map((p) => `${p.line}:${p.column} ${p.message.slice(0, 30)}`)).toEqual([
      '2:10 job.image must be a string or ',
      '4:11 invalid image reference "a b":',
    ]);
    expect(scanGitlabCi('.gitlab-ci.yml', 'image: "x\n').problems.map((p) => [p.line, p.column])).toEqual([
      [2, 1],
    ]);
  });

  it('rewrites byte for byte, including a tag held in a job variable', () => {
    const text = awkward(TEXT);
    const out = rewriteAll(text, scanGitlabCi('.gitlab-ci.yml', text), {
      'docker:24-dind': { tag: '27-dind' },
      'node:20': { tag: '22' },
      'registry.example.com/tools/python:3.11': { tag: '3.13' },
    });
    const expected = awkward(
      TEXT.replace('docker:24-dind', 'docker:27-dind')
        .replace('"node:20"', '"node:22"')
        .replace('PY_VERSION: "3.11"', 'PY_VERSION: "3.13"'),
    );
    expect(out).toBe(expected);
  });
});
