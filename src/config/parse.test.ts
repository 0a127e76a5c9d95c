import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_SETTINGS } from '../core/policy/index.js';
import { parseConfigText, type ParseConfigContext } from './parse.js';

const DAY = 86_400_000;
const ctx = (over: Partial<ParseConfigContext> = {}): ParseConfigContext => ({
  file: 'shipshape.yaml',
  dir: '/repo',
  env: { REG_PW: 'pw-from-env-0xdeadbeef', GHCR_TOKEN: 'ghcr-token-0xfeedface' },
  hostPlatform: { os: 'linux', architecture: 'amd64' },
  fileProblem: (path) => (path === '/repo/secrets/pw' ? null : 'ENOENT'),
  ...over,
});

const FULL = `# yaml-language-server: $schema=docs/shipshape.schema.json
platform: linux/arm64/v8
registries:
  Registry.Example:5000: { insecure: true, ca: ./ca.pem, username: bot, passwordEnv: REG_PW, concurrency: 8 }
  localhost:5001:
    username: ci
    passwordFile: secrets/pw
  ghcr.io: { tokenEnv: GHCR_TOKEN }
  index.docker.io: { concurrency: 4 }
discovery: { include: ["**"], exclude: ["legacy/**"] }
policy:
  versioning: docker-tag
  updateTypes: [patch, minor, major, digest]
  pinDigests: false
  minimumReleaseAge: 3d
  include: []
  exclude: ["/-rc\\\\d*$/"]
  ignore: ["busybox", "ghcr.io/acme/*"]
  rules:
    - description: databases move slowly
      matchImages: ["postgres"]
      matchPaths: ["db/**"]
      matchKinds: [compose]
      updateTypes: [patch, minor]
      include: ["16.*"]
      minimumReleaseAge: 7d
      group: db
    - matchImages: ["ghcr.io/acme/**"]
      versioning: regex
      versioningPattern: "^(?<major>\\\\d+)\\\\.(?<minor>\\\\d+)-(?<compatibility>.+)$"
      pinDigests: true
    - matchKinds: [github-actions]
      enabled: false
cache: { ttl: 1h30m }
store: { path: .shipshape/state.db }
`;

describe('parseConfigText: a full, valid file', () => {
  const { config, warnings } = parseConfigText(FULL, ctx());

  it('normalizes every section', () => {
    expect(config.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(config.discovery).toEqual({ include: ['**'], exclude: ['legacy/**'] });
    expect(config.cacheTtlMs).toBe(90 * 60_000);
    expect(config.storePath).toBe('/repo/.shipshape/state.db');
    expect(warnings).toEqual([]);
  });

  it('builds the policy with durations in ms and rules in order', () => {
    expect(config.policy.defaults).toEqual({
      ...DEFAULT_POLICY_SETTINGS,
      minimumReleaseAgeMs: 3 * DAY,
      exclude: ['/-rc\\d*$/'],
    });
    expect(config.policy.ignore).toEqual(['busybox', 'ghcr.io/acme/*']);
    expect(config.policy.rules).toEqual([
      {
        matchImages: ['postgres'],
        matchPaths: ['db/**'],
        matchKinds: ['compose'],
        settings: {
          updateTypes: ['patch', 'minor'],
          include: ['16.*'],
          minimumReleaseAgeMs: 7 * DAY,
          group: 'db',
        },
      },
      {
        matchImages: ['ghcr.io/acme/**'],
        settings: {
          versioning: 'regex',
          versioningPattern: '^(?<major>\\d+)\\.(?<minor>\\d+)-(?<compatibility>.+)$',
          pinDigests: true,
        },
      },
      { matchKinds: ['github-actions'], settings: { enabled: false } },
    ]);
  });

  it('keys registries by normalized host', () => {
    expect(Object.keys(config.registries)).toEqual([
      'registry.example:5000',
      'localhost:5001',
      'ghcr.io',
      'docker.io',
    ]);
    expect(config.registries['registry.example:5000']).toEqual({
      host: 'registry.example:5000',
      insecure: true,
      ca: '/repo/ca.pem',
      concurrency: 8,
      mirror: null,
      authenticated: true,
    });
    expect(config.registries['docker.io']).toEqual({
      host: 'docker.io',
      insecure: false,
      ca: null,
      concurrency: 4,
      mirror: null,
      authenticated: false,
    });
  });

  it('hands credentials over as specs with absolute paths, reading no secret', () => {
    expect(Object.keys(config.credentials)).toEqual(['registry.example:5000', 'localhost:5001', 'ghcr.io']);
    expect({ ...config.credentials['registry.example:5000'] }).toEqual({
      username: 'bot',
      passwordEnv: 'REG_PW',
    });
    expect({ ...config.credentials['localhost:5001'] }).toEqual({
      username: 'ci',
      passwordFile: '/repo/secrets/pw',
    });
    expect({ ...config.credentials['ghcr.io'] }).toEqual({ tokenEnv: 'GHCR_TOKEN' });
    expect(Object.isFrozen(config.credentials['ghcr.io'])).toBe(true);
  });

  it('hides an inline token when the config is printed', () => {
    const { config: withToken } = parseConfigText(
      'registries: { r.example: { token: inline-0xfeedface } }',
      ctx(),
    );
    expect(withToken.credentials['r.example']!.token).toBe('inline-0xfeedface');
    for (const text of [JSON.stringify(withToken), inspect(withToken, { depth: 10 })]) {
      expect(text).not.toContain('0xfeedface');
      expect(text).toContain('[redacted]');
    }
  });
});

describe('parseConfigText: zero config', () => {
  it.each(['', '# nothing yet\n', '---\n'])('%j yields the defaults', (text) => {
    const { config, warnings } = parseConfigText(text, ctx());
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      platform: { os: 'linux', architecture: 'amd64' },
      registries: {},
      credentials: {},
      discovery: { include: ['**'], exclude: [] },
      policy: { defaults: DEFAULT_POLICY_SETTINGS, rules: [], ignore: [] },
      docker: { hosts: [], labelsOptIn: false },
      cacheTtlMs: 3_600_000,
      storePath: '/repo/.shipshape/state.db',
      scan: {
        scanner: 'builtin',
        inCheck: false,
        trivyPath: 'trivy',
        grypePath: 'grype',
        advisoryDb: { path: '/repo/.shipshape/advisories.db', sources: null, maxAgeDays: null },
      },
    });
  });

  it('keeps an absolute store path', () => {
    expect(parseConfigText('store: { path: /var/lib/shipshape/state.db }', ctx()).config.storePath).toBe(
      '/var/lib/shipshape/state.db',
    );
  });
});
