/**
 * A CycloneDX 1.5 JSON SBOM of one image: `metadata.component` is the image (a `container` with its
 * pkg:oci purl), `components` are the inventory's packages (and the operating system), `vulnerabilities`
 * are the findings, one entry per advisory with every affected package in `affects`.
 * Spec: https://cyclonedx.org/docs/1.5/json/
 */
import { randomUUID } from 'node:crypto';
import { SEVERITY_RANK } from '../../../core/vuln/index.js';
import type { Finding, Inventory, PackageRef, Severity } from '../../../core/vuln/types.js';
import { formatPurl } from '../../inventory/purl.js';

export interface CycloneDxImage {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string;
  /** "linux/amd64" */
  readonly platform: string | null;
}

export interface CycloneDxInput {
  readonly image: CycloneDxImage;
  readonly inventory: Inventory;
  readonly findings: readonly Finding[];
  readonly tool: { readonly name: string; readonly version: string };
  /** Default: a random urn:uuid. */
  readonly serialNumber?: string;
  /** Default: now. */
  readonly timestamp?: Date;
}

interface Property {
  readonly name: string;
  readonly value: string;
}

export interface CycloneDxComponent {
  readonly 'bom-ref': string;
  readonly type: 'library' | 'container' | 'operating-system' | 'application';
  readonly name: string;
  readonly version?: string;
  readonly purl?: string;
  readonly properties?: readonly Property[];
}

export interface CycloneDxVulnerability {
  readonly 'bom-ref': string;
  readonly id: string;
  readonly source: { readonly name: string; readonly url?: string };
  readonly references?: readonly {
    readonly id: string;
    readonly source: { readonly name: string; readonly url?: string };
  }[];
  readonly ratings: readonly {
    readonly score?: number;
    readonly severity: Severity;
    readonly method?: 'CVSSv2' | 'CVSSv3' | 'CVSSv31' | 'CVSSv4' | 'other';
    readonly vector?: string;
  }[];
  readonly description?: string;
  readonly recommendation?: string;
  readonly affects: readonly {
    readonly ref: string;
    readonly versions: readonly { readonly version: string; readonly status: 'affected' }[];
  }[];
  readonly properties: readonly Property[];
}

export interface CycloneDxBom {
  readonly $schema: string;
  readonly bomFormat: 'CycloneDX';
  readonly specVersion: '1.5';
  readonly serialNumber: string;
  readonly version: 1;
  readonly metadata: {
    readonly timestamp: string;
    readonly tools: { readonly components: readonly CycloneDxComponent[] };
    readonly component: CycloneDxComponent;
  };
  readonly components: readonly CycloneDxComponent[];
  readonly dependencies: readonly { readonly ref: string; readonly dependsOn: readonly string[] }[];
  readonly vulnerabilities: readonly CycloneDxVulnerability[];
}

/** pkg:oci/<name>@<digest>?arch=…&repository_url=<registry/repository>&tag=… (the purl spec's OCI type). */
export function imagePurl(image: CycloneDxImage): string {
  const name = image.repository.slice(image.repository.lastIndexOf('/') + 1).toLowerCase();
  const arch = image.platform?.split('/')[1] ?? null;
  return formatPurl({
    type: 'oci',
    name,
    version: image.digest,
    qualifiers: { arch, repository_url: `${image.registry}/${image.repository}`, tag: image.tag },
  });
}

/** Where an advisory id is published, by its prefix. */
function advisorySource(id: string): { name: string; url?: string } {
  if (id.startsWith('CVE-')) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` };
  if (id.startsWith('GHSA-')) return { name: 'GitHub', url: `https://github.com/advisories/${id}` };
  if (/^(DSA|DLA|DEBIAN)-/.test(id))
    return { name: 'Debian', url: `https://security-tracker.debian.org/tracker/${id}` };
  if (/^(USN|UBUNTU)-/.test(id)) return { name: 'Ubuntu', url: `https://ubuntu.com/security/notices/${id}` };
  if (id.startsWith('ALPINE-')) return { name: 'Alpine', url: 'https://security.alpinelinux.org/' };
  if (/^(RHSA|RHBA|RHEA)-/.test(id))
    return { name: 'Red Hat', url: `https://access.redhat.com/errata/${id}` };
  if (/^(RLSA|ALSA)-/.test(id)) return { name: id.startsWith('RLSA') ? 'Rocky Linux' : 'AlmaLinux' };
  if (/^(GO|PYSEC|RUSTSEC)-/.test(id)) return { name: 'OSV', url: `https://osv.dev/vulnerability/${id}` };
  return { name: 'OSV', url: `https://osv.dev/vulnerability/${id}` };
}

