export type {
  ConfigIssue,
  DiscoverySettings,
  DockerHostSettings,
  DockerSettings,
  Finding,
  NormalizedConfig,
  RegistrySettings,
} from './types.js';
export { ConfigError } from './errors.js';
export { CONFIG_FILE_NAMES, currentPlatform, findConfigFile, loadConfig } from './load.js';
export type { LoadConfigOptions, LoadedConfig } from './load.js';
export { parseConfigText } from './parse.js';
export type { ParseConfigContext } from './parse.js';
export { normalizeConfig, DEFAULT_CACHE_TTL, DEFAULT_DISCOVERY, DEFAULT_STORE_PATH } from './normalize.js';
export type { NormalizeContext } from './normalize.js';
export {
  ConfigSchema,
  DockerHostSchema,
  DockerSchema,
  PolicySchema,
  REFERENCE_KINDS,
  RegistrySchema,
  RuleSchema,
} from './schema.js';
export type { RawConfig, RawDocker, RawRegistry, RawRule } from './schema.js';
export { JSON_SCHEMA_PATH, configJsonSchema, configJsonSchemaText } from './json-schema.js';
