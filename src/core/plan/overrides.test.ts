/** Per-reference overrides (container labels), running digests, and discovery errors/skips in the plan. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_SETTINGS, type Policy, type PolicySettings } from '../policy/index.js';
import { assemble, classify, needsOf, type PlanInput, type Subject, type SubjectFacts } from './plan.js';

const D_OLD = `sha256:${'a'.repeat(64)}`;
const D_NEW = `sha256:${'b'.repeat(64)}`;

const container = (image: string, extra: Partial<PlanInput> = {}): PlanInput => ({
  kind: 'container',
  image,
  file: null,
  line: null,
  column: null,
  container: 'web',
  host: 'local',
  runningDigest: D_OLD,
  ...extra,
});

const policy = (settings: Partial<PolicySettings> = {}, extra: Partial<Policy> = {}): Policy => ({
  defaults: { ...DEFAULT_POLICY_SETTINGS, ...settings },
  rules: [],
  ignore: [],
  ...extra,
});

function subject(input: PlanInput, p: Policy = policy()): Subject {
  const c = classify(input, p);
  if (c.kind !== 'check') throw new Error(`expected a subject, got ${JSON.stringify(c.entry)}`);
  return c.subject;
}

const facts = (tags: string[] | null, digests: Record<string, string> = {}): SubjectFacts => ({
  tags,
  digestOf: (tag) => digests[tag] ?? null,
  createdOf: () => null,
  firstSeenOf: () => null,
  now: new Date('2026-11-27T12:00:00Z'),
});

const labels = (
  settings: Partial<PolicySettings>,
  sources: Partial<Record<keyof PolicySettings, string>>,
) => ({
  overrides: { settings, sources },
});

describe('running containers: the running digest is the digest', () => {
  it('a mutable tag is checked by digest without pinDigests, and drift is a digest update', () => {
    const s = subject(container('127.0.0.1:5000/team/app:latest'));
    expect(s).toMatchObject({ mode: 'digest', digest: D_OLD, pinnable: false });
    // Candidates' digests are only needed to write them into a file: a container skips those look-ups.
    expect(needsOf(s)).toEqual({
      tags: false,
      currentDigest: true,
      candidateDigests: false,
      candidateCreated: false,
    });
    const entry = assemble(s, facts(null, { latest: D_NEW }));
    expect(entry).toMatchObject({
      kind: 'container',
      container: 'web',
      host: 'local',
      file: null,
      line: null,
      digest: D_OLD,
      status: 'update-available',
      updates: [{ type: 'digest', tag: 'latest', digest: D_NEW, reasons: [] }],
    });
    expect(assemble(s, facts(null, { latest: D_OLD }))).toMatchObject({ status: 'up-to-date', updates: [] });
  });

  it('a version tag gets version candidates and the drift of its own tag', () => {
    const s = subject(container('nginx:1.27.1'));
    const entry = assemble(
      s,
      facts(['1.27.1', '1.27.2', '1.28.0'], { '1.27.1': D_NEW, '1.27.2': D_NEW, '1.28.0': D_NEW }),
    );
    expect(entry.updates.map((u) => [u.type, u.tag, u.digest])).toEqual([
      ['patch', '1.27.2', null],
      ['minor', '1.28.0', null],
      ['digest', '1.27.1', D_NEW],
    ]);
  });

  it('never pins a container, even with pinDigests', () => {
    const s = subject(container('nginx:1.27.1'), policy({ pinDigests: true }));
    expect(assemble(s, facts(['1.27.1'], { '1.27.1': D_OLD })).updates).toEqual([]);
  });

  it('skips a mutable tag whose running digest is unknown, saying why', () => {
    const c = classify(container('team/app:latest', { runningDigest: null }), policy({ pinDigests: true }));
    expect(c).toMatchObject({
      kind: 'done',
      entry: {
        status: 'skipped',
        digest: null,
        skipReason:
          'tag "latest" is not a version and the running digest is unknown (the image was not pulled from a registry)',
      },
    });
  });
});

describe('overrides', () => {
  it('win over rules, and reasons name the label', () => {
    const p = policy(
      {},
      { rules: [{ matchKinds: ['container'], settings: { updateTypes: ['patch', 'minor', 'major'] } }] },
    );
    const s = subject(
      container(
        'nginx:1.27.1',
        labels({ updateTypes: ['patch', 'digest'] }, { updateTypes: 'label shipshape.update=patch' }),
      ),
      p,
    );
    expect(s.settings.updateTypes).toEqual(['patch', 'digest']);
    expect(s.origin.updateTypes).toBe('label shipshape.update=patch');
    const entry = assemble(s, facts(['1.27.1', '1.27.2', '2.0.0'], {}));
    expect(entry.updates.map((u) => u.tag)).toEqual(['1.27.2']);
    expect(entry.held).toEqual([
      {
        type: 'major',
        tag: '2.0.0',
        digest: null,
        reasons: ['update type major not allowed by label shipshape.update=patch'],
      },
    ]);
  });

  it('fields the labels do not set keep the policy’s origin', () => {
    const s = subject(
      container('nginx:1.27.1', labels({ group: 'web' }, { group: 'label shipshape.group' })),
      policy({}, { rules: [{ settings: { exclude: ['*-rc'] } }] }),
    );
    expect(s.origin).toMatchObject({ group: 'label shipshape.group', exclude: 1, updateTypes: null });
    expect(s.settings.group).toBe('web');
  });

  it('include and exclude from labels filter candidates', () => {
    const s = subject(
      container('nginx:1.27.1', labels({ exclude: ['1.28.*'] }, { exclude: 'label shipshape.exclude' })),
    );
    const entry = assemble(s, facts(['1.27.1', '1.28.0'], {}));
    expect(entry.updates).toEqual([]);
  });

  it('a label can disable a reference: skipped, by the label', () => {
    const c = classify(
      container('nginx:1.27.1', labels({ enabled: false }, { enabled: 'label shipshape.enable=false' })),
      policy(),
    );
    expect(c).toMatchObject({
      kind: 'done',
      entry: { status: 'skipped', skipReason: 'disabled by label shipshape.enable=false' },
    });
  });

  it('a label can enable what the policy disabled', () => {
    const p = policy({}, { rules: [{ matchKinds: ['container'], settings: { enabled: false } }] });
    expect(classify(container('nginx:1.27.1'), p)).toMatchObject({
      entry: { skipReason: 'disabled by rule #1' },
    });
    expect(
      classify(
        container('nginx:1.27.1', labels({ enabled: true }, { enabled: 'label shipshape.enable=true' })),
        p,
      ).kind,
    ).toBe('check');
  });

  it('policy.ignore still wins', () => {
    const c = classify(
      container('nginx:1.27.1', labels({ enabled: true }, {})),
      policy({}, { ignore: ['nginx'] }),
    );
    expect(c).toMatchObject({ entry: { status: 'skipped', skipReason: 'ignored by "nginx"' } });
  });
});

describe('discovery errors and skips', () => {
  it('an error from discovery is the entry’s error, with the image parsed', () => {
    const c = classify(
      container('nginx:1.27.1', { error: 'label shipshape.update: invalid value "mjaor"' }),
      policy(),
    );
    expect(c).toMatchObject({
      kind: 'done',
      entry: {
        status: 'error',
        error: 'label shipshape.update: invalid value "mjaor"',
        repository: 'library/nginx',
        digest: D_OLD,
        container: 'web',
      },
    });
  });

  it('a skip from discovery is the skip reason', () => {
    const c = classify(
      container('sha256:abc', { skip: 'started from an image id', runningDigest: null }),
      policy(),
    );
    expect(c).toMatchObject({
      kind: 'done',
      entry: {
        status: 'skipped',
        skipReason: 'started from an image id',
        registry: null,
        image: 'sha256:abc',
      },
    });
  });

  it('file references are unchanged: no running digest, pinning allowed', () => {
    const c = classify(
      { kind: 'dockerfile', image: 'nginx:latest', file: 'Dockerfile', line: 1, column: 6 },
      policy({ pinDigests: true }),
    );
    expect(c).toMatchObject({ kind: 'check', subject: { digest: null, pinnable: true } });
  });
});
