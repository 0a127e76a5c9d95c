export { buildOsvExport, buildZip, type ZipInput } from './zip.js';
export { googHash, startStaticServer, type StaticFile, type StaticServer } from './static-server.js';
export {
  advisory,
  affectedPackage,
  ecosystemRange,
  fixed,
  introduced,
  lastAffected,
  limit,
  LOG4SHELL_VECTOR,
  log4shellAdvisory,
  makeSyntheticAdvisories,
  makeSyntheticInventory,
  seededRandom,
  semverRange,
  SYNTHETIC_POOL_SIZE,
  type OsvAffectedJson,
  type OsvEventJson,
  type OsvJson,
  type OsvRangeJson,
  type OsvSeverityJson,
} from './fixtures.js';
