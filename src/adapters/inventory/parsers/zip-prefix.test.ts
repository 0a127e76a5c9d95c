import { describe, expect, it } from 'vitest';
import { executableJar, libraryJar } from '../../../../test/harness/images/java.js';
import { buildZip } from '../../../../test/harness/osv/zip.js';
import { zipData, zipPrefixLength } from './zip-prefix.js';

const jar = libraryJar([{ groupId: 'org.example', artifactId: 'lib', version: '1.0.0' }]);
const whole = (data: Buffer): number => zipPrefixLength(data, data.length);

/** `zip` with a comment (the end record's last field) appended. */
function withComment(zip: Buffer, comment: Buffer): Buffer {
  const out = Buffer.concat([zip, comment]);
  out.writeUInt16LE(comment.length, zip.length - 2);
  return out;
}

describe('zipPrefixLength', () => {
  it('is 0 for an ordinary zip and for one whose offsets count the prefix', () => {
    expect(whole(jar)).toBe(0);
    expect(whole(executableJar(jar, { adjusted: true }))).toBe(0);
  });

  it('is the length of a launch script the offsets do not count', () => {
    const executable = executableJar(jar, { adjusted: false });
    expect(whole(executable)).toBe(executable.length - jar.length);
    expect(zipData(executable).equals(jar)).toBe(true);
  });

  it('finds the end record before a comment, and not a signature inside the comment', () => {
    const script = Buffer.from('#!/bin/sh\nexit 0\n');
    const fake = Buffer.alloc(22);
    fake.writeUInt32LE(0x06054b50, 0); // an end record signature inside the comment, claiming a huge prefix
    const comment = Buffer.concat([fake, Buffer.from(' and the rest of the comment')]);
    const zip = withComment(buildZip([{ name: 'a', data: 'a' }]), comment);
    expect(whole(Buffer.concat([script, zip]))).toBe(script.length);
  });

  it('reads only the tail it is given', () => {
    const executable = executableJar(jar, { adjusted: false });
    expect(zipPrefixLength(executable.subarray(executable.length - 200), executable.length)).toBe(
      executable.length - jar.length,
    );
  });

  it('is 0 for what is no zip, or too short to be one, and for ZIP64 markers', () => {
    expect(whole(Buffer.from('not a zip at all, just some text that goes on for a while'))).toBe(0);
    expect(whole(Buffer.alloc(0))).toBe(0);
    const zip64 = Buffer.concat([Buffer.from('#!/bin/sh\n'), jar]);
    zip64.writeUInt32LE(0xffffffff, zip64.length - 22 + 16);
    expect(whole(zip64)).toBe(0);
  });
});
