/**
 * The power-of-attorney subgraph: register, revoke, check, search, chains, history, signing authority and live
 * status streams over the registry ledger, with its MikroORM index, event log and document store.
 */
export {
  createPowerOfAttorneySubgraph,
  POWER_OF_ATTORNEY_SUBGRAPH_PORT,
  type PowerOfAttorneyParts,
  type PowerOfAttorneySubgraph,
  type PowerOfAttorneySubgraphOptions,
} from './power-of-attorney-subgraph.js';
export {
  PowerOfAttorneyEventRow,
  PowerOfAttorneyRow,
  PowerOfAttorneySchema,
  ProjectionStateRow,
  StoredDocumentRow,
  powerOfAttorneyEntities,
} from './entities.js';
export { powerOfAttorneyMigrations } from './migrations.js';
export { PowerOfAttorneyError, type PowerOfAttorneyErrorCode } from './errors.js';
export { visibility, type Visibility } from './access.js';
export { EventLog, type EventFilter, type PowerOfAttorneyEventKind } from './event-log.js';
export { Projection, databaseCheckpointer, type ProjectionOptions } from './projection.js';
export { CheckService, type CheckResult, type WarmUpOptions, type WarmUpReport } from './check-service.js';
export {
  RegistrationService,
  type RegistrationResult,
  type ServiceDependencies,
  type SignerDetails,
} from './registration-service.js';
export { RevocationService, type RevokeInput, type RevokeResult } from './revocation-service.js';
export {
  SigningAuthorityService,
  type SigningAuthorityAnswer,
  type SigningAuthorityQuestion,
  type SigningAuthorityReason,
} from './signing-authority-service.js';
export { DismissalService, type DismissalEvent } from './dismissal-service.js';
export { ReadService, type HistoryChange, type SearchFilter } from './read-service.js';
export { createServices, type PowerOfAttorneyServices } from './services.js';
export { reindex, openPowerOfAttorneyDatabase, type ReindexReport } from './reindex.js';
export {
  DEFAULT_PERSON_FEED_URL,
  openLedger,
  powerOfAttorneySettingsFromEnv,
  type PowerOfAttorneySettings,
} from './settings.js';
export { LedgerInUseError, lockEmbeddedLedger } from './ledger-lock.js';
export { toPowerOfAttorney } from './resolvers.js';
export { PowerOfAttorney, PowerOfAttorneyRole, PowerOfAttorneyStatus } from './types.js';
