import { runMain } from '@mchd/subgraph-kit';
import { createPersonSubgraph, PERSON_SUBGRAPH_PORT } from './person-subgraph.js';

await runMain('person', PERSON_SUBGRAPH_PORT, (config) => createPersonSubgraph(config));
