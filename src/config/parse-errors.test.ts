import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../core/errors.js';
import { ConfigError } from './errors.js';
import { parseConfigText, type ParseConfigContext } from './parse.js';

const SECRET = 'hunter2-0xdeadbeef';
const ctx = (over: Partial<ParseConfigContext> = {}): ParseConfigContext => ({
  file: 'shipshape.yaml',
  dir: '/repo',
  env: { REG_PW: SECRET },
  hostPlatform: { os: 'linux', architecture: 'amd64' },
  fileProblem: () => 'ENOENT',
  ...over,
});

function thrown(text: string): ConfigError {
  try {
    parseConfigText(text, ctx());
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}
const problems = (text: string): string[] => thrown(text).issues.map((i) => i.message && formatted(i));
const formatted = (i: ConfigError['issues'][number]): string =>
  `${i.file}:${i.line}:${i.column}: ${i.path}${i.path ? ': ' : ''}${i.message}`;
const yaml = (...lines: string[]): string => lines.join('\n') + '\n';

describe('config errors: placed at their line and column', () => {
  it('a misspelled enum value deep in a rule', () => {
    const text = yaml(
      'policy:', //                                   1
      '  rules:', //                                  2
      '    - matchImages: [nginx]', //                3
      '      updateTypes: [patch]', //                4
      '    - matchImages: [postgres]', //             5
      '      updateTypes:', //                        6
      '        - mjaor', //                           7
    );
    const e = thrown(text);
    expect(e.message).toBe(
      '[config] shipshape.yaml:7:11: policy.rules[1].updateTypes[0]: invalid value "mjaor"; expected one of patch, minor, major, digest, pin',
    );
    expect(isShipshapeError(e, 'CONFIG_INVALID')).toBe(true);
  });

  it('reports every problem together, in file order', () => {
    const text = yaml(
      'platform: linux', //                           1
      'policy:', //                                   2
      '  minimumReleaseAge: 3x', //                   3
      '  pinDigest: true', //                         4
      '  versioning: semver2', //                     5
      '  exclude: "-rc"', //                          6
      'cache: { ttl: 1 }', //                         7
      'colour: blue', //                              8
    );
    const e = thrown(text);
    expect(e.issues.map(formatted)).toEqual([
      'shipshape.yaml:1:11: platform: invalid platform "linux"; expected os/arch[/variant], e.g. linux/arm64',
      'shipshape.yaml:3:22: policy.minimumReleaseAge: invalid duration "3x"; expected a whole number followed by ms, s, m, h, d or w, e.g. "3d", "12h", "1h30m"',
      'shipshape.yaml:4:3: policy.pinDigest: unknown key "pinDigest" (did you mean "pinDigests"?)',
      'shipshape.yaml:5:15: policy.versioning: invalid value "semver2"; expected one of docker-tag, semver, regex, loose',
      'shipshape.yaml:6:12: policy.exclude: expected a list, got a string',
      'shipshape.yaml:7:15: cache.ttl: expected a string, got a whole number',
      'shipshape.yaml:8:1: colour: unknown key "colour"; expected one of platform, registries, discovery, policy, docker, cache, store, scan',
    ]);
    expect(e.message.split('\n')[0]).toBe('[config] 7 problems in shipshape.yaml:');
  });

  it.each([
    [
      'invalid tag regex',
      yaml('policy:', '  include: ["/(1/"]'),
      '2:13: policy.include[0]: invalid tag pattern "/(1/": Invalid regular expression: /(1/: Unterminated group',
    ],
    [
      'stateful regex flags',
      yaml('policy:', '  exclude: ["/rc/g"]'),
      '2:13: policy.exclude[0]: invalid tag pattern "/rc/g": regular expression flags may only be i, m, s and u',
    ],
    [
      'versioning pattern without <major>',
      yaml('policy:', '  versioning: regex', '  versioningPattern: "^(\\\\d+)$"'),
      '3:22: policy.versioningPattern: invalid versioning pattern "^(\\\\d+)$": it needs a named group <major>, e.g. ^(?<major>\\d+)\\.(?<minor>\\d+)$',
    ],
    [
      'regex versioning without a pattern',
      yaml('policy:', '  rules:', '    - matchImages: [x]', '      versioning: regex'),
      '4:19: policy.rules[0].versioning: versioning regex needs a versioningPattern',
    ],
    [
      'empty match list',
      yaml('policy:', '  rules:', '    - matchImages: []', '      group: g'),
      '3:20: policy.rules[0].matchImages: must not be empty',
    ],
    [
      'unknown kind',
      yaml('policy:', '  rules:', '    - matchKinds: [docker-compose]', '      group: g'),
      '3:20: policy.rules[0].matchKinds[0]: invalid value "docker-compose"; expected one of dockerfile, compose, kubernetes, helm, kustomize, github-actions, gitlab-ci, container, service',
    ],
    [
      'misspelled rule key',
      yaml('policy:', '  rules:', '    - matchImage: [x]', '      group: g'),
      '3:7: policy.rules[0].matchImage: unknown key "matchImage" (did you mean "matchImages"?)',
    ],
    [
      'boolean as string',
      yaml('policy:', '  pinDigests: "yes"'),
      '2:15: policy.pinDigests: expected true or false, got a string',
    ],
    ['empty section', yaml('cache:'), '1:1: cache: expected a mapping, got an empty value'],
    ['top level not a mapping', yaml('- a', '- b'), '1:1: expected a mapping, got a list'],
    [
      'concurrency out of range',
      yaml('registries:', '  r.example: { concurrency: 0 }'),
      '2:29: registries["r.example"].concurrency: must be at least 1',
    ],
    [
      'bad registry host',
      yaml('registries:', '  https://r.example: { insecure: true }'),
      '2:3: registries["https://r.example"]: invalid registry host "https://r.example"; expected host[:port], e.g. registry.example:5000',
    ],
    [
      'duplicate registry after normalization',
      yaml('registries:', '  docker.io: { insecure: false }', '  Index.Docker.io: { insecure: true }'),
      '3:3: registries["Index.Docker.io"]: the same registry as "docker.io"',
    ],
    [
      'both password sources',
      yaml(
        'registries:',
        '  r.example:',
        '    username: u',
        '    passwordEnv: REG_PW',
        '    passwordFile: ./pw',
      ),
      '5:19: registries["r.example"].passwordFile: passwordEnv and passwordFile cannot both be set',
    ],
    [
      'username without password',
      yaml('registries:', '  r.example:', '    username: u'),
      '3:15: registries["r.example"].username: a username needs passwordEnv or passwordFile',
    ],
    ['duration too long', yaml('cache:', '  ttl: 99999999999999999w'), '2:8: cache.ttl: duration too long'],
  ])('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual([`shipshape.yaml:${expected}`]);
  });

  it('YAML syntax errors name file:line:col and stop before validation', () => {
    expect(problems(yaml('policy:', '  pinDigests: true', '  pinDigests: false', 'colour: blue'))).toEqual([
      'shipshape.yaml:3:3: YAML syntax: Map keys must be unique',
    ]);
    expect(problems(yaml('policy:', '  rules: [', '    {'))[0]).toMatch(
      /^shipshape\.yaml:\d+:\d+: YAML syntax: /,
    );
    expect(problems(yaml('a: b: c'))).toEqual([
      'shipshape.yaml:1:4: YAML syntax: Nested mappings are not allowed in compact mappings',
    ]);
  });
});

