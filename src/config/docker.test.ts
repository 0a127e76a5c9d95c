/** The `docker:` section: hosts (socket, tcp with TLS) and labelsOptIn. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseConfigText, type ParseConfigContext } from './parse.js';

const ctx: ParseConfigContext = {
  file: 'shipshape.yaml',
  dir: '/repo',
  env: {},
  hostPlatform: { os: 'linux', architecture: 'amd64' },
  fileProblem: () => null,
};

function issues(text: string): string[] {
  try {
    parseConfigText(text, ctx);
  } catch (e) {
    if (e instanceof ConfigError)
      return e.issues.map((i) => `${i.line}:${i.column}: ${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('docker config', () => {
  it('defaults: no hosts (the local engine), labels opt-out', () => {
    expect(parseConfigText('{}', ctx).config.docker).toEqual({ hosts: [], labelsOptIn: false });
  });

  it('named hosts in order, TLS files relative to the config file', () => {
    const { config, warnings } = parseConfigText(
      `docker:
  labelsOptIn: true
  hosts:
    local: { url: "unix:///var/run/docker.sock" }
    edge-1:
      url: tcp://edge-1.example:2376
      tls: { ca: certs/ca.pem, cert: certs/cert.pem, key: /etc/shipshape/key.pem }
    lab: { url: "tcp://10.0.0.9:2375" }
`,
      ctx,
    );
    expect(config.docker).toEqual({
      labelsOptIn: true,
      hosts: [
        { name: 'local', url: 'unix:///var/run/docker.sock', tls: null },
        {
          name: 'edge-1',
          url: 'tcp://edge-1.example:2376',
          tls: { ca: '/repo/certs/ca.pem', cert: '/repo/certs/cert.pem', key: '/etc/shipshape/key.pem' },
        },
        { name: 'lab', url: 'tcp://10.0.0.9:2375', tls: null },
      ],
    });
    expect(warnings).toEqual([
      'shipshape.yaml:8:17: docker.hosts.lab.url: plain TCP: anyone who can reach this port controls the engine; configure tls',
    ]);
  });

  it('refuses bad URLs, names, TLS on sockets and unknown keys', () => {
    expect(
      issues(`docker:
  hosts:
    "bad name": { url: "unix:///x.sock" }
    a: { url: "ssh://me@host" }
    b: { url: "unix:///x.sock", tls: { ca: a, cert: b, key: c } }
    c: { url: "tcp://h", tls: { ca: a } }
  labelsOptin: true
`),
    ).toEqual([
      '3:5: docker.hosts["bad name"]: invalid host name "bad name"; use letters, digits, ".", "_" and "-"',
      '4:15: docker.hosts.a.url: invalid Docker URL "ssh://me@host"; expected unix:///path/to/docker.sock or tcp://host[:port]',
      '5:38: docker.hosts.b.tls: tls applies to tcp:// hosts only',
      '6:31: docker.hosts.c.tls.cert: expected a string, got nothing',
      '6:31: docker.hosts.c.tls.key: expected a string, got nothing',
      expect.stringMatching(
        /^7:3: docker\.labelsOptin: unknown key "labelsOptin" \(did you mean "labelsOptIn"\?\)/,
      ),
    ]);
  });
});
