/**
 * The shape of shipshape.yaml. Validation only: no defaults and no transforms here, so the
 * same schema yields the published JSON Schema (scripts/gen-schema.ts). Defaults and derived
 * values are filled in by normalize.ts.
 */
import { z } from 'zod';
import {
  BLOCK_LEVELS,
  DURATION_HINT,
  DURATION_PATTERN,
  UPDATE_TYPES,
  parseDuration,
  tagPatternProblem,
} from '../core/policy/index.js';
import { VERSIONING_NAMES, compileVersionPattern } from '../core/versioning/index.js';
import type { FileReferenceKind } from '../ports/source.js';

/** Reference kinds rules can match: every discovery format, plus running containers and services. */
export const REFERENCE_KINDS = [
  ...([
    'dockerfile',
    'compose',
    'kubernetes',
    'helm',
    'kustomize',
    'github-actions',
    'gitlab-ci',
  ] as const satisfies readonly FileReferenceKind[]),
  'container',
  'service',
] as const;

const REGISTRY_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const safeDuration = (s: string): number => {
  try {
    return parseDuration(s);
  } catch {
    return NaN;
  }
};
const quoted = (v: unknown): string => JSON.stringify(v);
const withoutSource = (message: string): string => message.replace(/^\[[^\]]*\] /, '');

const Duration = z
  .string()
  .regex(DURATION_PATTERN, { error: (iss) => `invalid duration ${quoted(iss.input)}; ${DURATION_HINT}` })
  // The pattern alone lets "99999999999999999w" through; parseDuration refuses it.
  .refine((s) => !DURATION_PATTERN.test(s) || Number.isSafeInteger(safeDuration(s)), {
    error: 'duration too long',
  })
  .meta({
    description: 'A duration: a whole number and a unit (ms, s, m, h, d, w), e.g. "3d", "12h", "1h30m".',
  });

const ImageGlob = z.string().min(1).meta({
  description:
    'An image glob, matched against the familiar name ("nginx", "bitnami/redis", "ghcr.io/o/r") and the full name ("docker.io/library/nginx"). `*` stays within one path segment, `**` crosses segments.',
});

const PathGlob = z.string().min(1).meta({
  description: 'A glob over "/"-separated paths relative to the scanned root, e.g. "db/**", "**/Dockerfile".',
});

const TagPattern = z
  .string()
  .superRefine((pattern, ctx) => {
    const problem = tagPatternProblem(pattern);
    if (problem !== null)
      ctx.addIssue({ code: 'custom', message: `invalid tag pattern ${quoted(pattern)}: ${problem}` });
  })
  .meta({
    description:
      'A tag pattern: `/regex/flags` is a regular expression searched in the tag (flags i, m, s, u); anything else is a glob matched against the whole tag, e.g. "1.*", "*-alpine".',
  });

const VersioningPattern = z
  .string()
  .superRefine((pattern, ctx) => {
    try {
      compileVersionPattern(pattern);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: withoutSource(e instanceof Error ? e.message : String(e)) });
    }
  })
  .meta({
    description:
      'For `versioning: regex`: a regular expression with named groups major (required), minor, patch, build, revision, prerelease, compatibility.',
  });

const EnvName = z.string().regex(ENV_NAME, {
  // Never echo the value: people paste the secret itself here by mistake.
  error: 'must be the name of an environment variable (letters, digits and _), not the secret itself',
});

/** Fields shared by `policy` (the defaults) and each rule (overrides). */
const settingsShape = {
  enabled: z.boolean().optional().meta({ description: 'false: skip matching references entirely.' }),
  versioning: z.enum(VERSIONING_NAMES).optional().meta({ description: 'How tags are read as versions.' }),
  versioningPattern: VersioningPattern.optional(),
  updateTypes: z
    .array(z.enum(UPDATE_TYPES))
    .optional()
    .meta({ description: 'Update types allowed. Pinning (pin) is governed by pinDigests alone.' }),
  include: z
    .array(TagPattern)
    .optional()
    .meta({ description: 'Only tags matching one of these are candidates.' }),
  exclude: z
    .array(TagPattern)
    .optional()
    .meta({ description: 'Tags matching one of these are never candidates.' }),
  pinDigests: z.boolean().optional().meta({ description: 'Pin references to their digest (tag@sha256:…).' }),
  minimumReleaseAge: Duration.optional().meta({
    description: 'Hold candidates younger than this (by image creation time, else first seen). "0" disables.',
  }),
  group: z
    .string()
    .min(1)
    .nullable()
    .optional()
    .meta({ description: 'Updates with the same group name travel together (one branch / pull request).' }),
  blockIntroduced: z.enum(BLOCK_LEVELS).optional().meta({
    description:
      'With vulnerability scanning in check (scan.inCheck or --vulnerabilities): hold a candidate that introduces findings of this severity or worse. Default none.',
  }),
  preferFixes: z.boolean().optional().meta({
    description:
      'With vulnerability scanning in check: mark the most conservative allowed update that fixes as much as any other (most critical first, then high, …); apply and update choose it. Default false.',
  }),
  securityBypassesAge: z.boolean().optional().meta({
    description:
      'With vulnerability scanning in check: a candidate that fixes high or critical findings is not held by minimumReleaseAge. Default false.',
  }),
};

