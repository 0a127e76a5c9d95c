import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../errors.js';
import { VERSIONING_NAMES, dockerTagVersioning, getVersioning } from './index.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('getVersioning', () => {
  it.each(['docker-tag', 'semver', 'loose'] as const)('returns %s by name', (name) => {
    const v = getVersioning(name);
    expect(v.name).toBe(name);
    expect(getVersioning(name)).toBe(v);
  });

  it('has docker-tag as the shared default instance', () => {
    expect(getVersioning('docker-tag')).toBe(dockerTagVersioning());
  });

  it('builds regex versioning from options.pattern or Renovate-style regex:<pattern>', () => {
    const a = getVersioning('regex', { pattern: '^(?<major>\\d+)\\.(?<minor>\\d+)$' });
    const b = getVersioning('regex:^(?<major>\\d+)\\.(?<minor>\\d+)$');
    expect(a.name).toBe('regex');
    expect(a.isVersion('1.2')).toBe(true);
    expect(b.isVersion('1.2')).toBe(true);
    expect(a.isVersion('1.2.3')).toBe(false);
  });

  it.each([
    ['regex', undefined, /regex versioning needs a pattern/],
    ['regex', { pattern: '(' }, /invalid versioning pattern/],
    ['regex:^(?<minor>\\d+)$', undefined, /needs a named group <major>/],
    ['calver', undefined, /unknown versioning "calver"; use one of docker-tag, semver, regex, loose/],
    ['docker', undefined, /unknown versioning "docker"/],
    ['', undefined, /unknown versioning ""/],
  ] as const)('rejects %j %j with CONFIG_INVALID', (name, options, message) => {
    const e = errorOf(() => getVersioning(name, options));
    expect(isShipshapeError(e, 'CONFIG_INVALID')).toBe(true);
    expect((e as Error).message).toMatch(message);
  });

  it('lists the names', () => {
    expect(VERSIONING_NAMES).toEqual(['docker-tag', 'semver', 'regex', 'loose']);
  });
});
