import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../errors.js';
import type { ImageRef } from './index.js';
import { formatImageRef, isDockerHub, parseImageRef, tryParseImageRef } from './index.js';

// --- Generators of valid, normalized references -------------------------------------------------

const alnum = fc.stringMatching(/^[a-z0-9]{1,6}$/);
const separator = fc.constantFrom('.', '_', '__', '-', '---');
const pathComponent = fc
  .tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 3 }))
  .map(([head, rest]) => head + rest.map(([sep, part]) => sep + part).join(''));
const path = (minLength: number) =>
  fc.array(pathComponent, { minLength, maxLength: 5 }).map((parts) => parts.join('/'));

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,6}[a-z0-9])?$/);
const port = fc.integer({ min: 0, max: 65535 }).map((n) => `:${n}`);
const optionalPort = fc.option(port, { nil: '' });
const registry = fc
  .oneof(
    fc.tuple(fc.array(label, { minLength: 2, maxLength: 4 }), optionalPort).map(([l, p]) => l.join('.') + p),
    fc.tuple(label, port).map(([l, p]) => l + p),
    optionalPort.map((p) => `localhost${p}`),
    fc.tuple(fc.ipV4(), optionalPort).map(([ip, p]) => ip + p),
    fc
      .tuple(fc.stringMatching(/^[0-9a-f]{0,4}:[0-9a-f:]{0,12}$/), optionalPort)
      .map(([ip, p]) => `[${ip}]${p}`),
  )
  .filter((host) => !isDockerHub(host));

const hubRepository = fc.oneof(
  pathComponent.map((c) => `library/${c}`),
  path(2),
);
const tag = fc.stringMatching(/^\w[\w.-]{0,127}$/);
const digest = fc.oneof(
  fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`),
  fc.stringMatching(/^[a-f0-9]{96}$/).map((hex) => `sha384:${hex}`),
  fc.stringMatching(/^[a-f0-9]{128}$/).map((hex) => `sha512:${hex}`),
);

const imageRef: fc.Arbitrary<ImageRef> = fc
  .record({
    location: fc.oneof(
      fc.record({ registry: fc.constant('docker.io'), repository: hubRepository }),
      fc.record({ registry, repository: path(1) }),
    ),
    tag: fc.option(tag, { nil: null }),
    digest: fc.option(digest, { nil: null }),
  })
  .map(({ location, tag, digest }) => ({ ...location, tag, digest }))
  .filter((ref) => ref.repository.length <= 255);

// --- Generators of arbitrary input -------------------------------------------------------------

const tokens = [
  'localhost',
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'library/',
  'sha256:',
  '[::1]',
];
const refish = fc
  .array(
    fc.oneof(
      fc.constantFrom(...'abzAZ09._-/:@[]'.split('')),
      fc.constantFrom(...tokens),
      fc.stringMatching(/^[a-f0-9]{64}$/),
    ),
    { maxLength: 14 },
  )
  .map((parts) => parts.join(''));
const anyInput = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), refish);

function expectParsesTo(input: string, expected: ImageRef): void {
  expect(parseImageRef(input)).toEqual(expected);
}

/** Parses and, on failure, checks the failure is the typed, named error and nothing else. */
function parseOrInvalid(input: string): ImageRef | null {
  try {
    return parseImageRef(input);
  } catch (e) {
    expect(isShipshapeError(e, 'INVALID_REFERENCE')).toBe(true);
    expect((e as Error).message).toMatch(/^invalid image reference "/);
    return null;
  }
}

describe('image references: properties', () => {
  it('parse(format(ref)) is ref for every valid normalized ref', () => {
    fc.assert(
      fc.property(imageRef, (ref) => {
        expectParsesTo(formatImageRef(ref), ref);
      }),
      { numRuns: 500 },
    );
  });

  it('familiar formatting parses back to the same ref', () => {
    fc.assert(
      fc.property(imageRef, (ref) => {
        expectParsesTo(formatImageRef(ref, { familiar: true }), ref);
      }),
      { numRuns: 500 },
    );
  });

  it('other spellings of a ref parse to the same ref', () => {
    const hubAlias = fc.constantFrom('docker.io', 'index.docker.io', 'registry-1.docker.io', 'Docker.IO');
    fc.assert(
      fc.property(imageRef, hubAlias, (ref, alias) => {
        const suffix = formatImageRef(ref).slice(ref.registry.length);
        expectParsesTo(ref.registry.toUpperCase() + suffix, ref);
        if (ref.registry === 'docker.io') {
          expectParsesTo(alias + suffix, ref);
          if (ref.repository.startsWith('library/') && !ref.repository.slice(8).includes('/')) {
            expectParsesTo(alias + suffix.replace('/library/', '/'), ref);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('format(parse(x)) round-trips: it parses to the same ref and formats to itself', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyInput,
          imageRef.map((ref) => formatImageRef(ref, { familiar: true })),
        ),
        (input) => {
          const ref = parseOrInvalid(input);
          if (ref === null) return;
          for (const familiar of [false, true]) {
            const formatted = formatImageRef(ref, { familiar });
            expectParsesTo(formatted, ref);
            expect(formatImageRef(parseImageRef(formatted), { familiar })).toBe(formatted);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('no input throws anything but ShipshapeError INVALID_REFERENCE, and tryParse agrees with parse', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = tryParseImageRef(input);
        const ref = parseOrInvalid(input);
        expect(result).toEqual(
          ref === null ? { ok: false, error: expect.any(String) as string } : { ok: true, ref },
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('a one-character edit of a valid reference either parses consistently or fails with the typed error', () => {
    const edited = fc
      .tuple(
        imageRef,
        fc.boolean(),
        fc.nat(),
        fc.constantFrom(...'aA0._-/:@[] \u00e9'.split('')),
        fc.boolean(),
      )
      .map(([ref, familiar, at, char, replace]) => {
        const s = formatImageRef(ref, { familiar });
        const i = at % (s.length + 1);
        return s.slice(0, i) + char + s.slice(replace ? i + 1 : i);
      });
    fc.assert(
      fc.property(edited, (input) => {
        const ref = parseOrInvalid(input);
        if (ref !== null) expectParsesTo(formatImageRef(ref), ref);
      }),
      { numRuns: 1000 },
    );
  });

  it('stays fast on long, hostile input', () => {
    const started = performance.now();
    for (const input of [
      `${'a.'.repeat(50_000)}!/x`,
      `${'a-'.repeat(50_000)}/x`,
      `x/${'a_'.repeat(50_000)}`,
      `x:${'a'.repeat(100_000)}`,
      `x@sha256:${'a'.repeat(100_000)}`,
      `[${':'.repeat(100_000)}/x`,
    ]) {
      expect(tryParseImageRef(input).ok).toBe(false);
    }
    // A guard against catastrophic regex backtracking (which takes minutes), not a speed target.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
