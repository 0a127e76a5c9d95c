import { runHistoryContract } from '../../../../test/contracts/history.contract.js';
import { MemoryHistory } from './memory-history.js';

runHistoryContract('memory', async () => ({ history: new MemoryHistory(), cleanup: async () => undefined }));
