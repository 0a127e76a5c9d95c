import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileReference } from '../../ports/source.js';
import { isShipshapeError } from '../errors.js';
import { applyReplacements, editsFor, renderReplacement, rewriteText, splitImageRef } from './index.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

describe('renderReplacement: image form keeps the name as written', () => {
  it.each([
    ['nginx:1.21', { tag: '1.27', digest: null }, 'nginx:1.27'],
    ['nginx', { tag: '1.27', digest: null }, 'nginx:1.27'],
    ['docker.io/library/nginx:1.21', { tag: '1.27', digest: null }, 'docker.io/library/nginx:1.27'],
    ['localhost:5000/app:1', { tag: '2', digest: null }, 'localhost:5000/app:2'],
    ['localhost:5000/app', { tag: null, digest: D1 }, `localhost:5000/app@${D1}`],
    ['[::1]:5000/app:1', { tag: '2', digest: null }, '[::1]:5000/app:2'],
    ['nginx:1.21', { tag: null, digest: D1 }, `nginx:1.21@${D1}`],
    [`nginx:1.21@${D1}`, { tag: '1.27', digest: D2 }, `nginx:1.27@${D2}`],
    [`nginx:1.21@${D1}`, { tag: '1.27', digest: null }, 'nginx:1.27'],
    [`nginx:1.21@${D1}`, { tag: null, digest: null, keepDigest: true }, `nginx:1.21@${D1}`],
    [`nginx@${D1}`, { tag: '1.27', digest: null, keepDigest: true }, `nginx:1.27@${D1}`],
    ['nginx:1', { tag: null, digest: null }, 'nginx:1'],
  ] as const)('%s + %j → %s', (original, update, expected) => {
    expect(renderReplacement(original, 'image', update)).toBe(expected);
  });

  it('renders tag and digest forms', () => {
    expect(renderReplacement('1.21', 'tag', { tag: '1.27', digest: D1 })).toBe('1.27');
    expect(renderReplacement('1.21', 'tag', { tag: null, digest: D1 })).toBe('1.21');
    expect(renderReplacement(D1, 'digest', { tag: '1', digest: D2 })).toBe(D2);
    expect(renderReplacement(D1, 'digest', { tag: '1', digest: null })).toBe('');
    expect(renderReplacement(D1, 'digest', { tag: '1', digest: null, keepDigest: true })).toBe(D1);
    expect(renderReplacement('', 'digest', { tag: null, digest: D2 })).toBe(D2);
  });

  it('refuses invalid input with INVALID_REFERENCE', () => {
    for (const run of [
      () => renderReplacement('nginx:1', 'image', { tag: 'a b', digest: null }),
      () => renderReplacement('nginx:1', 'image', { tag: null, digest: 'sha256:xyz' }),
      () => renderReplacement('NGINX:1', 'image', { tag: '2', digest: null }),
      () => renderReplacement('1', 'tag', { tag: '-bad', digest: null }),
    ]) {
      expect(run).toThrow();
      try {
        run();
      } catch (e) {
        expect(isShipshapeError(e, 'INVALID_REFERENCE')).toBe(true);
      }
    }
  });
});

describe('splitImageRef', () => {
  it('gives tag and digest offsets, keeping a registry port out of the tag', () => {
    const split = splitImageRef(`host:5000/a/b:1.2@${D1}`);
    expect(split).toEqual({
      ok: true,
      parts: { name: 'host:5000/a/b', tag: '1.2', digest: D1, tagRange: [14, 17], digestRange: [18, 89] },
    });
    expect(splitImageRef('a b').ok).toBe(false);
  });
});

describe('applyReplacements', () => {
  const text = 'FROM nginx:1.21\r\nFROM redis:7';
  it('applies edits from any order, verifying each span', () => {
    const result = applyReplacements(text, [
      { start: 28, end: 29, expected: '7', replacement: '7.4' },
      { start: 11, end: 15, expected: '1.21', replacement: '1.27' },
    ]);
    expect(result).toEqual({ ok: true, text: 'FROM nginx:1.27\r\nFROM redis:7.4' });
  });

  it('fails when a span no longer holds what was scanned', () => {
    const result = applyReplacements(text, [{ start: 11, end: 15, expected: '1.20', replacement: '1.27' }]);
    expect(result).toEqual({
      ok: false,
      error: expect.stringContaining('the file changed since it was scanned') as string,
    });
  });

  it('merges identical duplicates, refuses conflicts, overlaps and out-of-range spans', () => {
    const edit = { start: 11, end: 15, expected: '1.21', replacement: '1.27' };
    expect(applyReplacements(text, [edit, { ...edit }])).toEqual({
      ok: true,
      text: 'FROM nginx:1.27\r\nFROM redis:7',
    });
    expect(applyReplacements(text, [edit, { ...edit, replacement: '1.28' }]).ok).toBe(false);
    expect(
      applyReplacements(text, [edit, { start: 5, end: 15, expected: 'nginx:1.21', replacement: 'x:1' }]),
    ).toEqual({
      ok: false,
      error: 'overlapping edits at 5-15 and 11-15',
    });
    expect(applyReplacements(text, [{ start: 40, end: 41, expected: '', replacement: 'x' }]).ok).toBe(false);
  });

  it('changes nothing outside the edited spans (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat(), fc.nat(), fc.string(), (s, a, b, replacement) => {
        const start = Math.min(a, b) % (s.length + 1);
        const end = Math.max(start, Math.max(a, b) % (s.length + 1));
        const result = applyReplacements(s, [{ start, end, expected: s.slice(start, end), replacement }]);
        expect(result).toEqual({ ok: true, text: s.slice(0, start) + replacement + s.slice(end) });
      }),
    );
  });
});

describe('editsFor / rewriteText', () => {
  const ref = (over: Partial<FileReference>): FileReference => ({
    file: 'f',
    line: 1,
    column: 1,
    kind: 'helm',
    image: 'nginx:1.21',
    spans: [],
    ...over,
  });

  it('derives the expected text of each span from the reference', () => {
    const text = 'tag: 1.21\ndigest: ""\n';
    const reference = ref({
      spans: [
        { start: 5, end: 9, form: 'tag' },
        { start: 19, end: 19, form: 'digest' },
      ],
    });
    expect(rewriteText(text, [{ reference, newTag: '1.27', newDigest: D1 }])).toEqual({
      ok: true,
      text: `tag: 1.27\ndigest: "${D1}"\n`,
    });
  });

  it('explains what cannot be done', () => {
    expect(
      editsFor({
        reference: ref({ readOnlyReason: 'the tag comes from TAG in .env' }),
        newTag: '2',
        newDigest: null,
      }),
    ).toEqual({
      ok: false,
      error: 'f:1:1 nginx:1.21 cannot be rewritten: the tag comes from TAG in .env',
    });
    const tagOnly = ref({ spans: [{ start: 0, end: 4, form: 'tag' }] });
    expect(editsFor({ reference: tagOnly, newTag: null, newDigest: D1 })).toEqual({
      ok: false,
      error: 'f:1:1 nginx:1.21 has no place for a digest (only its tag is rewritable)',
    });
    const digestOnly = ref({ image: `nginx@${D1}`, spans: [{ start: 0, end: 71, form: 'digest' }] });
    expect(editsFor({ reference: digestOnly, newTag: '1', newDigest: null }).ok).toBe(false);
    const image = ref({ spans: [{ start: 0, end: 10, form: 'image' }] });
    expect(editsFor({ reference: image, newTag: 'bad tag', newDigest: null })).toEqual({
      ok: false,
      error: 'f:1:1 [rewrite] invalid tag "bad tag"',
    });
  });
});
