import { describe, expect, it } from 'vitest';
import { endpointFor, isLoopbackHost, mirrorEndpointFor, normalizeRegistryName } from './hosts.js';

describe('endpointFor', () => {
  it('sends docker.io to registry-1.docker.io over HTTPS', () => {
    expect(endpointFor('docker.io', {}, 8)).toEqual({
      registry: 'docker.io',
      origin: 'https://registry-1.docker.io',
      concurrency: 8,
    });
    expect(endpointFor('index.docker.io', {}, 8).origin).toBe('https://registry-1.docker.io');
    expect(endpointFor('ghcr.io', {}, 8).origin).toBe('https://ghcr.io');
  });

  it('uses plain HTTP for loopback hosts and hosts configured insecure', () => {
    expect(endpointFor('localhost:5000', {}, 8).origin).toBe('http://localhost:5000');
    expect(endpointFor('127.0.0.1:5000', {}, 8).origin).toBe('http://127.0.0.1:5000');
    expect(endpointFor('127.9.8.7', {}, 8).origin).toBe('http://127.9.8.7');
    expect(endpointFor('[::1]:5000', {}, 8).origin).toBe('http://[::1]:5000');
    expect(endpointFor('reg.lan:5000', { 'reg.lan:5000': { insecure: true } }, 8).origin).toBe(
      'http://reg.lan:5000',
    );
    expect(endpointFor('reg.lan:5000', {}, 8).origin).toBe('https://reg.lan:5000');
    expect(endpointFor('128.0.0.1', {}, 8).origin).toBe('https://128.0.0.1');
    expect(endpointFor('localhost:5443', { 'localhost:5443': { insecure: false } }, 8).origin).toBe(
      'https://localhost:5443',
    );
    expect(endpointFor('localhost:5443', { 'localhost:5443': { ca: 'PEM' } }, 8).origin).toBe(
      'https://localhost:5443',
    );
  });

  it('applies per-host CA and concurrency', () => {
    const e = endpointFor('Reg.Example', { 'reg.example': { ca: 'PEM', concurrency: 2 } }, 8);
    expect(e).toEqual({ registry: 'reg.example', origin: 'https://reg.example', ca: 'PEM', concurrency: 2 });
  });

  it('resolves mirrors', () => {
    expect(
      mirrorEndpointFor('docker.io', { 'docker.io': { mirror: 'https://mirror.example:5443/' } }, 8),
    ).toEqual({
      registry: 'mirror.example:5443',
      origin: 'https://mirror.example:5443',
      concurrency: 8,
    });
    expect(mirrorEndpointFor('docker.io', { 'docker.io': { mirror: 'localhost:5000' } }, 8)?.origin).toBe(
      'http://localhost:5000',
    );
    expect(mirrorEndpointFor('docker.io', {}, 8)).toBeNull();
  });
});

describe('names', () => {
  it('normalizes', () => {
    expect(normalizeRegistryName('Registry-1.Docker.io')).toBe('docker.io');
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });
});