describe('config errors: secrets', () => {
  it('never echoes an env-var credential, even when other fields are wrong', () => {
    const e = thrown(
      yaml(
        'registries:',
        '  r.example:',
        '    username: u',
        '    passwordEnv: REG_PW',
        '    concurrency: many',
      ),
    );
    expect(e.message).toBe(
      '[config] shipshape.yaml:5:18: registries["r.example"].concurrency: expected a number, got a string',
    );
    expect(JSON.stringify(e.issues)).not.toContain(SECRET);
  });

  it('does not echo a secret pasted where an env-var name belongs', () => {
    const e = thrown(yaml('registries:', '  r.example: { username: u, passwordEnv: "s3cr3t-p@ss!" }'));
    expect(e.message).not.toContain('s3cr3t');
    expect(e.issues.map(formatted)).toEqual([
      'shipshape.yaml:2:42: registries["r.example"].passwordEnv: must be the name of an environment variable (letters, digits and _), not the secret itself',
    ]);
  });

  it('refuses an inline password with a hint, without echoing it', () => {
    const e = thrown(yaml('registries:', '  r.example: { username: u, password: "s3cr3t-p@ss!" }'));
    expect(e.message).not.toContain('s3cr3t');
    expect(e.issues.map(formatted)).toEqual([
      'shipshape.yaml:2:26: registries["r.example"].username: a username needs passwordEnv or passwordFile',
      'shipshape.yaml:2:29: registries["r.example"].password: unknown key "password"; put the password in an environment variable (passwordEnv) or a file (passwordFile)',
    ]);
  });

  it('does not echo an inline token of the wrong type', () => {
    const e = thrown(yaml('registries:', '  r.example: { token: 123456789 }'));
    expect(e.message).not.toContain('123456789');
  });
});

describe('config warnings', () => {
  it('are placed like errors and never show secrets', () => {
    const { warnings } = parseConfigText(
      yaml(
        'registries:', //                                   1
        '  a.example: { username: u, passwordEnv: UNSET }', // 2
        '  b.example: { username: u, passwordFile: ./pw }', // 3
        '  c.example: { token: inline-0xdeadbeef }', //       4
        'policy:', //                                       5
        '  updateTypes: [patch, pin]', //                   6
        '  rules:', //                                      7
        '    - matchImages: [x]', //                        8
        '      versioning: semver', //                      9
        '      versioningPattern: "^(?<major>\\\\d+)$"', // 10
        '    - matchImages: [y]', //                        11
      ),
      ctx(),
    );
    expect(warnings).toEqual([
      'shipshape.yaml:2:42: registries["a.example"].passwordEnv: environment variable UNSET is not set',
      'shipshape.yaml:3:43: registries["b.example"].passwordFile: cannot read the file (ENOENT)',
      'shipshape.yaml:4:23: registries["c.example"].token: a token written in the config file can be read by anyone who can read the file; prefer tokenEnv',
      'shipshape.yaml:6:24: policy.updateTypes[1]: pin is governed by pinDigests alone; listing it here has no effect',
      'shipshape.yaml:10:26: policy.rules[0].versioningPattern: has no effect with versioning semver',
      'shipshape.yaml:11:7: policy.rules[1]: rule #2 sets nothing; it has no effect',
    ]);
    expect(warnings.join('\n')).not.toContain('0xdeadbeef');
  });
});
