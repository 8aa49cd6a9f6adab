import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedLedger, loadDevelopmentIdentities } from '@mchd/ledger';
import { describeLedgerConformance } from './conformance.js';
import { steppingClock } from './clock.js';

describeLedgerConformance('embedded node', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mchd-ledger-conformance-'));
  const ids = await loadDevelopmentIdentities(join(dir, 'identities.json'));
  const ledger = await EmbeddedLedger.open({
    directory: join(dir, 'ledger'),
    clock: steppingClock('2026-06-01T12:00:00Z'),
  });
  return {
    ledger,
    identities: {
      registryRegistrar: ids['registry.registrar'],
      operatorRegistrar: ids['operator.registrar'],
      registryReader: ids['registry.reader'],
      operatorReader: ids['operator.reader'],
    },
    close: async () => {
      await ledger.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