export const RuleSchema = z
  .strictObject({
    description: z.string().optional().meta({ description: 'A note for humans; ignored.' }),
    matchImages: z.array(ImageGlob).min(1).optional(),
    matchPaths: z.array(PathGlob).min(1).optional(),
    matchKinds: z.array(z.enum(REFERENCE_KINDS)).min(1).optional(),
    ...settingsShape,
  })
  .meta({
    description:
      'Applies its settings to references matching every match list it has. Later rules override earlier ones field by field.',
  });

export const PolicySchema = z
  .strictObject({
    ...settingsShape,
    ignore: z
      .array(ImageGlob)
      .optional()
      .meta({ description: 'Image globs whose references are skipped entirely.' }),
    rules: z.array(RuleSchema).optional(),
  })
  .meta({
    description: 'What counts as an allowed update. Top-level fields are the defaults rules override.',
  });

export const RegistrySchema = z
  .strictObject({
    insecure: z.boolean().optional().meta({ description: 'Use plain HTTP (or HTTPS without verification).' }),
    ca: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'PEM file of CA certificates, relative to the config file.' }),
    username: z.string().min(1).optional(),
    passwordEnv: EnvName.optional().meta({ description: 'Environment variable holding the password.' }),
    passwordFile: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'File holding the password, relative to the config file.' }),
    token: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'A bearer token sent as is. Prefer tokenEnv: the file is readable by many.' }),
    tokenEnv: EnvName.optional().meta({ description: 'Environment variable holding a bearer token.' }),
    tokenFile: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'File holding a bearer token, relative to the config file.' }),
    concurrency: z
      .int()
      .min(1)
      .max(64)
      .optional()
      .meta({ description: 'Most requests in flight to this registry.' }),
    mirror: z.string().min(1).optional().meta({
      description:
        'A pull-through mirror (`https://mirror.example`, `mirror.example:5000`) that serves reads for this registry; the same repository paths are asked of it.',
    }),
  })
  .superRefine((r, ctx) => {
    const exclusive = (a: keyof typeof r, b: keyof typeof r): void => {
      if (r[a] !== undefined && r[b] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [b], message: `${a} and ${b} cannot both be set` });
      }
    };
    exclusive('passwordEnv', 'passwordFile');
    exclusive('token', 'tokenEnv');
    exclusive('token', 'tokenFile');
    exclusive('tokenEnv', 'tokenFile');
    const password = r.passwordEnv !== undefined || r.passwordFile !== undefined;
    const token = r.token !== undefined || r.tokenEnv !== undefined || r.tokenFile !== undefined;
    if (password && token) {
      ctx.addIssue({ code: 'custom', path: [], message: 'set either a password or a token, not both' });
    }
    if (password && r.username === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'a password needs a username' });
    }
    if (r.username !== undefined && !password) {
      ctx.addIssue({
        code: 'custom',
        path: ['username'],
        message: 'a username needs passwordEnv or passwordFile',
      });
    }
  });

const DOCKER_HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const DOCKER_URL = /^(?:unix:\/\/\/\S+|tcp:\/\/(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?\/?)$/;

export const DockerHostSchema = z
  .strictObject({
    url: z
      .string()
      .regex(DOCKER_URL, {
        error: (iss) =>
          `invalid Docker URL ${quoted(iss.input)}; expected unix:///path/to/docker.sock or tcp://host[:port]`,
      })
      .meta({ description: 'unix:///var/run/docker.sock, or tcp://host:2376 (with tls) / tcp://host:2375.' }),
    tls: z
      .strictObject({
        ca: z.string().min(1).meta({ description: 'PEM file of the CA that signed the engine certificate.' }),
        cert: z.string().min(1).meta({ description: 'PEM client certificate.' }),
        key: z.string().min(1).meta({ description: 'PEM client key.' }),
      })
      .optional()
      .meta({
        description: 'Client TLS for tcp:// (files relative to the config file), as `docker --tlsverify`.',
      }),
  })
  .superRefine((h, ctx) => {
    if (h.tls !== undefined && h.url.startsWith('unix://'))
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'tls applies to tcp:// hosts only' });
  });

export const DockerSchema = z
  .strictObject({
    hosts: z
      .record(
        z.string().regex(DOCKER_HOST_NAME, {
          error: (iss) => `invalid host name ${quoted(iss.input)}; use letters, digits, ".", "_" and "-"`,
        }),
        DockerHostSchema,
      )
      .optional()
      .meta({
        description:
          'Docker hosts checked by `check --docker`, by name. Default: one host "local" (DOCKER_HOST, else the local socket).',
      }),
    labelsOptIn: z.boolean().optional().meta({
      description: 'Only containers labelled shipshape.enable=true are checked and updated. Default false.',
    }),
  })
  .meta({ description: 'Running containers: the Docker hosts and how their shipshape.* labels apply.' });

