import { describe, expect, it } from 'vitest';
import { imageNames, resolvePolicy } from './resolve.js';
import { DEFAULT_POLICY_SETTINGS, type Policy, type PolicyRule, type PolicySubject } from './types.js';

const hub = (repository: string) => ({ registry: 'docker.io', repository });
const policy = (rules: PolicyRule[], ignore: string[] = []): Policy => ({
  defaults: DEFAULT_POLICY_SETTINGS,
  rules,
  ignore,
});
const subject = (image: PolicySubject['image'], file?: string, kind?: string): PolicySubject => ({
  image,
  ...(file === undefined ? {} : { file }),
  ...(kind === undefined ? {} : { kind }),
});

describe('imageNames', () => {
  it.each([
    [hub('library/nginx'), ['nginx', 'docker.io/library/nginx', 'docker.io/nginx']],
    [hub('bitnami/redis'), ['bitnami/redis', 'docker.io/bitnami/redis']],
    [{ registry: 'ghcr.io', repository: 'o/r' }, ['ghcr.io/o/r']],
    [{ registry: 'localhost:5000', repository: 'app' }, ['localhost:5000/app']],
  ])('%j → %j', (image, names) => {
    expect(imageNames(image)).toEqual(names);
  });
});

describe('resolvePolicy: which rules match', () => {
  const rules: PolicyRule[] = [
    { matchImages: ['postgres'], settings: { group: 'db' } },
    { matchImages: ['ghcr.io/acme/*'], settings: { group: 'acme' } },
    { matchImages: ['docker.io/**'], settings: { pinDigests: true } },
    { matchPaths: ['db/**'], settings: { minimumReleaseAgeMs: 1 } },
    { matchKinds: ['compose'], settings: { versioning: 'semver' } },
    { matchImages: ['redis', 'bitnami/*'], matchPaths: ['cache/*.yaml'], settings: { enabled: false } },
  ];
  it.each([
    ['familiar official name', subject(hub('library/postgres')), [1, 3]],
    ['full name glob', subject(hub('bitnami/redis')), [3]],
    ['* stays in one segment', subject({ registry: 'ghcr.io', repository: 'acme/team/api' }), []],
    ['* within the segment', subject({ registry: 'ghcr.io', repository: 'acme/api' }), [2]],
    ['path glob', subject({ registry: 'ghcr.io', repository: 'x' }, 'db/prod/compose.yaml'), [4]],
    ['./ prefix ignored', subject({ registry: 'ghcr.io', repository: 'x' }, './db/compose.yaml'), [4]],
    ['no file: path rules skip', subject({ registry: 'ghcr.io', repository: 'x' }), []],
    ['kind', subject({ registry: 'ghcr.io', repository: 'x' }, 'a.yaml', 'compose'), [5]],
    ['no kind: kind rules skip', subject({ registry: 'ghcr.io', repository: 'x' }, 'a.yaml'), []],
    ['all lists must match', subject(hub('bitnami/redis'), 'cache/r.yaml'), [3, 6]],
    ['one list failing fails the rule', subject(hub('bitnami/redis'), 'cache/sub/r.yaml'), [3]],
  ])('%s', (_name, s, matched) => {
    expect(resolvePolicy(policy(rules), s).matchedRules).toEqual(matched);
  });

  it('a rule without match lists applies to everything', () => {
    const r = resolvePolicy(policy([{ settings: { group: 'all' } }]), subject(hub('library/nginx')));
    expect(r.matchedRules).toEqual([1]);
    expect(r.settings.group).toBe('all');
  });
});

describe('resolvePolicy: override order', () => {
  const rules: PolicyRule[] = [
    { matchImages: ['postgres'], settings: { updateTypes: ['patch'], group: 'db', exclude: ['/-rc/'] } },
    { matchPaths: ['db/**'], settings: { updateTypes: ['patch', 'minor'], minimumReleaseAgeMs: 7 } },
    { matchImages: ['nginx'], settings: { enabled: false } },
  ];

  it('later rules override earlier ones field by field; origin records who set what', () => {
    const r = resolvePolicy(policy(rules), subject(hub('library/postgres'), 'db/compose.yaml'));
    expect(r.matchedRules).toEqual([1, 2]);
    expect(r.settings).toEqual({
      ...DEFAULT_POLICY_SETTINGS,
      updateTypes: ['patch', 'minor'],
      group: 'db',
      exclude: ['/-rc/'],
      minimumReleaseAgeMs: 7,
    });
    expect(r.origin).toMatchObject({
      updateTypes: 2,
      group: 1,
      exclude: 1,
      minimumReleaseAgeMs: 2,
      enabled: null,
    });
  });

  it('leaves the policy untouched', () => {
    const p = policy(rules);
    resolvePolicy(p, subject(hub('library/postgres'), 'db/compose.yaml'));
    expect(p.defaults).toBe(DEFAULT_POLICY_SETTINGS);
    expect(DEFAULT_POLICY_SETTINGS.updateTypes).toEqual(['patch', 'minor', 'major', 'digest']);
  });

  it('no matching rule: the defaults, all from defaults', () => {
    const r = resolvePolicy(policy(rules), subject(hub('library/redis')));
    expect(r.settings).toEqual(DEFAULT_POLICY_SETTINGS);
    expect(Object.values(r.origin).every((o) => o === null)).toBe(true);
  });
});

describe('resolvePolicy: ignore', () => {
  const p = policy([], ['busybox', 'ghcr.io/acme/*']);
  it.each([
    [hub('library/busybox'), 'busybox'],
    [{ registry: 'ghcr.io', repository: 'acme/api' }, 'ghcr.io/acme/*'],
    [{ registry: 'ghcr.io', repository: 'acme/a/b' }, null],
    [hub('library/nginx'), null],
  ])('%j ignored by %s', (image, by) => {
    expect(resolvePolicy(p, subject(image)).ignoredBy).toBe(by);
  });
});
