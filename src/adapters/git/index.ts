import type { Git } from '../../ports/git.js';
import { GitCli, type GitCliOptions } from './cli/git-cli.js';

/** Explicit registration of Git implementations. */
export const gits = {
  cli: (options: GitCliOptions = {}): Git => new GitCli(options),
} as const;

export { GitCli };
