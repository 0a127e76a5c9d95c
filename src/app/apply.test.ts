import { describe, expect, it } from 'vitest';
import type { ReportReference, ReportUpdate } from '../core/plan/report.js';
import { DEFAULT_POLICY_SETTINGS, type Policy } from '../core/policy/index.js';
import { applyReplacements } from '../core/rewrite/index.js';
import type { FileReference } from '../ports/source.js';
import {
  chooseUpdate,
  commitMessage,
  commitUnits,
  imageSelected,
  planApply,
  withPinnedDigests,
  type ApplyItem,
  type ApplySelection,
} from './apply-plan.js';

const D0 = `sha256:${'0'.repeat(64)}`;
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const D3 = `sha256:${'3'.repeat(64)}`;

const ALL: ApplySelection = { types: null, only: [], pinDigests: false };
const policy = (over: Partial<Policy> = {}): Policy => ({
  defaults: DEFAULT_POLICY_SETTINGS,
  rules: [],
  ignore: [],
  ...over,
});

const up = (type: ReportUpdate['type'], tag: string | null, digest: string | null = null): ReportUpdate => ({
  type,
  tag,
  digest,
  reasons: [],
});

function entry(image: string, over: Partial<ReportReference> = {}): ReportReference {
  const [named = '', digest = null] = image.split('@');
  const [name = '', tag = null] = named.split(/:(?=[^/]*$)/);
  return {
    file: 'compose.yaml',
    line: 3,
    column: 12,
    kind: 'compose',
    image,
    registry: 'docker.io',
    repository: name.includes('/') ? name : `library/${name}`,
    tag,
    digest,
    status: 'update-available',
    updates: [],
    error: null,
    ...over,
  };
}

