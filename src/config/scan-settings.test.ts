import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseConfigText, type ParseConfigContext } from './parse.js';

const ctx: ParseConfigContext = {
  file: 'shipshape.yaml',
  dir: '/repo',
  env: {},
  hostPlatform: { os: 'linux', architecture: 'amd64' },
  fileProblem: () => null,
};

function problems(text: string): string[] {
  try {
    parseConfigText(text, ctx);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('scan settings', () => {
  it('resolves programs with a slash and files against the config directory', () => {
    const { config } = parseConfigText(
      `scan:
  scanner: trivy
  trivyPath: ./bin/trivy
  grypePath: grype-0.79
  advisoryDb:
    path: data/advisories.db
    maxAgeDays: 2
    sources:
      - { osv: "https://osv-mirror.internal/exports", ecosystems: [Debian, npm] }
      - { directory: ./advisories }
`,
      ctx,
    );
    expect(config.scan).toEqual({
      scanner: 'trivy',
      inCheck: false,
      trivyPath: '/repo/bin/trivy',
      grypePath: 'grype-0.79',
      advisoryDb: {
        path: '/repo/data/advisories.db',
        maxAgeDays: 2,
        sources: [
          { kind: 'osv-zip', baseUrl: 'https://osv-mirror.internal/exports', ecosystems: ['Debian', 'npm'] },
          { kind: 'directory', path: '/repo/advisories' },
        ],
      },
    });
  });

  it('keeps the advisory database next to the state file by default', () => {
    const { config } = parseConfigText('store: { path: /var/lib/shipshape/state.db }\n', ctx);
    expect(config.scan.advisoryDb.path).toBe('/var/lib/shipshape/advisories.db');
  });

  it('refuses unknown scanners, empty ecosystem lists and non-HTTP sources', () => {
    expect(problems('scan: { scanner: clair }\n')).toEqual([
      'scan.scanner: invalid value "clair"; expected one of builtin, trivy, grype',
    ]);
    expect(
      problems('scan: { advisoryDb: { sources: [{ osv: "https://x", ecosystems: [] }] } }\n'),
    ).not.toEqual([]);
    expect(
      problems('scan: { advisoryDb: { sources: [{ osv: "ftp://x", ecosystems: [Debian] }] } }\n'),
    ).not.toEqual([]);
    expect(problems('scan: { advisoryDb: { maxAgeDays: 0 } }\n')).not.toEqual([]);
  });
});

describe('vulnerabilities in check', () => {
  it('reads scan.inCheck and the vulnerability policy options, per rule too', () => {
    const { config } = parseConfigText(
      `scan: { inCheck: true }
policy:
  blockIntroduced: high
  preferFixes: true
  rules:
    - matchImages: [postgres]
      blockIntroduced: critical
      securityBypassesAge: true
`,
      ctx,
    );
    expect(config.scan.inCheck).toBe(true);
    expect(config.policy.defaults).toMatchObject({
      blockIntroduced: 'high',
      preferFixes: true,
      securityBypassesAge: false,
    });
    expect(config.policy.rules[0]?.settings).toEqual({
      blockIntroduced: 'critical',
      securityBypassesAge: true,
    });
  });

  it('refuses an unknown level', () => {
    expect(problems('policy: { blockIntroduced: severe }\n')).toEqual([
      'policy.blockIntroduced: invalid value "severe"; expected one of critical, high, medium, low, none',
    ]);
  });
});
