/**
 * Seeds registries over raw HTTP (never the product's registry client): blobs, manifests, realistic single-
 * and multi-platform images, OCI 1.1 referrers with the fallback tag, and many tags fast.
 */
export {
  SeedClient,
  seedClientFor,
  parseChallenge,
  type SeedTarget,
  type SeedRequest,
} from './seed-client.js';
export {
  encode,
  MANIFEST_ACCEPT,
  pushBlob,
  pushManifest,
  SeedMediaTypes,
  type Descriptor,
  type SeedPlatform,
} from './seed-primitives.js';
export { platformKey, pushImage, type SeededImage, type SeedImageOptions } from './seed-image.js';
export { pushReferrerArtifact, type ReferrerOptions } from './seed-referrers.js';
export { pushTags, type PushTagsOptions } from './seed-tags.js';
export {
  makeTar,
  makeTarLayer,
  randomLayer,
  layerFromBytes,
  sha256,
  type Layer,
  type TarEntry,
} from './layers.js';
