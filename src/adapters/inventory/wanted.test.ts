import { describe, expect, it } from 'vitest';
import { Wanted } from './wanted.js';

describe('Wanted', () => {
  const wanted = new Wanted();

  it.each([
    ['etc/os-release', 'os-release'],
    ['usr/lib/os-release', 'os-release'],
    ['var/lib/dpkg/status', 'dpkg-status'],
    ['var/lib/dpkg/status.d/tzdata', 'dpkg-status-d'],
    ['var/lib/dpkg/status.d/tzdata.md5sums', null],
    ['var/lib/dpkg/status-old', null],
    ['lib/apk/db/installed', 'apk-installed'],
    ['usr/lib/apk/db/installed', 'apk-installed'],
    ['var/lib/rpm/rpmdb.sqlite', 'rpmdb-sqlite'],
    ['usr/lib/sysimage/rpm/rpmdb.sqlite-wal', 'rpmdb-wal'],
    ['var/lib/rpm/Packages', 'rpmdb-unsupported'],
    ['usr/lib/sysimage/rpm/Packages.db', 'rpmdb-unsupported'],
    ['app/node_modules/express/package.json', 'npm'],
    ['node_modules/@types/node/package.json', 'npm'],
    ['usr/lib/node_modules/npm/node_modules/semver/package.json', 'npm'],
    ['app/node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/package.json', 'npm'],
    ['app/package.json', null],
    ['app/node_modules/express/lib/package.json', null],
    ['app/node_modules/.bin/package.json', null],
    ['app/node_modules/@scope/package.json', null],
    ['usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA', 'python'],
    ['usr/lib/python3.11/site-packages/six.egg-info/PKG-INFO', 'python'],
    ['x/requests-2.31.0.dist-info/RECORD', null],
    ['x/METADATA', null],
    ['usr/bin/bash', null],
    ['app/app.jar', 'java-archive'],
    ['app.jar', 'java-archive'],
    ['usr/local/tomcat/webapps/ROOT.war', 'java-archive'],
    ['srv/App.EAR', 'java-archive'],
    ['opt/lib/.jar', null],
    ['opt/lib/app.jar.sha1', null],
    ['opt/lib/jar', null],
  ])('%s is %s', (path, kind) => {
    expect(wanted.kind(path)).toBe(kind);
  });

  it('keeps links at wanted paths and on the way to fixed ones', () => {
    expect(wanted.keepsLink('etc/os-release')).toBe(true);
    expect(wanted.keepsLink('var/lib/rpm')).toBe(true);
    expect(wanted.keepsLink('lib')).toBe(true);
    expect(wanted.keepsLink('var/lib/dpkg/status.d')).toBe(true);
    expect(wanted.keepsLink('usr/lib/x86_64-linux-gnu/libc.so.6')).toBe(false);
    expect(wanted.keepsLink('app/node_modules/express')).toBe(false); // packages are read where they really are
  });

  it('adds extra paths (and the directories leading to them) found by an earlier pass', () => {
    const extra = new Wanted(new Map([['opt/release/os-release', 'os-release']]));
    expect(extra.kind('opt/release/os-release')).toBe('os-release');
    expect(extra.keepsLink('opt/release')).toBe(true);
    expect(extra.keepsLink('opt')).toBe(true);
  });
});
