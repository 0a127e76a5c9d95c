import { homedir } from 'node:os';
import type { CredentialSource } from '../../ports/credentials.js';
import { AuthFileCredentialSource } from './auth-file/auth-file.js';
import { ChainCredentialSource } from './chain/chain.js';
import { DockerConfigCredentialSource } from './docker-config/docker-config.js';
import { StaticCredentialSource, type StaticCredentialConfig } from './static/static.js';

export { AuthFileCredentialSource, type AuthFileCredentialSourceOptions } from './auth-file/auth-file.js';
export { ChainCredentialSource } from './chain/chain.js';
export {
  DockerConfigCredentialSource,
  type DockerConfigCredentialSourceOptions,
} from './docker-config/docker-config.js';
export {
  StaticCredentialSource,
  type StaticCredentialConfig,
  type StaticCredentialEntry,
  type StaticCredentialSourceOptions,
} from './static/static.js';

/** What every credential source may be built from. */
export interface CredentialSourceContext {
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  /** `credentials` from Shipshape's configuration. */
  readonly staticConfig: StaticCredentialConfig;
  /** Folder relative secret files resolve against (the config file's); default cwd. */
  readonly baseDir?: string;
}

/** Every credential source, by the name configuration uses. */
export const credentialSources = {
  static: (ctx) => new StaticCredentialSource(ctx.staticConfig, { env: ctx.env, baseDir: ctx.baseDir }),
  'docker-config': (ctx) => new DockerConfigCredentialSource({ env: ctx.env, homeDir: ctx.homeDir }),
  'auth-file': (ctx) => new AuthFileCredentialSource({ env: ctx.env, homeDir: ctx.homeDir }),
} as const satisfies Record<string, (ctx: CredentialSourceContext) => CredentialSource>;

export type CredentialSourceName = keyof typeof credentialSources;

/** Explicit configuration first, then what `docker login`, then what `podman login` left behind. */
export const defaultCredentialSourceOrder: readonly CredentialSourceName[] = [
  'static',
  'docker-config',
  'auth-file',
];

export interface DefaultCredentialSourceOptions {
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default os.homedir(). */
  homeDir?: string;
  staticConfig?: StaticCredentialConfig;
  baseDir?: string;
  order?: readonly CredentialSourceName[];
}

/** The chain the app uses: static config, then Docker's config, then containers' auth files. */
export function defaultCredentialSource(options: DefaultCredentialSourceOptions = {}): CredentialSource {
  const ctx: CredentialSourceContext = {
    env: options.env ?? process.env,
    homeDir: options.homeDir ?? homedir(),
    staticConfig: options.staticConfig ?? {},
    baseDir: options.baseDir,
  };
  const order = options.order ?? defaultCredentialSourceOrder;
  return new ChainCredentialSource(order.map((name) => credentialSources[name](ctx)));
}
