/** Platform names (OCI/Go spelling) and the choice of one image out of an index. */
import type { Descriptor, Platform } from '../../../ports/registry.js';

const ARCH_ALIASES: Readonly<Record<string, { architecture: string; variant?: string }>> = {
  x64: { architecture: 'amd64' },
  x86_64: { architecture: 'amd64' },
  'x86-64': { architecture: 'amd64' },
  aarch64: { architecture: 'arm64' },
  armhf: { architecture: 'arm', variant: 'v7' },
  armel: { architecture: 'arm', variant: 'v6' },
  ia32: { architecture: '386' },
  i386: { architecture: '386' },
  x32: { architecture: '386' },
  ppc64: { architecture: 'ppc64le' },
};

/** Lower-cases and maps aliases; default variants as containerd does (arm64 → v8, arm → v7, amd64 v1 → none). */
export function normalizePlatform(p: Platform): { os: string; architecture: string; variant: string } {
  const os = p.os.toLowerCase();
  let architecture = p.architecture.toLowerCase();
  let variant = (p.variant ?? '').toLowerCase();
  const alias = ARCH_ALIASES[architecture];
  if (alias) {
    architecture = alias.architecture;
    if (!variant && alias.variant) variant = alias.variant;
  }
  if (architecture === 'arm64' && variant === '') variant = 'v8';
  if (architecture === 'arm' && variant === '') variant = 'v7';
  if (architecture === 'amd64' && variant === 'v1') variant = '';
  if (architecture === 'arm' && variant === '8') variant = 'v8';
  return { os, architecture, variant };
}

/** The OCI platform for a Node `process.arch` (containers are Linux regardless of the host OS). */
export function hostPlatform(arch: string, armVersion?: string | number): Platform {
  const alias = ARCH_ALIASES[arch];
  const architecture = alias?.architecture ?? arch;
  if (architecture === 'arm64') return { os: 'linux', architecture, variant: 'v8' };
  if (architecture === 'arm') return { os: 'linux', architecture, variant: `v${armVersion ?? 7}` };
  return { os: 'linux', architecture };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** Index entries that are not runnable images: BuildKit attestations, `unknown/unknown` platforms. */
export function isAttestationEntry(d: Descriptor): boolean {
  if (d.annotations?.['vnd.docker.reference.type'] !== undefined) return true;
  return d.platform?.os === 'unknown' && d.platform.architecture === 'unknown';
}

/** Older variants an architecture variant can run, best first (containerd's compatibility rules). */
function compatibleVariants(architecture: string, variant: string): string[] {
  if (architecture === 'arm') {
    const order = ['v8', 'v7', 'v6', 'v5'];
    const at = order.indexOf(variant);
    return at < 0 ? [variant] : order.slice(at);
  }
  if (architecture === 'amd64') {
    const order = ['v4', 'v3', 'v2', ''];
    const at = order.indexOf(variant);
    return at < 0 ? [variant] : order.slice(at);
  }
  return [variant];
}

/**
 * The index entry for `want`: same OS and architecture, the exact variant when there is one, else the
 * closest compatible older variant. When `want` names no variant (other than arm's defaults), any variant
 * matches and an entry without variant is preferred. Attestation entries never match.
 */
export function selectPlatform(manifests: readonly Descriptor[], want: Platform): Descriptor | null {
  const w = normalizePlatform(want);
  const wantsVariant = want.variant !== undefined && want.variant !== '';
  const ladder = compatibleVariants(w.architecture, w.variant);
  let best: Descriptor | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const d of manifests) {
    if (!d.platform || isAttestationEntry(d)) continue;
    const c = normalizePlatform(d.platform);
    if (c.os !== w.os || c.architecture !== w.architecture) continue;
    let score: number;
    if (!wantsVariant && w.architecture !== 'arm64' && w.architecture !== 'arm') {
      score = c.variant === '' ? 0 : 1;
    } else {
      const at = ladder.indexOf(c.variant);
      if (at < 0) continue;
      score = at;
    }
    if (score < bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}