describe('chooseUpdate', () => {
  const nginx = entry('nginx:1.25.3', {
    updates: [up('patch', '1.25.4'), up('minor', '1.26.0'), up('major', '2.0.0')],
  });

  it('takes the most conservative update the selection allows', () => {
    expect(chooseUpdate(nginx, ALL, false)).toEqual({
      kind: 'update',
      type: 'patch',
      newTag: '1.25.4',
      newDigest: null,
      from: { tag: '1.25.3', digest: null },
      to: { tag: '1.25.4', digest: null },
    });
    expect(chooseUpdate(nginx, { ...ALL, types: ['major', 'minor'] }, false)).toMatchObject({
      type: 'minor',
      newTag: '1.26.0',
    });
    expect(chooseUpdate(nginx, { ...ALL, types: ['major'] }, false)).toMatchObject({ type: 'major' });
  });

  it('does not trust the report order', () => {
    const shuffled = {
      ...nginx,
      updates: [up('major', '2.0.0'), up('digest', '1.25.3', D1), up('minor', '1.26')],
    };
    expect(chooseUpdate(shuffled, ALL, false)).toMatchObject({ type: 'minor' });
  });

  it('lists a reference whose updates are all filtered out, without failing', () => {
    expect(chooseUpdate(nginx, { ...ALL, types: ['digest', 'pin'] }, false)).toEqual({
      kind: 'skip',
      reason: 'no digest, pin update (available: patch 1.25.4, minor 1.26.0, major 2.0.0)',
      failed: false,
    });
  });

  it('keeps a digest when the reference has one: the new tag gets the digest the registry gave', () => {
    const pinned = entry(`nginx:1.25.3@${D0}`, {
      updates: [up('patch', '1.25.4', D1), up('digest', '1.25.3', D2)],
    });
    expect(chooseUpdate(pinned, ALL, false)).toMatchObject({
      type: 'patch',
      newTag: '1.25.4',
      newDigest: D1,
      from: { tag: '1.25.3', digest: D0 },
      to: { tag: '1.25.4', digest: D1 },
    });
    expect(chooseUpdate(pinned, { ...ALL, types: ['digest'] }, false)).toMatchObject({
      type: 'digest',
      newTag: null,
      newDigest: D2,
      to: { tag: '1.25.3', digest: D2 },
    });
  });

  it('fails rather than unpin when the wanted digest is unavailable', () => {
    const pinned = entry(`nginx:1.25.3@${D0}`, {
      updates: [{ ...up('patch', '1.25.4', null), reasons: ['digest unavailable: [registry] timeout'] }],
    });
    expect(chooseUpdate(pinned, ALL, false)).toEqual({
      kind: 'skip',
      reason: 'patch 1.25.4: digest unavailable: [registry] timeout',
      failed: true,
    });
    expect(
      chooseUpdate(entry('nginx:1.25.3', { updates: [up('patch', '1.25.4')] }), ALL, true),
    ).toMatchObject({
      kind: 'skip',
      failed: true,
    });
  });

  it('pins with pinning on: version updates carry their digest, a pin keeps the tag', () => {
    const withDigests = entry('nginx:1.25.3', {
      updates: [up('patch', '1.25.4', D1), up('pin', '1.25.3', D2)],
    });
    expect(chooseUpdate(withDigests, ALL, true)).toMatchObject({ newTag: '1.25.4', newDigest: D1 });
    const latest = entry('nginx:latest', { updates: [up('pin', 'latest', D2)] });
    expect(chooseUpdate(latest, { ...ALL, types: ['patch'], pinDigests: true }, true)).toMatchObject({
      type: 'pin',
      newTag: null,
      newDigest: D2,
      to: { tag: 'latest', digest: D2 },
    });
    // Without --pin-digests, --type decides about pins too.
    expect(chooseUpdate(latest, { ...ALL, types: ['patch'] }, true)).toMatchObject({
      kind: 'skip',
      failed: false,
    });
  });

  it('passes on skipped and failed check entries, and ignores up-to-date ones', () => {
    expect(
      chooseUpdate(entry('nginx:1', { status: 'skipped', skipReason: 'ignored by "nginx"' }), ALL, false),
    ).toEqual({ kind: 'skip', reason: 'ignored by "nginx"', failed: false });
    expect(
      chooseUpdate(entry('nginx:1', { status: 'error', error: '[registry:x] 503' }), ALL, false),
    ).toEqual({
      kind: 'skip',
      reason: '[registry:x] 503',
      failed: true,
    });
    expect(chooseUpdate(entry('nginx:1', { status: 'up-to-date' }), ALL, false)).toEqual({ kind: 'none' });
  });
});

describe('imageSelected', () => {
  const hub = (repository: string) => ({ registry: 'docker.io', repository });
  it.each([
    [['nginx'], hub('library/nginx'), true],
    [['docker.io/library/nginx'], hub('library/nginx'), true],
    [['docker.io/nginx'], hub('library/nginx'), true],
    [['bitnami/*'], hub('bitnami/redis'), true],
    [['bitnami/*'], hub('library/nginx'), false],
    [['ghcr.io/acme/**'], { registry: 'ghcr.io', repository: 'acme/a/b' }, true],
    [['redis', 'nginx'], hub('library/nginx'), true],
    [[], hub('anything/else'), true],
  ])('%j selects %j: %s', (only, image, expected) => expect(imageSelected(only, image)).toBe(expected));
});

describe('commitMessage', () => {
  it('names the familiar repository, the tag, the short digest or the group', () => {
    const e = entry('nginx:1.25.3');
    expect(commitMessage(e, { tag: '1.25.4', digest: D1 }, 'patch', null)).toBe(
      'chore(deps): update nginx to 1.25.4',
    );
    expect(commitMessage(e, { tag: '1.25.3', digest: D1 }, 'digest', null)).toBe(
      'chore(deps): update nginx digest to 1111111',
    );
    expect(commitMessage(e, { tag: '1.25.3', digest: D2 }, 'pin', null)).toBe(
      'chore(deps): update nginx digest to 2222222',
    );
    const ghcr = entry('ghcr.io/acme/web:1', { registry: 'ghcr.io', repository: 'acme/web' });
    expect(commitMessage(ghcr, { tag: '2', digest: null }, 'major', null)).toBe(
      'chore(deps): update ghcr.io/acme/web to 2',
    );
    expect(commitMessage(ghcr, { tag: '2', digest: null }, 'major', 'frontend')).toBe(
      'chore(deps): update frontend group',
    );
  });
});

