import { runStoreContract } from '../../../../test/contracts/store.contract.js';
import { MemoryStore } from './memory-store.js';

runStoreContract('memory', async () => ({ store: new MemoryStore(), cleanup: async () => undefined }));
