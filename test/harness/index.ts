/** The real-service test harness: registries (none/basic/token auth), a fault proxy, raw-HTTP seeding. */
export * from './registry-server.js';
export * from './fault-proxy.js';
export * from './seed.js';
export * from './raw-http.js';
export { bcryptHash, htpasswdFile } from './bcrypt.js';
