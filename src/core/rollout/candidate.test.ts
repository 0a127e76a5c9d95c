import { describe, expect, it } from 'vitest';
import { candidateImage, pullRef } from './candidate.js';

const D = 'sha256:' + 'c'.repeat(64);

describe('candidate names', () => {
  it('changes the tag, keeps the name as written, writes a digest only where there was one', () => {
    expect(candidateImage('reg:5000/team/app:1.0.0', { tag: '1.1.0', digest: D })).toBe(
      'reg:5000/team/app:1.1.0',
    );
    expect(candidateImage('nginx', { tag: null, digest: D })).toBe('nginx:latest');
    expect(candidateImage(`app:1@${'sha256:' + 'a'.repeat(64)}`, { tag: '2', digest: D })).toBe(`app:2@${D}`);
    expect(candidateImage('Not A Ref', { tag: '1', digest: null })).toBeNull();
  });

  it('pulls by digest', () => {
    expect(pullRef('reg:5000/team/app:1.1.0', D)).toBe(`reg:5000/team/app@${D}`);
  });
});
