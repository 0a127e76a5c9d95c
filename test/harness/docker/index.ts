/** Docker engine helpers for integration tests: busybox images, pushing, availability, cleanup. */
export * from './busybox-image.js';
export * from './resources.js';
export * from './fixture.js';
export * from './network.js';
export * from './tcp-proxy.js';
