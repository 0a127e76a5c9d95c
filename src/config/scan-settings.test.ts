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
