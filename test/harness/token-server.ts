/**
 * A Docker token-auth endpoint (https://distribution.github.io/distribution/spec/auth/token/) for the test registry:
 * GET realm?service=&scope=… (Basic auth or anonymous) and POST realm (OAuth2 password / refresh_token grants).
 * Tokens are ES256 JWTs carrying the signing certificate in the `x5c` header; distribution 2.8 verifies that
 * chain against `auth.token.rootcertbundle`, then checks `iss`, `aud` (= service), `exp`/`nbf` and `access`.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importPKCS8, SignJWT } from 'jose';
import { closeServer, LOOPBACK, listenLoopback } from './net-util.js';

export interface RegistryUser {
  username: string;
  password: string;
  /** Actions this user may be granted (token mode); default every requested action. */
  actions?: string[];
}

export interface TokenRequestLog {
  scopes: string[];
  account: string | null;
  grantType: 'get' | 'password' | 'refresh_token';
  at: number;
  /** HTTP status the token server answered with (200, 400, 401). */
  status: number;
}

export interface TokenServer {
  readonly url: string;
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  requests(): TokenRequestLog[];
  reset(): void;
}

export interface RunningTokenServer extends TokenServer {
  stop(): Promise<void>;
}

export interface TokenServerOptions {
  service: string;
  issuer: string;
  users: RegistryUser[];
  ttlSeconds: number;
  /** What anonymous callers get: pull on any repository (default) or nothing. */
  anonymous: 'pull' | 'none';
  /** Backdate the JWT `exp` by distribution's 60 s leeway so the registry rejects tokens after exactly ttl. */
  exactExpiry?: boolean;
  keyPemPath: string;
  certPemPath: string;
}

export interface SigningMaterial {
  keyPemPath: string;
  certPemPath: string;
}

const execFileAsync = promisify(execFile);

/** distribution accepts a token until `exp` + 60 s (registry/auth/token: Leeway). */
export const REGISTRY_LEEWAY_SECONDS = 60;

/** A P-256 key and its self-signed certificate, made with the openssl CLI (node cannot issue certificates). */
export async function generateSigningCert(dir: string): Promise<SigningMaterial> {
  const keyPemPath = join(dir, 'token-signing-key.pem');
  const certPemPath = join(dir, 'token-signing-cert.pem');
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyPemPath,
    '-out',
    certPemPath,
    '-days',
    '30',
    '-subj',
    '/CN=shipshape-test-token-issuer',
  ]);
  return { keyPemPath, certPemPath };
}

interface ParsedScope {
  type: string;
  name: string;
  actions: string[];
}

/** "repository:host:5000/a/b:pull,push" → type, name (may contain ':'), actions. */
function parseScope(scope: string): ParsedScope | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first) return null;
  const actions = scope
    .slice(last + 1)
    .split(',')
    .filter(Boolean);
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions };
}

