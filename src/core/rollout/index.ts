export type * from './types.js';
export {
  nextPhase,
  isTerminal,
  statusOf,
  touchesOld,
  TERMINAL_PHASES,
  type RolloutEvent,
} from './machine.js';
export { evaluateGate, type GateObservation, type GateSpec, type GateVerdict } from './gate.js';
export { RolloutSchedule, type Blocked, type ScheduleItem } from './schedule.js';
export {
  planRecovery,
  type ContainerOperationState,
  type ObservedContainer,
  type RecoveryObservation,
  type RecoveryPlan,
  type RecoveryStep,
} from './recovery.js';
export {
  rolloutSettings,
  COMPOSE_DEPENDS_ON_LABEL,
  ROLLOUT_DEFAULTS,
  ROLLOUT_LABELS,
  type RolloutDefaults,
  type RolloutSettings,
  type SettingsResult,
} from './settings.js';
export { keptName, preflightName, previousRepository, previousTagNumber, stamp } from './names.js';
