/**
 * Running containers, pure: `shipshape.*` labels, health probe syntax, reading inspect documents, and the
 * create request that recreates a container with everything preserved.
 */
export {
  LABELS,
  UPDATE_LEVELS,
  labelOverrides,
  parseContainerLabels,
  splitPatterns,
  updateTypesUpTo,
  type ContainerPolicy,
  type LabelError,
  type LabelName,
  type LabelOptions,
  type LabelOverrides,
  type ParsedLabels,
  type TestCommand,
  type UpdateLevel,
} from './labels.js';
export {
  DEFAULT_STATUS,
  bodyMatches,
  formatProbe,
  parseProbe,
  statusMatches,
  type BodyPattern,
  type Probe,
  type ProbeResult,
  type StatusRange,
} from './probe.js';
export { splitCommand, type SplitResult } from './command.js';
export {
  COMPOSE_PROJECT_LABEL,
  COMPOSE_SERVICE_LABEL,
  composeInfo,
  containerLabels,
  containerName,
  containerStateOf,
  imageInfoOf,
  runningDigest,
  shortId,
  startedFromImageId,
  type ComposeInfo,
} from './inspect.js';
export {
  buildCreateSpec,
  type CreateOverrides,
  type CreateSpec,
  type ImageDefaults,
  type NetworkAttachment,
} from './create-spec.js';
export { containerPlanInput, describeContainer, type DiscoveredContainer } from './discovered.js';
