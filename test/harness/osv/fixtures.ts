/**
 * OSV record builders shaped like the real exports, and a seeded generator of synthetic advisories and
 * inventories for load tests and the benchmark.
 */
import type { Inventory, InventoryPackage, PackageType } from '../../../src/core/vuln/types.js';

export type OsvEventJson =
  { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

export interface OsvRangeJson {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT';
  repo?: string;
  events: OsvEventJson[];
}

export interface OsvSeverityJson {
  type: string;
  score: string;
}

export interface OsvAffectedJson {
  package: { ecosystem: string; name: string; purl?: string };
  severity?: OsvSeverityJson[];
  ranges?: OsvRangeJson[];
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
}

export interface OsvJson {
  schema_version: string;
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  upstream?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverityJson[];
  affected: OsvAffectedJson[];
  references?: { type: string; url: string }[];
  database_specific?: Record<string, unknown>;
}

export const introduced = (version: string): OsvEventJson => ({ introduced: version });
export const fixed = (version: string): OsvEventJson => ({ fixed: version });
export const lastAffected = (version: string): OsvEventJson => ({ last_affected: version });
export const limit = (version: string): OsvEventJson => ({ limit: version });

export const ecosystemRange = (...events: OsvEventJson[]): OsvRangeJson => ({ type: 'ECOSYSTEM', events });
export const semverRange = (...events: OsvEventJson[]): OsvRangeJson => ({ type: 'SEMVER', events });

export function affectedPackage(
  ecosystem: string,
  name: string,
  ranges: OsvRangeJson[],
  extra: Omit<OsvAffectedJson, 'package' | 'ranges'> = {},
): OsvAffectedJson {
  return { package: { ecosystem, name }, ranges, ...extra };
}

export function advisory(
  id: string,
  affected: OsvAffectedJson[],
  extra: Partial<Omit<OsvJson, 'id' | 'affected'>> = {},
): OsvJson {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2025-01-15T10:00:00Z',
    published: '2025-01-10T10:00:00Z',
    ...extra,
    affected,
  };
}

/** CVE-2021-44228's CVSS v3.1 vector (score 10.0). */
export const LOG4SHELL_VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H';

/** Log4Shell as GitHub's advisory database publishes it in OSV: log4j-core's three affected ranges. */
export function log4shellAdvisory(): OsvJson {
  return advisory(
    'GHSA-jfh8-c2jp-5v3q',
    [
      affectedPackage('Maven', 'org.apache.logging.log4j:log4j-core', [
        ecosystemRange(introduced('2.13.0'), fixed('2.15.0')),
        ecosystemRange(introduced('2.0-beta9'), fixed('2.3.1')),
        ecosystemRange(introduced('2.4'), fixed('2.12.2')),
      ]),
    ],
    {
      aliases: ['CVE-2021-44228'],
      summary: 'Remote code injection in Log4j',
      severity: [{ type: 'CVSS_V3', score: LOG4SHELL_VECTOR }],
      database_specific: { severity: 'CRITICAL' },
    },
  );
}

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Package names per synthetic ecosystem: advisories and inventories draw from the same pools. */
export const SYNTHETIC_POOL_SIZE = 2000;

interface SyntheticEcosystem {
  readonly ecosystem: string;
  readonly weight: number;
  readonly idPrefix: string;
  readonly rangeType: 'ECOSYSTEM' | 'SEMVER';
  readonly name: (k: number) => string;
  readonly version: (a: number, b: number, c: number, r: number) => string;
}

const plain = (a: number, b: number, c: number): string => `${a}.${b}.${c}`;

