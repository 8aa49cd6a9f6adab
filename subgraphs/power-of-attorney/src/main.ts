import { runMain } from '@mchd/subgraph-kit';
import { createPowerOfAttorneySubgraph, POWER_OF_ATTORNEY_SUBGRAPH_PORT } from './power-of-attorney-subgraph.js';

await runMain('power-of-attorney', POWER_OF_ATTORNEY_SUBGRAPH_PORT, (config) => createPowerOfAttorneySubgraph(config));
