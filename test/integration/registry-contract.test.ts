/** The Registry contract against real distribution 2.8 registries in each auth mode. */
import { runRegistryContract } from '../contracts/registry.contract.js';
import { contractFixture } from './registry-fixtures.js';

runRegistryContract('OciRegistry, no auth, copying into another registry', () =>
  contractFixture('none', 'none'),
);
runRegistryContract('OciRegistry, Basic (htpasswd), copying into a token-auth registry', () =>
  contractFixture('basic', 'token'),
);
runRegistryContract('OciRegistry, token auth, copying into a Basic-auth registry', () =>
  contractFixture('token', 'basic'),
);
