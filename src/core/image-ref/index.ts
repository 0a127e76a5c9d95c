export type { ImageRef, ParseResult } from './types.js';
export { parseImageRef, tryParseImageRef } from './parse.js';
export { effectiveTag, familiarName, formatImageRef, repoRefOf } from './format.js';
export { DOCKER_HUB, isDockerHub, normalizeRegistryHost } from './registry-host.js';
