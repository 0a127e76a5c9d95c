/** The parts of an image config blob that policy needs; lenient about everything else. */
import type { ImageConfig } from '../../../ports/registry.js';

export function parseImageConfig(bytes: Uint8Array, digest: string): ImageConfig | null {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const inner = o['config'];
  const rawLabels =
    typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>)['Labels'] : undefined;
  const labels: Record<string, string> = {};
  if (typeof rawLabels === 'object' && rawLabels !== null) {
    for (const [k, v] of Object.entries(rawLabels)) if (typeof v === 'string') labels[k] = v;
  }
  return {
    digest,
    created: str(o['created']),
    os: str(o['os']),
    architecture: str(o['architecture']),
    variant: str(o['variant']),
    labels,
  };
}
