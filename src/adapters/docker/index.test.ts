import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../core/errors.js';
import { createDockerEngines, localDockerHost } from './index.js';

describe('localDockerHost', () => {
  it('the socket by default, DOCKER_HOST when set, with TLS from DOCKER_CERT_PATH', () => {
    expect(localDockerHost({})).toEqual({ name: 'local', url: 'unix:///var/run/docker.sock', tls: null });
    expect(localDockerHost({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toEqual({
      name: 'local',
      url: 'unix:///run/user/1000/docker.sock',
      tls: null,
    });
    expect(
      localDockerHost({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }),
    ).toEqual({
      name: 'local',
      url: 'tcp://h:2376',
      tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' },
    });
    expect(localDockerHost({ DOCKER_HOST: 'tcp://h:2375' }).tls).toBeNull();
  });
});

describe('createDockerEngines', () => {
  it('one engine per host, named as configured', () => {
    const engines = createDockerEngines(
      [
        { name: 'local', url: 'unix:///var/run/docker.sock', tls: null },
        { name: 'edge', url: 'tcp://edge:2376', tls: { ca: '/ca', cert: '/cert', key: '/key' } },
      ],
      (p) => `PEM ${p}`,
    );
    expect(engines.map((e) => e.host)).toEqual(['local', 'edge']);
  });

  it('an unreadable TLS file or a bad URL is CONFIG_INVALID naming the setting', () => {
    let error: unknown;
    try {
      createDockerEngines(
        [{ name: 'edge', url: 'tcp://edge', tls: { ca: '/nope/ca.pem', cert: '/c', key: '/k' } }],
        () => {
          throw new Error('ENOENT: no such file');
        },
      );
    } catch (e) {
      error = e;
    }
    expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toBe(
      '[config] docker.hosts.edge.tls.ca: cannot read /nope/ca.pem: ENOENT: no such file',
    );
    expect(() => createDockerEngines([{ name: 'x', url: 'ssh://x', tls: null }])).toThrow(
      /docker host x: "ssh:\/\/x"/,
    );
  });
});
