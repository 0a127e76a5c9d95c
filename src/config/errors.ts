import { ShipshapeError } from '../core/errors.js';
import { formatIssue } from './locate.js';
import type { ConfigIssue } from './types.js';

/** CONFIG_INVALID with every problem found, each placed at its line and column. */
export class ConfigError extends ShipshapeError {
  readonly issues: readonly ConfigIssue[];

  constructor(file: string, issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    const lines = issues.map(formatIssue);
    const message =
      lines.length === 1
        ? (lines[0] ?? '')
        : [`${issues.length} problems in ${file}:`, ...lines].join('\n  ');
    super('CONFIG_INVALID', 'config', message, options);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