const ECOSYSTEMS: readonly SyntheticEcosystem[] = [
  {
    ecosystem: 'Debian:12',
    weight: 30,
    idPrefix: 'DEBIAN-CVE',
    rangeType: 'ECOSYSTEM',
    name: (k) => `syn-deb-${k}`,
    version: (a, b, c, r) => `${a}.${b}.${c}-${r}`,
  },
  {
    ecosystem: 'Alpine:v3.19',
    weight: 15,
    idPrefix: 'ALPINE-CVE',
    rangeType: 'ECOSYSTEM',
    name: (k) => `syn-apk-${k}`,
    version: (a, b, c, r) => `${a}.${b}.${c}-r${r}`,
  },
  {
    ecosystem: 'Ubuntu:22.04:LTS',
    weight: 10,
    idPrefix: 'UBUNTU-CVE',
    rangeType: 'ECOSYSTEM',
    name: (k) => `syn-deb-${k}`,
    version: (a, b, c, r) => `${a}.${b}.${c}-${r}ubuntu1`,
  },
  {
    ecosystem: 'npm',
    weight: 15,
    idPrefix: 'GHSA-npm',
    rangeType: 'SEMVER',
    name: (k) => `syn-npm-${k}`,
    version: plain,
  },
  {
    ecosystem: 'PyPI',
    weight: 15,
    idPrefix: 'PYSEC',
    rangeType: 'ECOSYSTEM',
    name: (k) => `syn-py-${k}`,
    version: plain,
  },
  {
    ecosystem: 'Go',
    weight: 10,
    idPrefix: 'GO',
    rangeType: 'SEMVER',
    name: (k) => `example.com/syn/go${k}`,
    version: plain,
  },
  {
    ecosystem: 'Maven',
    weight: 5,
    idPrefix: 'GHSA-mvn',
    rangeType: 'ECOSYSTEM',
    name: (k) => `org.syn:syn-mvn-${k}`,
    version: plain,
  },
];

const VECTORS = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
  'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N',
];
const TEXT_SEVERITIES = ['LOW', 'MODERATE', 'HIGH', 'CRITICAL'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function pickEcosystem(random: () => number): SyntheticEcosystem {
  const total = ECOSYSTEMS.reduce((sum, e) => sum + e.weight, 0);
  let x = random() * total;
  for (const e of ECOSYSTEMS) {
    x -= e.weight;
    if (x < 0) return e;
  }
  return ECOSYSTEMS[0]!;
}

function randomVersion(random: () => number): [number, number, number, number] {
  return [
    Math.floor(random() * 4),
    Math.floor(random() * 10),
    Math.floor(random() * 10),
    1 + Math.floor(random() * 3),
  ];
}

function ordered(random: () => number, eco: SyntheticEcosystem, count: number): string[] {
  const tuples = Array.from({ length: count }, () => randomVersion(random));
  tuples.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3]);
  return tuples.map(([a, b, c, r]) => eco.version(a, b, c, r));
}

/**
 * `n` OSV records over Debian 12, Alpine 3.19, Ubuntu 22.04, npm, PyPI, Go and Maven, deterministic for a
 * seed: fixed and unfixed ranges, bounded windows, `last_affected`, two windows in one range, versions
 * lists, CVSS vectors and text severities, about 1% withdrawn. Ids and aliases are unique.
 */
export function makeSyntheticAdvisories(n: number, seed: number): OsvJson[] {
  const random = seededRandom(seed);
  const records: OsvJson[] = [];
  for (let i = 0; i < n; i++) {
    const eco = pickEcosystem(random);
    const name = eco.name(Math.floor(random() * SYNTHETIC_POOL_SIZE));
    const shape = random();
    let ranges: OsvRangeJson[] = [];
    let versions: string[] | undefined;
    if (shape < 0.5) {
      const [fix] = ordered(random, eco, 1);
      ranges = [{ type: eco.rangeType, events: [introduced('0'), fixed(fix!)] }];
    } else if (shape < 0.65) {
      const [from, to] = ordered(random, eco, 2);
      ranges = [{ type: eco.rangeType, events: [introduced(from!), fixed(to!)] }];
    } else if (shape < 0.75) {
      ranges = [{ type: eco.rangeType, events: [introduced('0')] }];
    } else if (shape < 0.85) {
      const [last] = ordered(random, eco, 1);
      ranges = [{ type: eco.rangeType, events: [introduced('0'), lastAffected(last!)] }];
    } else if (shape < 0.95) {
      const [a, b, c, d] = ordered(random, eco, 4);
      // listed out of order on purpose: evaluation sorts
      ranges = [{ type: eco.rangeType, events: [introduced(c!), fixed(b!), introduced(a!), fixed(d!)] }];
    } else {
      versions = ordered(random, eco, 3);
    }
    const year = 2015 + (i % 10);
    const severityKind = random();
    const record = advisory(
      `${eco.idPrefix}-${year}-${100000 + i}`,
      [{ package: { ecosystem: eco.ecosystem, name }, ranges, ...(versions ? { versions } : {}) }],
      {
        aliases:
          eco.idPrefix.startsWith('GHSA') || eco.idPrefix === 'PYSEC' ? [`CVE-${year}-${100000 + i}`] : [],
        summary: `synthetic advisory ${i} for ${name}`,
        modified: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
        ...(severityKind < 0.6
          ? { severity: [{ type: 'CVSS_V3', score: pick(random, VECTORS) }] }
          : severityKind < 0.9
            ? { database_specific: { severity: pick(random, TEXT_SEVERITIES) } }
            : {}),
        ...(random() < 0.01 ? { withdrawn: '2025-02-01T00:00:00Z' } : {}),
      },
    );
    records.push(record);
  }
  return records;
}