export const SCANNER_NAMES = ['builtin', 'trivy', 'grype'] as const;

const AdvisorySourceSchema = z
  .union([
    z
      .strictObject({
        osv: z
          .string()
          .regex(/^https?:\/\/\S+$/, {
            error: (iss) => `invalid URL ${quoted(iss.input)}; expected http(s)://…`,
          })
          .meta({
            description:
              'Base URL of OSV exports laid out as OSV.dev publishes them (`<url>/<ecosystem>/all.zip`): https://osv-vulnerabilities.storage.googleapis.com or a mirror.',
          }),
        ecosystems: z
          .array(z.string().min(1))
          .min(1)
          .meta({ description: 'OSV ecosystem folders to load, e.g. ["Debian", "Alpine", "npm"].' }),
      })
      .meta({ description: 'OSV exports over HTTP.' }),
    z
      .strictObject({
        directory: z.string().min(1).meta({
          description: 'A directory of OSV JSON files, searched recursively; relative to the config file.',
        }),
      })
      .meta({ description: 'A local directory of OSV records.' }),
  ])
  .meta({ description: 'Where `shipshape db update` loads advisories from.' });

export const ScanSchema = z
  .strictObject({
    scanner: z.enum(SCANNER_NAMES).optional().meta({
      description:
        'builtin: inventory read from the registry, matched against the local OSV advisory database. trivy, grype: run that program. Default builtin.',
    }),
    trivyPath: z.string().min(1).optional().meta({
      description:
        'The trivy program: a name on PATH or a path (relative to the config file). Default "trivy".',
    }),
    grypePath: z.string().min(1).optional().meta({
      description:
        'The grype program: a name on PATH or a path (relative to the config file). Default "grype".',
    }),
    inCheck: z.boolean().optional().meta({
      description:
        '`shipshape check` scans each current image and its candidates and reports the vulnerabilities each update fixes and introduces (as `check --vulnerabilities`). Pulls image layers; results are cached per digest. Default false.',
    }),
    advisoryDb: z
      .strictObject({
        path: z.string().min(1).optional().meta({
          description:
            'The advisory database file, relative to the config file. Default advisories.db next to the state file.',
        }),
        sources: z.array(AdvisorySourceSchema).min(1).optional().meta({
          description:
            'Default: OSV.dev exports of Debian, Ubuntu, Alpine, Rocky Linux, AlmaLinux, Red Hat, npm, PyPI, Go and Maven.',
        }),
        maxAgeDays: z.number().positive().optional().meta({
          description: 'Scans warn when the database is older than this many days. Default 7.',
        }),
      })
      .optional()
      .meta({ description: 'The OSV advisory database the builtin scanner matches against.' }),
  })
  .meta({ description: 'How `shipshape scan` finds vulnerabilities.' });

export const ConfigSchema = z
  .strictObject({
    platform: z
      .string()
      .regex(PLATFORM, {
        error: (iss) => `invalid platform ${quoted(iss.input)}; expected os/arch[/variant], e.g. linux/arm64`,
      })
      .optional()
      .meta({ description: 'Platform to resolve multi-arch images for. Default: the host platform.' }),
    registries: z
      .record(
        z.string().regex(REGISTRY_HOST, {
          error: (iss) =>
            `invalid registry host ${quoted(iss.input)}; expected host[:port], e.g. registry.example:5000`,
        }),
        RegistrySchema,
      )
      .optional()
      .meta({ description: 'Per-registry settings, keyed by host[:port].' }),
    discovery: z
      .strictObject({
        include: z.array(PathGlob).optional().meta({ description: 'Paths to scan. Default ["**"].' }),
        exclude: z.array(PathGlob).optional().meta({ description: 'Paths never scanned.' }),
      })
      .optional(),
    policy: PolicySchema.optional(),
    docker: DockerSchema.optional(),
    cache: z
      .strictObject({
        ttl: Duration.optional().meta({
          description: 'How long tag lists and digests are reused. Default 1h.',
        }),
      })
      .optional(),
    store: z
      .strictObject({
        path: z.string().min(1).optional().meta({
          description: 'SQLite state file, relative to the config file. Default .shipshape/state.db.',
        }),
      })
      .optional(),
    scan: ScanSchema.optional(),
  })
  .meta({ title: 'Shipshape configuration', description: 'shipshape.yaml' });

export type RawConfig = z.infer<typeof ConfigSchema>;
export type RawRule = z.infer<typeof RuleSchema>;
export type RawRegistry = z.infer<typeof RegistrySchema>;
export type RawDocker = z.infer<typeof DockerSchema>;
export type RawScan = z.infer<typeof ScanSchema>;
