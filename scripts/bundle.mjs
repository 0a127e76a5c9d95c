/**
 * Bundles the CLI into one file (dist/cli/bin.js, replacing tsc's entry): loading ~350 ES modules one by
 * one costs more start-up than the work of a typical `check`. Native addons stay external
 * (better-sqlite3 and its `bindings`); dockerode's ssh2 (ssh:// hosts, which Shipshape does not offer),
 * gRPC and protobufjs (BuildKit builds and sessions, which it never starts) are replaced by stubs that fail
 * if ever used.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stub = fileURLToPath(new URL('./bundle-unsupported.cjs', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli/bin.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: 'linked',
  external: ['better-sqlite3', 'cpu-features'],
  alias: { ssh2: stub, '@grpc/grpc-js': stub, '@grpc/proto-loader': stub, protobufjs: stub },
  // CommonJS packages inside an ES module bundle still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __shipshapeRequire } from 'node:module';\nconst require = __shipshapeRequire(import.meta.url);",
  },
  logLevel: 'warning',
  legalComments: 'linked',
});
