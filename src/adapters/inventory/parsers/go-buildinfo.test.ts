import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostGoBinary } from '../../../../test/harness/images/fixtures.js';
import { BuildInfoScanner, decodeBuildInfo, goPackages, type GoBuildInfo } from './go-buildinfo.js';

const INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

const MODINFO = [
  'path\texample.com/cmd/server',
  'mod\texample.com\tv1.4.0\th1:abc=',
  'dep\tgithub.com/sirupsen/logrus\tv1.9.3\th1:def=',
  'dep\tgolang.org/x/net\tv0.17.0\th1:ghi=',
  '=>\tgolang.org/x/net\tv0.23.0\th1:jkl=',
  'build\tCGO_ENABLED=0',
  '',
].join('\n');

const varint = (n: number): Buffer => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
};

/** The blob Go ≥ 1.18's linker writes: magic, pointer size, flags (2 = inline), padding, two varint strings. */
function buildInfoBlob(version: string, modinfo: string, flags = 2): Buffer {
  const header = Buffer.alloc(32);
  MAGIC.copy(header);
  header[14] = 8;
  header[15] = flags;
  const mod = Buffer.concat([INFO_START, Buffer.from(modinfo), INFO_END]);
  return Buffer.concat([header, varint(version.length), Buffer.from(version), varint(mod.length), mod]);
}

/** An "ELF" with filler, a decoy magic in rodata and the blob at a 16-byte aligned offset. */
function fakeBinary(parts: Buffer[]): Buffer {
  const out: Buffer[] = [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])];
  let length = 8;
  for (const part of parts) {
    const pad = (16 - (length % 16)) % 16;
    out.push(Buffer.alloc(pad + 4096, 0x90), part);
    length += pad + 4096 + part.length;
  }
  out.push(Buffer.alloc(10_000, 0xcc));
  return Buffer.concat(out);
}

function scan(file: Buffer, chunkSize: number): GoBuildInfo | null {
  const scanner = new BuildInfoScanner();
  for (let at = 0; at < file.length && scanner.wantsMore; at += chunkSize) {
    scanner.push(file.subarray(at, at + chunkSize));
  }
  return scanner.result;
}

describe('BuildInfoScanner', () => {
  const decoy = Buffer.concat([MAGIC, Buffer.from('this is rodata, not a header at all')]);
  const file = fakeBinary([decoy, buildInfoBlob('go1.22.1', MODINFO)]);

  it.each([1, 7, 16, 4096, 65_536, file.length])('finds the blob past a decoy, in %i-byte chunks', (size) => {
    expect(scan(file, size)).toEqual({ goVersion: 'go1.22.1', modinfo: MODINFO });
  });

  it('ignores a magic that is not 16-byte aligned (the module list is still found by its sentinels)', () => {
    const misaligned = Buffer.concat([Buffer.alloc(3), buildInfoBlob('go1.22.1', MODINFO)]);
    const binary = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(12), misaligned]);
    expect(scan(binary, 1000)).toEqual({ goVersion: null, modinfo: MODINFO });
  });

  it('falls back to the sentinel-framed module list (pointer-format blob, no Go version)', () => {
    const old = fakeBinary([
      buildInfoBlob('go1.16', MODINFO, 0).subarray(0, 32),
      Buffer.concat([INFO_START, Buffer.from(MODINFO), INFO_END]),
    ]);
    expect(scan(old, 333)).toEqual({ goVersion: null, modinfo: MODINFO });
  });

  it('stops at once on a file that is not ELF', () => {
    const scanner = new BuildInfoScanner();
    scanner.push(Buffer.from('#!/bin/sh\n'));
    expect(scanner.wantsMore).toBe(false);
    expect(scanner.result).toBeNull();
  });

  it('rejects headers that are not build info', () => {
    const blob = buildInfoBlob('go1.22.1', MODINFO);
    expect(decodeBuildInfo(blob.subarray(0, 20))).toBe('more');
    expect(decodeBuildInfo(blob.subarray(0, 40))).toBe('more');
    const badPointer = Buffer.from(blob);
    badPointer[14] = 3;
    expect(decodeBuildInfo(badPointer)).toBeNull();
    expect(decodeBuildInfo(buildInfoBlob('not-go', MODINFO))).toBeNull();
    expect(decodeBuildInfo(buildInfoBlob('go1.22.1', ''))).toEqual({ goVersion: 'go1.22.1', modinfo: '' });
  });

  const registryBinary = '/usr/bin/docker-registry';
  it.skipIf(!existsSync(registryBinary))('reads a real Go binary from this machine (distribution)', () => {
    const info = scan(readFileSync(registryBinary), 65_536);
    expect(info?.goVersion).toMatch(/^go1\.\d+/);
    expect(info?.modinfo).toMatch(/^path\tgithub\.com\/docker\/distribution\/cmd\/registry\n/);
  });

  const esbuild = hostGoBinary();
  it.skipIf(!esbuild)("reads the Go modules of esbuild's binary from node_modules", () => {
    const info = scan(esbuild!, 65_536);
    expect(info).not.toBeNull();
    expect(goPackages(info!, 'esbuild').map((p) => p.name)).toEqual(
      expect.arrayContaining(['github.com/evanw/esbuild', 'golang.org/x/sys']),
    );
  });
});

describe('goPackages', () => {
  it('lists the main module, dependencies (replacements applied) and the standard library', () => {
    expect(goPackages({ goVersion: 'go1.22.1 X:boringcrypto', modinfo: MODINFO }, 'usr/bin/server')).toEqual([
      {
        name: 'example.com',
        version: 'v1.4.0',
        type: 'golang',
        purl: 'pkg:golang/example.com@v1.4.0',
        location: 'usr/bin/server',
      },
      expect.objectContaining({
        name: 'github.com/sirupsen/logrus',
        purl: 'pkg:golang/github.com/sirupsen/logrus@v1.9.3',
      }),
      expect.objectContaining({ name: 'golang.org/x/net', version: 'v0.23.0' }),
      expect.objectContaining({ name: 'stdlib', version: 'v1.22.1', purl: 'pkg:golang/stdlib@v1.22.1' }),
    ]);
  });

  it('keeps (devel) main modules and skips stdlib without a Go version', () => {
    const packages = goPackages({ goVersion: null, modinfo: 'mod\texample.com/x\t(devel)\t\n' }, 'x');
    expect(packages).toEqual([
      expect.objectContaining({
        name: 'example.com/x',
        version: '(devel)',
        purl: 'pkg:golang/example.com/x@%28devel%29',
      }),
    ]);
    expect(goPackages({ goVersion: 'devel go1.23-abc', modinfo: '' }, 'x')).toEqual([]);
  });
});
