import { describe, expect, it } from 'vitest';
import { parsePackageJson, parsePythonMetadata } from './language.js';

describe('parsePackageJson', () => {
  it('needs both name and version', () => {
    expect(
      parsePackageJson('{"name":"@types/node","version":"20.11.0"}', 'node_modules/@types/node/package.json'),
    ).toEqual({
      name: '@types/node',
      version: '20.11.0',
      type: 'npm',
      purl: 'pkg:npm/%40types/node@20.11.0',
      location: 'node_modules/@types/node/package.json',
    });
    expect(parsePackageJson('{"name":"x"}', 'p')).toBeNull();
    expect(parsePackageJson('{"version":"1.0.0"}', 'p')).toBeNull();
    expect(parsePackageJson('{"name":"x","version":""}', 'p')).toBeNull();
    expect(parsePackageJson('{"name":"x","version":1}', 'p')).toBeNull();
  });

  it('accepts a byte order mark and rejects non-JSON quietly', () => {
    expect(parsePackageJson('\ufeff{"name":"a","version":"1.0.0"}', 'p')?.name).toBe('a');
    expect(parsePackageJson('{ not json', 'p')).toBeNull();
    expect(parsePackageJson('[1,2]', 'p')).toBeNull();
    expect(parsePackageJson('null', 'p')).toBeNull();
  });
});

describe('parsePythonMetadata', () => {
  it('reads Name and Version from the headers, not the body', () => {
    const text =
      'Metadata-Version: 2.1\nName: Typing_Extensions\nVersion: 4.9.0\nClassifier: a\n  continued\n\nName: body\nVersion: 0\n';
    expect(parsePythonMetadata(text, 'site-packages/typing_extensions-4.9.0.dist-info/METADATA')).toEqual({
      name: 'Typing_Extensions',
      version: '4.9.0',
      type: 'pypi',
      purl: 'pkg:pypi/typing-extensions@4.9.0',
      location: 'site-packages/typing_extensions-4.9.0.dist-info/METADATA',
    });
    expect(parsePythonMetadata('Metadata-Version: 2.1\n\nName: x\nVersion: 1\n', 'p')).toBeNull();
  });
});
