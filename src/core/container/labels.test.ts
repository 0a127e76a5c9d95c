import { describe, expect, it } from 'vitest';
import { labelOverrides, parseContainerLabels, splitPatterns, updateTypesUpTo } from './labels.js';

const parse = (labels: Record<string, string>, optIn = false) => parseContainerLabels(labels, { optIn });

describe('parseContainerLabels', () => {
  it('no labels: enabled, nothing overridden', () => {
    const { policy, errors } = parse({ maintainer: 'x' });
    expect(errors).toEqual([]);
    expect(policy).toEqual({
      enabled: true,
      disabledBy: null,
      update: null,
      updateTypes: null,
      include: null,
      exclude: null,
      probe: null,
      stableMs: null,
      test: null,
      group: null,
      dependsOn: [],
    });
    expect(labelOverrides(policy)).toEqual({ settings: {}, sources: {} });
  });

  it('reads every label', () => {
    const { policy, errors } = parse({
      'shipshape.enable': 'true',
      'shipshape.update': 'minor',
      'shipshape.include': '1.*, /^2\\.\\d{1,2}$/',
      'shipshape.exclude': '*-rc*',
      'shipshape.probe': 'http://:8080/healthz 200 "status":\\s*"ok"',
      'shipshape.stable': '30s',
      'shipshape.test': `wget -q -O- 'http://localhost:8080/ping'`,
      'shipshape.group': 'db',
      'shipshape.depends-on': 'postgres, /redis',
    });
    expect(errors).toEqual([]);
    expect(policy).toMatchObject({
      enabled: true,
      update: 'minor',
      updateTypes: ['patch', 'minor', 'digest'],
      include: ['1.*', '/^2\\.\\d{1,2}$/'],
      exclude: ['*-rc*'],
      probe: {
        kind: 'http',
        host: null,
        port: 8080,
        path: '/healthz',
        status: [{ min: 200, max: 200 }],
        body: { source: '"status":\\s*"ok"', flags: '' },
      },
      stableMs: 30_000,
      test: { argv: ['wget', '-q', '-O-', 'http://localhost:8080/ping'] },
      group: 'db',
      dependsOn: ['postgres', 'redis'],
    });
    expect(labelOverrides(policy)).toEqual({
      settings: {
        updateTypes: ['patch', 'minor', 'digest'],
        include: ['1.*', '/^2\\.\\d{1,2}$/'],
        exclude: ['*-rc*'],
        group: 'db',
      },
      sources: {
        updateTypes: 'label shipshape.update=minor',
        include: 'label shipshape.include',
        exclude: 'label shipshape.exclude',
        group: 'label shipshape.group',
      },
    });
  });

  it('reports a bad value per label and keeps the valid ones', () => {
    const { policy, errors } = parse({
      'shipshape.update': 'mjaor',
      'shipshape.include': '/[/',
      'shipshape.stable': '30 sec',
      'shipshape.enable': 'yes please',
      'shipshape.probe': 'ftp://:21',
      'shipshape.test': `sh -c 'unterminated`,
      'shipshape.depends-on': 'ok, bad name',
      'shipshape.group': 'web',
    });
    expect(errors.map((e) => e.message)).toEqual([
      'label shipshape.enable: invalid value "yes please"; expected true or false',
      'label shipshape.update: invalid value "mjaor"; expected patch, minor, major, digest or none',
      expect.stringMatching(/^label shipshape\.include: invalid tag pattern "\/\[\/": /),
      expect.stringMatching(/^label shipshape\.probe: invalid probe "ftp:\/\/:21"; expected http:\/\//),
      'label shipshape.stable: invalid duration "30 sec"; expected a whole number followed by ms, s, m, h, d or w, e.g. "3d", "12h", "1h30m"',
      "label shipshape.test: unterminated ' quote",
      'label shipshape.depends-on: invalid container name "bad name"',
    ]);
    expect(policy.update).toBeNull();
    expect(policy.include).toBeNull();
    expect(policy.group).toBe('web');
    expect(policy.dependsOn).toEqual(['ok']);
  });

  it('flags near-miss label names, ignores other shipshape.* labels (reserved for bookkeeping)', () => {
    const { errors } = parse({
      'shipshape.updates': 'minor',
      'shipshape.depends_on': 'db',
      'Shipshape.Enable': 'true',
      'shipshape.previous-image': 'sha256:abc',
    });
    expect(errors.map((e) => e.message)).toEqual([
      'unknown label shipshape.updates (did you mean shipshape.update?)',
      'unknown label shipshape.depends_on (did you mean shipshape.depends-on?)',
      'unknown label Shipshape.Enable (did you mean shipshape.enable?)',
    ]);
  });

  it('shipshape.enable=false and shipshape.update=none disable the container', () => {
    expect(parse({ 'shipshape.enable': 'false' }).policy).toMatchObject({
      enabled: false,
      disabledBy: 'label shipshape.enable=false',
    });
    const none = parse({ 'shipshape.update': 'none' }).policy;
    expect(none).toMatchObject({
      enabled: false,
      disabledBy: 'label shipshape.update=none',
      updateTypes: null,
    });
    expect(labelOverrides(none)).toEqual({
      settings: { enabled: false },
      sources: { enabled: 'label shipshape.update=none' },
    });
  });

  it('opt-in mode: only shipshape.enable=true enables', () => {
    expect(parse({}, true).policy).toMatchObject({
      enabled: false,
      disabledBy: 'docker.labelsOptIn (no shipshape.enable=true label)',
    });
    expect(parse({ 'shipshape.enable': 'TRUE' }, true).policy.enabled).toBe(true);
    expect(parse({ 'shipshape.enable': 'false' }, true).policy.disabledBy).toBe(
      'label shipshape.enable=false',
    );
  });

  it('empty values count as unset', () => {
    const { policy, errors } = parse({ 'shipshape.update': ' ', 'shipshape.include': '' });
    expect(errors).toEqual([]);
    expect(policy.update).toBeNull();
    expect(policy.include).toBeNull();
  });
});

describe('updateTypesUpTo', () => {
  it('each level allows the levels below it; digest is the smallest', () => {
    expect(updateTypesUpTo('none')).toEqual([]);
    expect(updateTypesUpTo('digest')).toEqual(['digest']);
    expect(updateTypesUpTo('patch')).toEqual(['patch', 'digest']);
    expect(updateTypesUpTo('minor')).toEqual(['patch', 'minor', 'digest']);
    expect(updateTypesUpTo('major')).toEqual(['patch', 'minor', 'major', 'digest']);
  });
});

describe('splitPatterns', () => {
  it('splits on commas, except inside a /regex/', () => {
    expect(splitPatterns('1.*, *-alpine')).toEqual(['1.*', '*-alpine']);
    expect(splitPatterns('/^1\\.{1,2}$/i, 2.*')).toEqual(['/^1\\.{1,2}$/i', '2.*']);
    expect(splitPatterns('/a,b/')).toEqual(['/a,b/']);
    expect(splitPatterns('a,')).toEqual(['a', '']);
  });
});
