import { describe, expect, it } from 'vitest';
import { MediaTypes } from '../../../ports/registry.js';
import { parseManifest } from './manifest.js';

const enc = (v: unknown): Uint8Array =>
  new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const dg = (c: string): string => `sha256:${c.repeat(64)}`;
const desc = (mediaType: string, c: string, extra: object = {}) => ({
  mediaType,
  digest: dg(c),
  size: 10,
  ...extra,
});

describe('parseManifest', () => {
  it('parses the four media types', () => {
    const image = {
      schemaVersion: 2,
      config: desc(MediaTypes.dockerConfig, 'c'),
      layers: [desc('application/x', 'l')],
    };
    const docker = parseManifest(enc({ ...image, mediaType: MediaTypes.dockerManifest }), undefined, dg('0'));
    expect(docker).toMatchObject({
      ok: true,
      manifest: { kind: 'image', mediaType: MediaTypes.dockerManifest },
    });
    const oci = parseManifest(enc({ ...image, mediaType: MediaTypes.ociManifest }), undefined, dg('0'));
    expect(oci).toMatchObject({
      ok: true,
      manifest: { kind: 'image', mediaType: MediaTypes.ociManifest, digest: dg('0') },
    });
    const list = {
      schemaVersion: 2,
      manifests: [desc(MediaTypes.dockerManifest, 'a', { platform: { os: 'linux', architecture: 'amd64' } })],
    };
    expect(
      parseManifest(enc({ ...list, mediaType: MediaTypes.dockerManifestList }), undefined, dg('0')),
    ).toMatchObject({
      ok: true,
      manifest: {
        kind: 'index',
        mediaType: MediaTypes.dockerManifestList,
        manifests: [{ platform: { os: 'linux', architecture: 'amd64' } }],
      },
    });
    expect(parseManifest(enc({ ...list, mediaType: MediaTypes.ociIndex }), undefined, dg('0'))).toMatchObject(
      {
        ok: true,
        manifest: { kind: 'index', mediaType: MediaTypes.ociIndex },
      },
    );
  });

  it('takes the media type from Content-Type or the shape when the body has none', () => {
    const index = { schemaVersion: 2, manifests: [] };
    expect(
      parseManifest(enc(index), `${MediaTypes.dockerManifestList}; charset=utf-8`, dg('0')),
    ).toMatchObject({
      ok: true,
      manifest: { kind: 'index', mediaType: MediaTypes.dockerManifestList },
    });
    expect(parseManifest(enc(index), 'application/json', dg('0'))).toMatchObject({
      ok: true,
      manifest: { mediaType: MediaTypes.ociIndex },
    });
  });

  it('keeps subject, artifactType and annotations', () => {
    const m = {
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      artifactType: 'application/vnd.example.sbom',
      config: desc(MediaTypes.ociEmpty, 'e'),
      layers: [],
      subject: desc(MediaTypes.ociManifest, 's'),
      annotations: { 'org.opencontainers.image.created': '2025-01-01T00:00:00Z' },
    };
    const r = parseManifest(enc(m), undefined, dg('0'));
    expect(r).toMatchObject({
      ok: true,
      manifest: { artifactType: 'application/vnd.example.sbom', subject: { digest: dg('s') } },
    });
  });

  it('rejects garbage and invalid shapes as MALFORMED_RESPONSE', () => {
    for (const bad of [
      '{"schemaVersion": 2, "layers": [',
      '[]',
      '\u00ff\u00fe',
      { schemaVersion: 3 },
      {
        schemaVersion: 2,
        mediaType: MediaTypes.ociManifest,
        config: { digest: 'nope', size: 1, mediaType: 'x' },
        layers: [],
      },
      {
        schemaVersion: 2,
        mediaType: MediaTypes.ociManifest,
        config: desc('x', 'c'),
        layers: [{ ...desc('x', 'l'), size: -1 }],
      },
      {
        schemaVersion: 2,
        mediaType: MediaTypes.ociIndex,
        manifests: [desc('x', 'a', { platform: { os: 'linux' } })],
      },
      { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: 'none' },
      { schemaVersion: 2, mediaType: MediaTypes.dockerManifest, config: desc('x', 'c') },
    ]) {
      const r = parseManifest(enc(bad), undefined, dg('0'));
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) expect(r.code).toBe('MALFORMED_RESPONSE');
    }
  });

  it('reports schema 1 and unknown media types as UNSUPPORTED', () => {
    expect(parseManifest(enc({ schemaVersion: 1, name: 'x' }), undefined, dg('0'))).toMatchObject({
      ok: false,
      code: 'UNSUPPORTED',
    });
    expect(
      parseManifest(
        enc({ schemaVersion: 2, mediaType: 'application/vnd.oci.artifact.manifest.v1+json', blobs: [] }),
        undefined,
        dg('0'),
      ),
    ).toMatchObject({ ok: false, code: 'UNSUPPORTED' });
  });
});
