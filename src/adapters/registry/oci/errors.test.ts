import { describe, expect, it } from 'vitest';
import { errorForStatus, parseErrorBody, redact } from './errors.js';

const body = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

describe('errorForStatus', () => {
  it('says which thing is missing, with the registry error codes', () => {
    const repo = errorForStatus('r.io', 404, {
      kind: 'manifest',
      subject: 'manifest app:1',
      repository: 'app',
      body: body({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] }),
    });
    expect(repo.code).toBe('NOT_FOUND');
    expect(repo.message).toBe(
      '[registry:r.io] repository app not found (NAME_UNKNOWN: repository name not known to registry)',
    );
    const manifest = errorForStatus('r.io', 404, {
      kind: 'manifest',
      subject: 'manifest app:1',
      body: body({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }),
    });
    expect(manifest.message).toBe(
      '[registry:r.io] manifest app:1 not found (MANIFEST_UNKNOWN: manifest unknown)',
    );
    const blob = errorForStatus('r.io', 404, { kind: 'blob', subject: 'blob app@sha256:ab' });
    expect(blob.message).toBe('[registry:r.io] blob app@sha256:ab not found');
  });

  it('maps statuses to codes', () => {
    expect(errorForStatus('r', 401, { kind: 'tags', subject: 'tags of app' }).code).toBe('AUTH_FAILED');
    expect(errorForStatus('r', 403, { kind: 'tags', subject: 'tags of app' }).code).toBe('AUTH_FAILED');
    const unavailable = errorForStatus('r', 503, { kind: 'tags', subject: 'tags of app' });
    expect(unavailable.code).toBe('REGISTRY_UNAVAILABLE');
    expect(unavailable.retryable).toBe(true);
    expect(errorForStatus('r', 405, { kind: 'other', subject: 'delete' }).code).toBe('UNSUPPORTED');
    expect(
      errorForStatus('r', 400, {
        kind: 'manifest',
        subject: 'put',
        body: body({ errors: [{ code: 'MANIFEST_BLOB_UNKNOWN' }] }),
      }).code,
    ).toBe('NOT_FOUND');
  });
});

describe('parseErrorBody', () => {
  it('reads distribution and OAuth error bodies, ignores garbage', () => {
    expect(parseErrorBody(body({ errors: [{ code: 'DENIED', message: 'no' }, {}] }))).toEqual([
      { code: 'DENIED', message: 'no' },
      { code: 'UNKNOWN', message: '' },
    ]);
    expect(parseErrorBody(body({ error: 'invalid_grant', error_description: 'bad' }))).toEqual([
      { code: 'invalid_grant', message: 'bad' },
    ]);
    expect(parseErrorBody(new TextEncoder().encode('<html>'))).toEqual([]);
    expect(parseErrorBody(undefined)).toEqual([]);
  });
});

describe('redact', () => {
  it('masks every known secret', () => {
    expect(redact('user pw=hunter22 and hunter22', ['hunter22', 'abc'])).toBe('user pw=*** and ***');
  });
});