describe('withPinnedDigests', () => {
  it('pins in the defaults and drops rules that would unpin, keeping rule numbers', () => {
    const p = policy({
      rules: [
        { matchImages: ['a'], settings: { pinDigests: false, group: 'g' } },
        { matchImages: ['b'], settings: { updateTypes: ['patch'] } },
      ],
    });
    const pinned = withPinnedDigests(p);
    expect(pinned.defaults.pinDigests).toBe(true);
    expect(pinned.rules).toEqual([
      { matchImages: ['a'], settings: { group: 'g' } },
      { matchImages: ['b'], settings: { updateTypes: ['patch'] } },
    ]);
    expect(p.rules[0]!.settings.pinDigests).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

/** A compose file and its references, built the way discovery reports them. */
const TEXT = [
  'services:',
  '  a:',
  '    image: nginx:1.25.3',
  '  b:',
  '    image: "redis:7.2.0"  # cache',
  '  c:',
  '    image: nginx:1.25.3',
  '',
].join('\n');

function ref(image: string, occurrence = 0, over: Partial<FileReference> = {}): FileReference {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = TEXT.indexOf(image, start + 1);
  const line = TEXT.slice(0, start).split('\n').length;
  return {
    file: 'compose.yaml',
    line,
    column: start - TEXT.lastIndexOf('\n', start - 1),
    kind: 'compose',
    image,
    spans: [{ start, end: start + image.length, form: 'image' }],
    ...over,
  };
}

function item(reference: FileReference, updates: ReportUpdate[]): ApplyItem {
  return {
    path: 'deploy/compose.yaml',
    absolute: '/repo/deploy/compose.yaml',
    reference,
    entry: entry(reference.image, { line: reference.line, column: reference.column, updates }),
  };
}

describe('planApply', () => {
  it('renders edits that rewrite only the replaced characters', () => {
    const plan = planApply(
      [
        item(ref('nginx:1.25.3'), [up('patch', '1.25.4'), up('minor', '1.26.0')]),
        item(ref('redis:7.2.0'), [up('minor', '7.4.0')]),
        item(ref('nginx:1.25.3', 1), []),
      ],
      ALL,
      policy(),
    );
    expect(plan.skipped).toEqual([]);
    expect(plan.changes.map((c) => [c.item.reference.line, c.type, c.commitMessage])).toEqual([
      [3, 'patch', 'chore(deps): update nginx to 1.25.4'],
      [5, 'minor', 'chore(deps): update redis to 7.4.0'],
    ]);
    const out = applyReplacements(
      TEXT,
      plan.changes.flatMap((c) => c.edits),
    );
    expect(out).toEqual({
      ok: true,
      text: TEXT.replace('nginx:1.25.3', 'nginx:1.25.4').replace('7.2.0', '7.4.0'),
    });
  });

  it('skips a read-only reference with its reason, as a failure', () => {
    const readOnly = ref('nginx:1.25.3', 0, { spans: [], readOnlyReason: 'the tag comes from TAG in .env' });
    const plan = planApply([item(readOnly, [up('patch', '1.25.4')])], ALL, policy());
    expect(plan.changes).toEqual([]);
    expect(plan.skipped.map((s) => [s.reason, s.failed])).toEqual([
      ['cannot be rewritten here: the tag comes from TAG in .env', true],
    ]);
  });

  it('refuses a digest where the file has no place for one', () => {
    const tagOnly = ref('nginx:1.25.3');
    const span = tagOnly.spans[0]!;
    const onlyTag = { ...tagOnly, spans: [{ start: span.end - 6, end: span.end, form: 'tag' as const }] };
    const plan = planApply(
      [item(onlyTag, [up('patch', '1.25.4', D3)])],
      { ...ALL, pinDigests: true },
      policy(),
    );
    expect(plan.skipped[0]!.reason).toMatch(/has no place for a digest/);
    expect(plan.skipped[0]!.failed).toBe(true);
  });

  it('refuses the second of two updates that want different text in one shared span', () => {
    // One ARG default feeding two images: both references point at the same span.
    const shared = ref('nginx:1.25.3');
    const plan = planApply(
      [item(shared, [up('patch', '1.25.4')]), item({ ...shared, line: 9 }, [up('minor', '1.26.0')])],
      { ...ALL, types: null },
      policy(),
    );
    expect(plan.changes).toHaveLength(1);
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      'its text is shared with nginx:1.25.3 at line 3, which gets a different update',
    ]);
    // The same update through the same span is fine: applied once.
    const same = planApply(
      [item(shared, [up('patch', '1.25.4')]), item({ ...shared, line: 9 }, [up('patch', '1.25.4')])],
      ALL,
      policy(),
    );
    expect(same.changes).toHaveLength(2);
    expect(same.skipped).toEqual([]);
  });

  it('takes pinning and groups from the policy the check ran with', () => {
    const p = policy({ rules: [{ matchImages: ['redis'], settings: { pinDigests: true, group: 'cache' } }] });
    const plan = planApply(
      [
        item(ref('nginx:1.25.3'), [up('patch', '1.25.4')]),
        item(ref('redis:7.2.0'), [up('minor', '7.4.0', D1)]),
      ],
      ALL,
      p,
    );
    expect(plan.changes.map((c) => [c.to, c.commitMessage])).toEqual([
      [{ tag: '1.25.4', digest: null }, 'chore(deps): update nginx to 1.25.4'],
      [{ tag: '7.4.0', digest: D1 }, 'chore(deps): update cache group'],
    ]);
  });
});

describe('commitUnits', () => {
  it('puts changes with one message in one commit, in order of first appearance', () => {
    const plan = planApply(
      [
        item(ref('nginx:1.25.3'), [up('patch', '1.25.4')]),
        item(ref('redis:7.2.0'), [up('minor', '7.4.0')]),
        item(ref('nginx:1.25.3', 1), [up('patch', '1.25.4')]),
      ],
      ALL,
      policy(),
    );
    expect(
      commitUnits(plan.changes).map((u) => [u.message, u.changes.map((c) => c.item.reference.line)]),
    ).toEqual([
      ['chore(deps): update nginx to 1.25.4', [3, 7]],
      ['chore(deps): update redis to 7.4.0', [5]],
    ]);
  });
});

describe('chooseUpdate with preferFixes', () => {
  const fixes = (critical: number) => ({
    fixed: { critical, high: 0, medium: 0, low: 0, unknown: 0 },
    introduced: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 },
  });
  const nginx = entry('nginx:1.25.3', {
    updates: [
      { ...up('patch', '1.25.4'), vulnerabilities: fixes(0) },
      { ...up('minor', '1.26.0'), vulnerabilities: fixes(2), preferred: true },
      { ...up('major', '2.0.0'), vulnerabilities: fixes(2) },
    ],
  });

  it('takes the preferred update over the most conservative one', () => {
    expect(chooseUpdate(nginx, ALL, false)).toMatchObject({ type: 'minor', newTag: '1.26.0' });
  });

  it('falls back to the most conservative one when the selection leaves the preferred out', () => {
    expect(chooseUpdate(nginx, { ...ALL, types: ['patch', 'major'] }, false)).toMatchObject({
      type: 'patch',
    });
  });
});
