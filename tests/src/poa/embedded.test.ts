/**
 * The power-of-attorney end-to-end suite (./suite.ts) on the embedded ledger: the stack as `npm start` runs it, each
 * part its own process, with `LEDGER=embedded` under the stack's temporary data directory.
 */
import { describePowerOfAttorneyApi } from './suite.js';

describePowerOfAttorneyApi('embedded ledger', {
  ledger: async () => ({ env: { LEDGER: 'embedded' }, close: async () => undefined }),
  hookTimeoutMs: 180_000,
  testTimeoutMs: 120_000,
});
