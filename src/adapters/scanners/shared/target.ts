/** How an image is named to another scanner's program. */
import type { ScanTarget } from '../../../ports/scanner.js';

/** Tags never hold a ":"; digests always do ("sha256:…"). */
export function isDigest(reference: string): boolean {
  return reference.includes(':');
}

/** `registry/repository:tag`, or `…@digest` when the reference (or the pinned digest) is one. */
export function toolImageName(target: ScanTarget, pinned: string | null): string {
  const name = `${target.repo.registry}/${target.repo.repository}`;
  const reference = pinned ?? target.reference;
  return isDigest(reference) ? `${name}@${reference}` : `${name}:${reference}`;
}

export function platformText(target: ScanTarget): string | null {
  const p = target.platform;
  return p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : null;
}

/** Resolves a target to the image manifest digest for its platform (the composition root wires the registry). */
export type PinDigest = (target: ScanTarget) => Promise<string>;
