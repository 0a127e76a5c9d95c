/** Exit codes: a contract for CI pipelines and scripts. */
export const ExitCode = {
  ok: 0,
  /** `check --fail-on …` found updates. */
  updatesFound: 1,
  /** Usage or configuration error. */
  usage: 2,
  /** Some references could not be resolved (the others are still reported). */
  unresolved: 3,
} as const;
