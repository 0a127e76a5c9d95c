import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_SETTINGS, type Policy, type PolicySettings } from '../policy/index.js';
import { assemble, classify, needsOf, type PlanInput, type Subject, type SubjectFacts } from './plan.js';

const input = (image: string, extra: Partial<PlanInput> = {}): PlanInput => ({
  kind: 'dockerfile',
  image,
  file: 'Dockerfile',
  line: 1,
  column: 6,
  ...extra,
});

const policy = (settings: Partial<PolicySettings> = {}, extra: Partial<Policy> = {}): Policy => ({
  defaults: { ...DEFAULT_POLICY_SETTINGS, ...settings },
  rules: [],
  ignore: [],
  ...extra,
});

function subjectOf(image: string, p: Policy = policy()): Subject {
  const c = classify(input(image), p);
  if (c.kind !== 'check') throw new Error(`expected a subject, got ${JSON.stringify(c.entry)}`);
  return c.subject;
}

const facts = (
  tags: string[] | { error: string } | null,
  extra: Partial<SubjectFacts> = {},
): SubjectFacts => ({
  tags,
  digestOf: () => null,
  createdOf: () => null,
  firstSeenOf: () => null,
  now: new Date('2026-11-27T12:00:00Z'),
  ...extra,
});

const NGINX = [
  '1.21.1-alpine',
  '1.21.6-alpine',
  '1.22.0-alpine',
  '1.27.5-alpine',
  '1.27.5',
  '1.27.5-alpine3.20',
  '2.0.0-alpine',
  'latest',
];

describe('classify', () => {
  it('skips unresolved references with the reason', () => {
    const c = classify(input('nginx:${TAG}', { unresolved: 'variable TAG has no value' }), policy());
    expect(c).toMatchObject({
      kind: 'done',
      entry: { status: 'skipped', skipReason: 'unresolved: variable TAG has no value' },
    });
  });

  it('reports an unparsable image as an error naming it', () => {
    const c = classify(input('Nginx:1'), policy());
    expect(c.kind).toBe('done');
    if (c.kind === 'done') {
      expect(c.entry.status).toBe('error');
      expect(c.entry.error).toContain('"Nginx:1"');
    }
  });

  it('skips ignored images', () => {
    const c = classify(input('busybox:1.36'), policy({}, { ignore: ['busybox'] }));
    expect(c).toMatchObject({
      kind: 'done',
      entry: { status: 'skipped', skipReason: 'ignored by "busybox"' },
    });
  });

  it('skips a mutable tag without digest unless pinning is on', () => {
    expect(classify(input('nginx:latest'), policy())).toMatchObject({
      kind: 'done',
      entry: { status: 'skipped' },
    });
    expect(classify(input('nginx'), policy({ pinDigests: true })).kind).toBe('check');
  });

  it('tracks a non-version tag with a digest by digest', () => {
    const s = subjectOf(`nginx:latest@sha256:${'a'.repeat(64)}`);
    expect(s.mode).toBe('digest');
    expect(needsOf(s)).toEqual({
      tags: false,
      currentDigest: true,
      candidateDigests: true,
      candidateCreated: false,
    });
  });

  it('needs only the tag list for a plain versioned reference', () => {
    expect(needsOf(subjectOf('nginx:1.21.1-alpine'))).toEqual({
      tags: true,
      currentDigest: false,
      candidateDigests: false,
      candidateCreated: false,
    });
  });
});

describe('assemble', () => {
  it('lists the newest patch, minor and major, in that order, with the same suffix and precision', () => {
    const r = assemble(subjectOf('nginx:1.21.1-alpine'), facts(NGINX));
    expect(r.status).toBe('update-available');
    expect(r.updates.map((u) => [u.type, u.tag])).toEqual([
      ['patch', '1.21.6-alpine'],
      ['minor', '1.27.5-alpine'],
      ['major', '2.0.0-alpine'],
    ]);
    expect(r).toMatchObject({
      registry: 'docker.io',
      repository: 'library/nginx',
      tag: '1.21.1-alpine',
      digest: null,
    });
  });

  it('is up to date when nothing newer exists', () => {
    const r = assemble(subjectOf('nginx:2.0.0-alpine'), facts(NGINX));
    expect(r).toMatchObject({ status: 'up-to-date', updates: [], error: null });
  });

  it('holds disallowed update types with reasons instead of listing them', () => {
    const r = assemble(
      subjectOf('nginx:1.21.1-alpine', policy({ updateTypes: ['patch', 'minor'] })),
      facts(NGINX),
    );
    expect(r.updates.map((u) => u.type)).toEqual(['patch', 'minor']);
    expect(r.held?.map((h) => h.type)).toEqual(['major']);
    expect(r.held?.[0]?.reasons.join(' ')).toMatch(/major not allowed/);
  });

  it('holds candidates younger than the minimum release age', () => {
    const s = subjectOf('nginx:1.21.1-alpine', policy({ minimumReleaseAgeMs: 3 * 86_400_000 }));
    expect(needsOf(s).candidateCreated).toBe(true);
    const r = assemble(
      s,
      facts(NGINX, {
        createdOf: (t) =>
          t === '2.0.0-alpine' ? new Date('2026-11-26T12:00:00Z') : new Date('2026-01-01T00:00:00Z'),
      }),
    );
    expect(r.updates.map((u) => u.tag)).toEqual(['1.21.6-alpine', '1.27.5-alpine']);
    expect(r.held).toHaveLength(1);
    expect(r.held?.[0]?.reasons.join(' ')).toMatch(/younger than 3 days/);
  });

  it('reports digest drift of a pinned tag and pins candidates', () => {
    const old = `sha256:${'a'.repeat(64)}`;
    const now = `sha256:${'b'.repeat(64)}`;
    const next = `sha256:${'c'.repeat(64)}`;
    const s = subjectOf(`nginx:1.27.5-alpine@${old}`);
    const r = assemble(
      s,
      facts(NGINX, { digestOf: (t) => (t === '1.27.5-alpine' ? now : t === '2.0.0-alpine' ? next : null) }),
    );
    expect(r.updates).toEqual([
      { type: 'major', tag: '2.0.0-alpine', digest: next, reasons: [] },
      { type: 'digest', tag: '1.27.5-alpine', digest: now, reasons: [] },
    ]);
  });

  it('offers a pin when pinning is on and the reference has no digest', () => {
    const d = `sha256:${'d'.repeat(64)}`;
    const r = assemble(
      subjectOf('nginx:2.0.0-alpine', policy({ pinDigests: true })),
      facts(NGINX, { digestOf: () => d }),
    );
    expect(r.updates).toEqual([{ type: 'pin', tag: '2.0.0-alpine', digest: d, reasons: [] }]);
  });

  it('is an error when the tag list could not be fetched, naming the cause', () => {
    const r = assemble(
      subjectOf('nginx:1.21.1-alpine'),
      facts({ error: '[registry:docker.io] repository not found' }),
    );
    expect(r).toMatchObject({
      status: 'error',
      error: '[registry:docker.io] repository not found',
      updates: [],
    });
  });

  it('keeps allowed updates when only a digest look-up failed, saying why the digest is missing', () => {
    const s = subjectOf('nginx:1.21.1-alpine', policy({ pinDigests: true }));
    const r = assemble(s, facts(NGINX, { digestOf: () => ({ error: 'timeout' }) }));
    expect(r.status).toBe('update-available');
    expect(r.updates[0]).toMatchObject({
      type: 'patch',
      digest: null,
      reasons: ['digest unavailable: timeout'],
    });
    expect(r.error).toBe('timeout');
  });
});