const LANGUAGE_TYPES: readonly { type: PackageType; eco: string }[] = [
  { type: 'npm', eco: 'npm' },
  { type: 'pypi', eco: 'PyPI' },
  { type: 'golang', eco: 'Go' },
  { type: 'maven', eco: 'Maven' },
];

/**
 * An inventory of `count` packages drawn from the synthetic pools: 60% OS packages of `os`
 * (Debian 12, Ubuntu 22.04 or Alpine 3.19; deb packages are binaries of a source package), 40% language
 * packages. Distinct package names.
 */
export function makeSyntheticInventory(
  count: number,
  seed: number,
  os: 'debian' | 'ubuntu' | 'alpine' = 'debian',
): Inventory {
  const random = seededRandom(seed);
  const osEco = ECOSYSTEMS.find((e) =>
    os === 'debian'
      ? e.ecosystem === 'Debian:12'
      : os === 'ubuntu'
        ? e.ecosystem === 'Ubuntu:22.04:LTS'
        : e.ecosystem === 'Alpine:v3.19',
  )!;
  const packages: InventoryPackage[] = [];
  const used = new Set<string>();
  while (packages.length < count) {
    const isOs = random() < 0.6;
    const lang = pick(random, LANGUAGE_TYPES);
    const eco = isOs ? osEco : ECOSYSTEMS.find((e) => e.ecosystem === lang.eco)!;
    const k = Math.floor(random() * SYNTHETIC_POOL_SIZE);
    const [a, b, c, r] = randomVersion(random);
    const version = eco.version(a, b, c, r);
    const source = eco.name(k);
    if (isOs) {
      const binary = os === 'alpine' ? `${source}-libs` : `lib${source}`;
      if (used.has(`os:${binary}`)) continue;
      used.add(`os:${binary}`);
      const type: PackageType = os === 'alpine' ? 'apk' : 'deb';
      packages.push({
        name: binary,
        version,
        type,
        sourceName: source,
        sourceVersion: version,
        purl: `pkg:${type}/${os}/${binary}@${version}`,
        location: os === 'alpine' ? 'lib/apk/db/installed' : 'var/lib/dpkg/status',
      });
    } else {
      if (used.has(`${lang.eco}:${source}`)) continue;
      used.add(`${lang.eco}:${source}`);
      const goVersion = lang.type === 'golang' ? `v${version}` : version;
      packages.push({
        name: source,
        version: goVersion,
        type: lang.type,
        purl:
          lang.type === 'maven'
            ? `pkg:maven/${source.replace(':', '/')}@${version}`
            : `pkg:${lang.type}/${source}@${goVersion}`,
        location: `app/${lang.type}/${source}`,
      });
    }
  }
  const versionId = os === 'debian' ? '12' : os === 'ubuntu' ? '22.04' : '3.19.1';
  return {
    imageDigest: `sha256:${seed.toString(16).padStart(64, '0')}`,
    os: { id: os, versionId, prettyName: null },
    packages,
  };
}
