import { ShipshapeError } from '../errors.js';
import { dockerTagVersioning } from './docker-tag.js';
import { looseVersioning } from './loose.js';
import { regexVersioning } from './regex.js';
import { semverVersioning } from './semver.js';
import { VERSIONING_NAMES, type Versioning } from './types.js';

export type { Candidate, UpdateType, Versioning, VersioningName } from './types.js';
export { VERSIONING_NAMES } from './types.js';
export { dockerTagVersioning } from './docker-tag.js';
export { looseVersioning } from './loose.js';
export { compileVersionPattern, regexVersioning } from './regex.js';
export { semverVersioning } from './semver.js';
export { findCandidates, updateType } from './candidates.js';

/**
 * A versioning by name: `docker-tag`, `semver`, `loose`, or `regex` with `options.pattern`.
 * `regex:<pattern>` (Renovate's spelling) is accepted too. Throws CONFIG_INVALID otherwise.
 */
export function getVersioning(name: string, options?: { pattern?: string }): Versioning {
  if (name.startsWith('regex:')) return regexVersioning(name.slice('regex:'.length));
  switch (name) {
    case 'docker-tag':
      return dockerTagVersioning();
    case 'semver':
      return semverVersioning();
    case 'loose':
      return looseVersioning();
    case 'regex':
      if (options?.pattern === undefined) {
        throw new ShipshapeError('CONFIG_INVALID', 'versioning:regex', 'regex versioning needs a pattern');
      }
      return regexVersioning(options.pattern);
    default:
      throw new ShipshapeError(
        'CONFIG_INVALID',
        'versioning',
        `unknown versioning ${JSON.stringify(name)}; use one of ${VERSIONING_NAMES.join(', ')} (or regex:<pattern>)`,
      );
  }
}
