/**
 * Manifest parsing and validation for the four media types we handle (Docker v2 manifest and list, OCI
 * manifest and index). Returns a result: the caller turns a failure into a typed error with its host.
 */
import { MediaTypes, type Descriptor, type Manifest, type Platform } from '../../../ports/registry.js';
import { isDigestReference } from './digest.js';

export const INDEX_MEDIA_TYPES: readonly string[] = [MediaTypes.ociIndex, MediaTypes.dockerManifestList];
export const IMAGE_MEDIA_TYPES: readonly string[] = [MediaTypes.ociManifest, MediaTypes.dockerManifest];
export const MANIFEST_MEDIA_TYPES: readonly string[] = [...INDEX_MEDIA_TYPES, ...IMAGE_MEDIA_TYPES];

/** The Accept header for manifest requests: every type we parse, nothing we would reject. */
export const ACCEPT_MANIFESTS = MANIFEST_MEDIA_TYPES.join(', ');

export type ManifestParseResult =
  | { readonly ok: true; readonly manifest: Manifest }
  | { readonly ok: false; readonly code: 'MALFORMED_RESPONSE' | 'UNSUPPORTED'; readonly reason: string };

/** `application/json; charset=utf-8` → `application/json`. */
export function baseMediaType(contentType: string | undefined | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function isIndexMediaType(mediaType: string): boolean {
  return INDEX_MEDIA_TYPES.includes(mediaType);
}

class Invalid extends Error {}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(o: Json, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new Invalid(`${where}.${key} is not a string`);
  return v;
}

function stringMap(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new Invalid(`${where} is not an object`);
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== 'string') throw new Invalid(`${where}.${k} is not a string`);
    out[k] = value;
  }
  return out;
}

function platformOf(v: unknown, where: string): Platform | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new Invalid(`${where} is not an object`);
  const os = v['os'];
  const architecture = v['architecture'];
  if (typeof os !== 'string' || typeof architecture !== 'string')
    throw new Invalid(`${where} lacks os/architecture`);
  const variant = optionalString(v, 'variant', where);
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function parseDescriptor(v: unknown, where: string): Descriptor {
  if (!isObject(v)) throw new Invalid(`${where} is not an object`);
  const mediaType = v['mediaType'];
  const digest = v['digest'];
  const size = v['size'];
  if (typeof mediaType !== 'string' || mediaType === '') throw new Invalid(`${where}.mediaType is missing`);
  if (typeof digest !== 'string' || !isDigestReference(digest))
    throw new Invalid(`${where}.digest is not a digest`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    throw new Invalid(`${where}.size is not a size`);
  const platform = platformOf(v['platform'], `${where}.platform`);
  const annotations = stringMap(v['annotations'], `${where}.annotations`);
  const artifactType = optionalString(v, 'artifactType', where);
  const urlsValue = v['urls'];
  let urls: string[] | undefined;
  if (urlsValue !== undefined && urlsValue !== null) {
    if (!Array.isArray(urlsValue) || !urlsValue.every((u) => typeof u === 'string'))
      throw new Invalid(`${where}.urls is not a list of strings`);
    urls = urlsValue;
  }
  return {
    mediaType,
    digest,
    size,
    ...(platform ? { platform } : {}),
    ...(annotations ? { annotations } : {}),
    ...(artifactType !== undefined ? { artifactType } : {}),
    ...(urls ? { urls } : {}),
  };
}

function descriptorList(v: unknown, where: string): Descriptor[] {
  if (!Array.isArray(v)) throw new Invalid(`${where} is not a list`);
  return v.map((item, i) => parseDescriptor(item, `${where}[${i}]`));
}

/**
 * Parses manifest bytes. `contentType` is the response's Content-Type (used when the body has no
 * `mediaType`); `digest` is the digest of `bytes`, already computed or verified by the caller.
 */
export function parseManifest(
  bytes: Uint8Array,
  contentType: string | undefined,
  digest: string,
): ManifestParseResult {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, code: 'MALFORMED_RESPONSE', reason: 'manifest is not valid JSON' };
  }
  if (!isObject(json))
    return { ok: false, code: 'MALFORMED_RESPONSE', reason: 'manifest is not a JSON object' };
  if (json['schemaVersion'] === 1) {
    return { ok: false, code: 'UNSUPPORTED', reason: 'Docker schema 1 manifests are not supported' };
  }
  if (json['schemaVersion'] !== 2)
    return { ok: false, code: 'MALFORMED_RESPONSE', reason: 'manifest schemaVersion is not 2' };
  const declared = typeof json['mediaType'] === 'string' ? json['mediaType'] : undefined;
  const header = baseMediaType(contentType);
  const mediaType =
    declared ??
    (MANIFEST_MEDIA_TYPES.includes(header)
      ? header
      : Array.isArray(json['manifests'])
        ? MediaTypes.ociIndex
        : MediaTypes.ociManifest);
  if (!MANIFEST_MEDIA_TYPES.includes(mediaType)) {
    return {
      ok: false,
      code: 'UNSUPPORTED',
      reason: `manifest media type ${JSON.stringify(mediaType).slice(0, 120)} is not supported`,
    };
  }
  try {
    const artifactType = optionalString(json, 'artifactType', 'manifest');
    const subject =
      json['subject'] === undefined || json['subject'] === null
        ? undefined
        : parseDescriptor(json['subject'], 'subject');
    const annotations = stringMap(json['annotations'], 'annotations');
    const common = {
      mediaType,
      digest,
      bytes,
      ...(artifactType !== undefined ? { artifactType } : {}),
      ...(subject ? { subject } : {}),
      ...(annotations ? { annotations } : {}),
    };
    if (isIndexMediaType(mediaType)) {
      return {
        ok: true,
        manifest: { kind: 'index', ...common, manifests: descriptorList(json['manifests'], 'manifests') },
      };
    }
    const config = parseDescriptor(json['config'], 'config');
    const layers =
      json['layers'] === undefined && mediaType === MediaTypes.ociManifest
        ? []
        : descriptorList(json['layers'], 'layers');
    return { ok: true, manifest: { kind: 'image', ...common, config, layers } };
  } catch (error) {
    if (error instanceof Invalid)
      return { ok: false, code: 'MALFORMED_RESPONSE', reason: `invalid manifest: ${error.message}` };
    throw error;
  }
}
