/** Fixture images with package databases: layer builders, tar/zstd/rpmdb/apk writers, a layered pusher. */
export * from './apk.js';
export * from './fixtures.js';
export * from './layers.js';
export * from './rpmdb.js';
export * from './tar.js';
export * from './zstd.js';
export * from './large-layer.js';
