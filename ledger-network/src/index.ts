export { ensureNetwork, stopNetwork } from './network.js';
export type { EnsureNetworkOptions, FabricNetwork } from './network.js';
export { loadConnectionSettings, parseConnectionSettings } from './settings.js';
export type { FabricConnectionSettings, FabricIdentity, FabricPeerEndpoint } from './settings.js';
export {
  installFabricBinaries,
  FABRIC_VERSION,
  FABRIC_MODULE,
  FABRIC_MODULE_VERSION,
  FABRIC_TOOLS,
} from './binaries.js';
export type { FabricBinaries, InstallOptions } from './binaries.js';
export {
  CHAINCODE_NAME,
  CHANNEL_NAME,
  DEFAULT_BASE_PORT,
  DEFAULT_ENDORSEMENT_POLICY,
  PORT_RANGE,
  STRICT_ENDORSEMENT_POLICY,
} from './topology.js';
export type { OrganizationName } from './topology.js';
export {
  certificateAttributes,
  FABRIC_ATTRIBUTES_OID,
  REGISTRAR_ROLE,
  REGISTRAR_ROLE_ATTRIBUTE,
} from './identities.js';
export { defaultConnectionFile, defaultNetworkDir } from './paths.js';
export { findFreeBasePort } from './ports.js';
export {
  ChaincodeNotBuiltError,
  ConnectionSettingsError,
  FabricBinariesUnavailableError,
  FabricCommandError,
  LedgerNetworkError,
  NetworkConfigurationError,
  NetworkNotHealthyError,
  UnknownOrganizationError,
} from './errors.js';
export type { LedgerNetworkErrorCode } from './errors.js';