function cvssMethod(vector: string | null): 'CVSSv2' | 'CVSSv3' | 'CVSSv31' | 'CVSSv4' | 'other' {
  if (vector === null) return 'other';
  if (vector.startsWith('CVSS:3.1/')) return 'CVSSv31';
  if (vector.startsWith('CVSS:3.0/')) return 'CVSSv3';
  if (vector.startsWith('CVSS:4.0/')) return 'CVSSv4';
  if (/^(\()?AV:[LAN]\/AC:[HML]\/Au:/.test(vector)) return 'CVSSv2';
  return 'other';
}

const packageKey = (p: PackageRef): string => `${p.purl}\u0000${p.name}\u0000${p.version}`;

export function cyclonedxBom(input: CycloneDxInput): CycloneDxBom {
  const { image, inventory } = input;
  const root: CycloneDxComponent = {
    'bom-ref': imagePurl(image),
    type: 'container',
    name: `${image.registry}/${image.repository}`,
    version: image.digest,
    purl: imagePurl(image),
    ...(image.tag !== null ? { properties: [{ name: 'shipshape:image:tag', value: image.tag }] } : {}),
  };

  const refs = new Set<string>([root['bom-ref']]);
  const unique = (wanted: string): string => {
    let ref = wanted;
    for (let n = 2; refs.has(ref); n++) ref = `${wanted}#${n}`;
    refs.add(ref);
    return ref;
  };
  const components: CycloneDxComponent[] = [];
  const refOf = new Map<string, string>();

  if (inventory.os !== null) {
    components.push({
      'bom-ref': unique(`os:${inventory.os.id}@${inventory.os.versionId ?? ''}`),
      type: 'operating-system',
      name: inventory.os.id,
      ...(inventory.os.versionId !== null ? { version: inventory.os.versionId } : {}),
      ...(inventory.os.prettyName !== null
        ? { properties: [{ name: 'shipshape:os:pretty-name', value: inventory.os.prettyName }] }
        : {}),
    });
  }
  const addPackage = (p: PackageRef, extra: readonly Property[]): string => {
    const ref = unique(p.purl);
    components.push({
      'bom-ref': ref,
      type: 'library',
      name: p.name,
      version: p.version,
      purl: p.purl,
      properties: [{ name: 'shipshape:package:type', value: p.type }, ...extra],
    });
    if (!refOf.has(packageKey(p))) refOf.set(packageKey(p), ref);
    return ref;
  };
  for (const p of inventory.packages) {
    addPackage(p, [
      ...(p.location ? [{ name: 'shipshape:package:location', value: p.location }] : []),
      ...(p.sourceName ? [{ name: 'shipshape:package:source-name', value: p.sourceName }] : []),
      ...(p.sourceVersion ? [{ name: 'shipshape:package:source-version', value: p.sourceVersion }] : []),
    ]);
  }

  const byId = new Map<string, Finding[]>();
  for (const f of input.findings) {
    const list = byId.get(f.id);
    if (list) list.push(f);
    else byId.set(f.id, [f]);
  }
  const vulnerabilities = [...byId.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, findings]): CycloneDxVulnerability => {
      const worst = findings.reduce((w, f) =>
        SEVERITY_RANK[f.severity] > SEVERITY_RANK[w.severity] ? f : w,
      );
      const cvss = findings.map((f) => f.cvss).find((c) => c !== null) ?? null;
      const aliases = [...new Set(findings.flatMap((f) => f.aliases))].sort();
      const fixed = [...new Set(findings.flatMap((f) => f.fixedVersions))];
      const summary = findings.find((f) => f.summary !== undefined)?.summary;
      return {
        'bom-ref': unique(`vulnerability:${id}`),
        id,
        source: advisorySource(id),
        ...(aliases.length > 0
          ? { references: aliases.map((a) => ({ id: a, source: advisorySource(a) })) }
          : {}),
        ratings: [
          cvss === null
            ? { severity: worst.severity }
            : {
                score: cvss.score,
                severity: worst.severity,
                method: cvssMethod(cvss.vector),
                ...(cvss.vector !== null ? { vector: cvss.vector } : {}),
              },
        ],
        ...(summary !== undefined ? { description: summary } : {}),
        ...(fixed.length > 0 ? { recommendation: `Upgrade to ${fixed.join(' or ')}` } : {}),
        affects: [
          ...new Map(
            findings.map((f) => {
              const ref = refOf.get(packageKey(f.package)) ?? addPackage(f.package, []);
              return [ref, { ref, versions: [{ version: f.package.version, status: 'affected' as const }] }];
            }),
          ).values(),
        ],
        properties: [{ name: 'shipshape:fix-state', value: worst.fixState }],
      };
    });

  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: input.serialNumber ?? `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: (input.timestamp ?? new Date()).toISOString(),
      tools: {
        components: [
          {
            'bom-ref': `tool:${input.tool.name}@${input.tool.version}`,
            type: 'application',
            name: input.tool.name,
            version: input.tool.version,
          },
        ],
      },
      component: root,
    },
    components,
    dependencies: [{ ref: root['bom-ref'], dependsOn: components.map((c) => c['bom-ref']) }],
    vulnerabilities,
  };
}
