import { describe, expect, it } from 'vitest';
import { dockerodeOptions, parseDockerUrl } from './connection.js';
import { splitPullRef } from './dockerode-engine.js';

describe('parseDockerUrl', () => {
  it('unix sockets and tcp hosts', () => {
    expect(parseDockerUrl('unix:///var/run/docker.sock')).toEqual({
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
    });
    expect(parseDockerUrl('tcp://edge-1.example:2376')).toEqual({
      kind: 'tcp',
      host: 'edge-1.example',
      port: 2376,
    });
    expect(parseDockerUrl('tcp://10.0.0.2')).toEqual({ kind: 'tcp', host: '10.0.0.2', port: null });
    expect(parseDockerUrl('tcp://[fd00::2]:2375/')).toEqual({ kind: 'tcp', host: 'fd00::2', port: 2375 });
  });

  it('refuses what it cannot connect to', () => {
    expect(parseDockerUrl('unix://relative.sock')).toEqual({
      error: '"unix://relative.sock": expected unix:///absolute/path.sock',
    });
    expect(parseDockerUrl('ssh://me@host')).toHaveProperty('error');
    expect(parseDockerUrl('http://host:2375')).toHaveProperty('error');
    expect(parseDockerUrl('tcp://host:99999')).toEqual({ error: '"tcp://host:99999": invalid port' });
  });
});

describe('dockerodeOptions', () => {
  it('a socket; plain tcp on 2375; tls on 2376 with client certificates', () => {
    expect(dockerodeOptions({ url: 'unix:///run/docker.sock' })).toEqual({ socketPath: '/run/docker.sock' });
    expect(dockerodeOptions({ url: 'tcp://h' })).toEqual({ host: 'h', port: 2375, protocol: 'http' });
    expect(dockerodeOptions({ url: 'tcp://h', tls: { ca: 'CA', cert: 'CERT', key: 'KEY' } })).toEqual({
      host: 'h',
      port: 2376,
      protocol: 'https',
      ca: 'CA',
      cert: 'CERT',
      key: 'KEY',
    });
    expect(dockerodeOptions({ url: 'tcp://h:1234', tls: null })).toMatchObject({
      port: 1234,
      protocol: 'http',
    });
  });
});

describe('splitPullRef', () => {
  it('names the tag or digest explicitly; a bare repository means latest', () => {
    expect(splitPullRef('nginx')).toEqual({ repository: 'nginx', tag: 'latest' });
    expect(splitPullRef('localhost:5000/team/app')).toEqual({
      repository: 'localhost:5000/team/app',
      tag: 'latest',
    });
    expect(splitPullRef('localhost:5000/team/app:1.2')).toEqual({
      repository: 'localhost:5000/team/app',
      tag: '1.2',
    });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(splitPullRef(`localhost:5000/app@${digest}`)).toEqual({
      repository: 'localhost:5000/app',
      tag: digest,
    });
    expect(splitPullRef(`localhost:5000/app:1.2@${digest}`)).toEqual({
      repository: 'localhost:5000/app',
      tag: digest,
    });
  });
});