function basicCredentials(req: IncomingMessage): { username: string; password: string } | null {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export async function startTokenServer(options: TokenServerOptions): Promise<RunningTokenServer> {
  const [keyPem, certPem] = await Promise.all([
    readFile(options.keyPemPath, 'utf8'),
    readFile(options.certPemPath, 'utf8'),
  ]);
  const key = await importPKCS8(keyPem, 'ES256');
  const certDer = certPem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
  const refreshTokens = new Map<string, string>();
  let log: TokenRequestLog[] = [];

  const grant = (account: string | null, scopes: string[]): ParsedScope[] => {
    const user = account === null ? undefined : options.users.find((u) => u.username === account);
    const allowed = (action: string): boolean => {
      if (account === null) return options.anonymous === 'pull' && action === 'pull';
      const actions = user?.actions;
      return !actions || actions.includes('*') || actions.includes(action);
    };
    const access: ParsedScope[] = [];
    for (const scope of scopes) {
      const parsed = parseScope(scope);
      if (!parsed) continue;
      access.push({ ...parsed, actions: parsed.actions.filter(allowed) });
    }
    return access;
  };

  const issue = async (account: string | null, scopes: string[]) => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ access: grant(account, scopes) })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', x5c: [certDer] })
      .setIssuer(options.issuer)
      .setSubject(account ?? '')
      .setAudience(options.service)
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + options.ttlSeconds - (options.exactExpiry ? REGISTRY_LEEWAY_SECONDS : 0))
      .setJti(randomUUID())
      .sign(key);
    return { token, expires_in: options.ttlSeconds, issued_at: new Date(now * 1000).toISOString() };
  };

  const checkUser = (creds: { username: string; password: string }): boolean =>
    options.users.some((u) => u.username === creds.username && u.password === creds.password);

  const unauthorized = (res: ServerResponse, message: string): void =>
    sendJson(
      res,
      401,
      { errors: [{ code: 'UNAUTHORIZED', message }] },
      {
        'www-authenticate': `Basic realm="${options.service}"`,
      },
    );

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://token.invalid');
    if (url.pathname !== '/token') return sendJson(res, 404, { errors: [{ code: 'NOT_FOUND' }] });
    const record = (entry: Omit<TokenRequestLog, 'at'>): void => void log.push({ ...entry, at: Date.now() });

    if (req.method === 'GET') {
      const scopes = url.searchParams
        .getAll('scope')
        .flatMap((s) => s.split(' '))
        .filter(Boolean);
      const service = url.searchParams.get('service');
      const creds = basicCredentials(req);
      const account = creds?.username ?? null;
      if (service !== null && service !== options.service) {
        record({ scopes, account, grantType: 'get', status: 400 });
        return sendJson(res, 400, { errors: [{ code: 'DENIED', message: `unknown service ${service}` }] });
      }
      if (creds && !checkUser(creds)) {
        record({ scopes, account, grantType: 'get', status: 401 });
        return unauthorized(res, 'invalid username or password');
      }
      const issued = await issue(account, scopes);
      const refresh = creds && url.searchParams.get('offline_token') === 'true' ? randomUUID() : undefined;
      if (refresh && account) refreshTokens.set(refresh, account);
      record({ scopes, account, grantType: 'get', status: 200 });
      return sendJson(res, 200, {
        token: issued.token,
        access_token: issued.token,
        expires_in: issued.expires_in,
        issued_at: issued.issued_at,
        ...(refresh ? { refresh_token: refresh } : {}),
      });
    }

    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
      const grantType = form.get('grant_type');
      let account: string | null = null;
      let refresh: string | undefined;
      if (grantType === 'password') {
        account = form.get('username');
        const creds = { username: account ?? '', password: form.get('password') ?? '' };
        if (!checkUser(creds)) {
          record({ scopes, account, grantType: 'password', status: 401 });
          return unauthorized(res, 'invalid username or password');
        }
        if (form.get('access_type') === 'offline') {
          refresh = randomUUID();
          refreshTokens.set(refresh, creds.username);
        }
      } else if (grantType === 'refresh_token') {
        refresh = form.get('refresh_token') ?? '';
        account = refreshTokens.get(refresh) ?? null;
        if (account === null) {
          record({ scopes, account, grantType: 'refresh_token', status: 401 });
          return unauthorized(res, 'invalid refresh token');
        }
      } else {
        return sendJson(res, 400, { error: 'unsupported_grant_type' });
      }
      const issued = await issue(account, scopes);
      record({ scopes, account, grantType, status: 200 });
      return sendJson(res, 200, {
        access_token: issued.token,
        scope: scopes.join(' '),
        expires_in: issued.expires_in,
        issued_at: issued.issued_at,
        ...(refresh ? { refresh_token: refresh } : {}),
      });
    }
    sendJson(res, 405, { errors: [{ code: 'UNSUPPORTED' }] });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ code: 'UNKNOWN', message: String(error) }] });
      else res.destroy();
    });
  });
  const port = await listenLoopback(server);
  const url = `http://${LOOPBACK}:${port}`;
  return {
    url,
    realm: `${url}/token`,
    service: options.service,
    issuer: options.issuer,
    requests: () => log.map((entry) => ({ ...entry, scopes: [...entry.scopes] })),
    reset: () => {
      log = [];
    },
    stop: () => closeServer(server),
  };
}
