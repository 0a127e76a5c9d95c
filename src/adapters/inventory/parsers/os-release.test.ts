import { describe, expect, it } from 'vitest';
import { parseOsRelease } from './os-release.js';

describe('parseOsRelease', () => {
  it('reads quoted, single-quoted and bare values, skipping comments', () => {
    const text = [
      '# a comment',
      'NAME="Debian GNU/Linux"',
      "PRETTY_NAME='Debian GNU/Linux 12 (bookworm)'",
      'VERSION_ID="12"',
      'ID=debian',
      '',
      'not a line',
    ].join('\n');
    expect(parseOsRelease(text)).toEqual({
      id: 'debian',
      versionId: '12',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
    });
  });

  it('undoes shell escapes in double quotes and handles CRLF', () => {
    expect(parseOsRelease('ID=x\r\nPRETTY_NAME="say \\"hi\\" \\$5"\r\n')).toEqual({
      id: 'x',
      versionId: null,
      prettyName: 'say "hi" $5',
    });
  });

  it('defaults ID to linux and gives null for a file naming nothing', () => {
    expect(parseOsRelease('VERSION_ID=1.0\n')).toEqual({ id: 'linux', versionId: '1.0', prettyName: null });
    expect(parseOsRelease('# empty\n')).toBeNull();
  });

  it('lower-cases the ID', () => {
    expect(parseOsRelease('ID="Rocky"\nVERSION_ID="9.3"')?.id).toBe('rocky');
  });
});
