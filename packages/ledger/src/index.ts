/**
 * `@mchd/ledger`: the registry ledger port and its two adapters — the embedded ledger node (default) and
 * Hyperledger Fabric — both running the `@mchd/chaincode` registry contract.
 */
export type {
  EventsOptions,
  HistoryItem,
  Ledger,
  LedgerCheckpoint,
  LedgerCheckpointer,
  LedgerEvent,
  LedgerIdentity,
  Registration,
  RepresentativeQuery,
  Revocation,
  RevocationInput,
} from './ledger.js';
export { LedgerError, LedgerUnavailableError, type LedgerErrorCode } from './errors.js';
export {
  createLedger,
  loadLedgerIdentities,
  ledgerConfigFromEnv,
  embeddedLedgerDirectory,
  DEFAULT_CONNECTION_FILE,
  type LedgerConfig,
  type EmbeddedLedgerConfig,
  type FabricLedgerConfig,
} from './config.js';
export { ContractLedger, type ContractConnection } from './contract-ledger.js';
export { EmbeddedLedger, type EmbeddedLedgerOptions } from './embedded/ledger.js';
export { EmbeddedNode, type EmbeddedNodeOptions, type CommittedTransaction } from './embedded/node.js';
export type { MspRoots } from './embedded/membership.js';
export { verifyLedger, type LedgerVerification } from './embedded/verify.js';
export { FabricLedger, type FabricLedgerOptions } from './fabric/ledger.js';
export type { FabricConnectionSettings, FabricPeerEndpoint } from './fabric/settings.js';
export { fileCheckpointer, memoryCheckpointer } from './checkpointer.js';
export {
  createDevelopmentIdentity,
  loadDevelopmentIdentities,
  developmentMsps,
  FABRIC_ATTRIBUTE_OID,
  type DevelopmentIdentityOptions,
  type IdentityName,
} from './identity.js';
export type {
  PowerOfAttorneyMetadata,
  PowerOfAttorneyRecord,
  PowerOfAttorneyStatus,
  PrincipalIdentifiers,
  RepresentativeIdentifiers,
  Redelegation,
  PowerOfAttorneyKind,
  Irrevocability,
  StatusReport,
  RegistryChange,
  RegistryEventPayload,
  ChangeType,
  Actor,
} from '@mchd/chaincode/model';
