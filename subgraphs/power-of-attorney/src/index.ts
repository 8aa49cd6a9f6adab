/** The power-of-attorney subgraph (a shell for now: its own table, `powerOfAttorney(guid)` and the lists). */
export { createPowerOfAttorneySubgraph, POWER_OF_ATTORNEY_SUBGRAPH_PORT } from './power-of-attorney-subgraph.js';
export { PowerOfAttorneyRow, PowerOfAttorneySchema } from './entities.js';
export { powerOfAttorneyMigrations } from './migrations.js';
export { toPowerOfAttorney } from './resolvers.js';
export { PowerOfAttorney, PowerOfAttorneyRole, PowerOfAttorneyStatus } from './types.js';
