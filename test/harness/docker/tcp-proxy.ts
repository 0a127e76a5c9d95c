/**
 * A stand-in for a remote Docker host: a loopback TCP listener (optionally TLS with client-certificate
 * verification, like `dockerd --tlsverify`) that forwards each connection to the local engine socket.
 * Certificates are made with the openssl CLI: a CA, a server certificate for 127.0.0.1, a client one.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { promisify } from 'node:util';
import { LOOPBACK, makeTempDir } from '../net-util.js';
import { DOCKER_SOCKET } from './resources.js';

const openssl = async (...args: string[]): Promise<void> => {
  await promisify(execFile)('openssl', args);
};

export interface TlsFiles {
  readonly dir: string;
  /** Paths of PEM files. */
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** Another CA and a client certificate it signed: refused by the proxy. */
  readonly otherCa: string;
  readonly strangerCert: string;
  readonly strangerKey: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function makeCa(dir: string, name: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}-key.pem`);
  await openssl('req', '-x509', ...EC, '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`);
  return { cert, key };
}

async function issue(
  dir: string,
  name: string,
  ca: { cert: string; key: string },
  ext: string,
): Promise<{ cert: string; key: string }> {
  const key = join(dir, `${name}-key.pem`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.pem`);
  const extFile = join(dir, `${name}.ext`);
  await openssl('req', '-new', ...EC, '-keyout', key, '-out', csr, '-subj', `/CN=${name}`);
  writeFileSync(extFile, ext);
  await openssl(
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '2',
    '-extfile',
    extFile,
  );
  return { cert, key };
}

export async function makeTlsFiles(): Promise<TlsFiles> {
  const dir = makeTempDir('docker-tls');
  const ca = await makeCa(dir, 'ca');
  const other = await makeCa(dir, 'other-ca');
  const server = await issue(dir, 'server', ca, 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  const client = await issue(dir, 'client', ca, 'extendedKeyUsage=clientAuth\n');
  const stranger = await issue(dir, 'stranger', other, 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    ca: ca.cert,
    serverCert: server.cert,
    serverKey: server.key,
    clientCert: client.cert,
    clientKey: client.key,
    otherCa: other.cert,
    strangerCert: stranger.cert,
    strangerKey: stranger.key,
  };
}

export interface EngineProxy {
  /** "tcp://127.0.0.1:PORT" */
  readonly url: string;
  stop(): Promise<void>;
}

/** Forwards loopback TCP (TLS when `tls` is given, client certificates required) to the engine socket. */
export async function startEngineProxy(tls?: TlsFiles): Promise<EngineProxy> {
  const sockets = new Set<Socket>();
  const forward = (client: Socket): void => {
    const upstream = connect(DOCKER_SOCKET);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  };
  const server: Server =
    tls === undefined
      ? createServer(forward)
      : createTlsServer(
          {
            ca: readFileSync(tls.ca),
            cert: readFileSync(tls.serverCert),
            key: readFileSync(tls.serverKey),
            requestCert: true,
            rejectUnauthorized: true,
          },
          forward,
        );
  server.on('tlsClientError', () => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('[harness:docker] proxy has no address'));
    });
  });
  return {
    url: `tcp://${LOOPBACK}:${port}`,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function removeTlsFiles(files: TlsFiles): void {
  rmSync(files.dir, { recursive: true, force: true });
}
