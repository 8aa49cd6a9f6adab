/**
 * `@mchd/chaincode/model`: the contract's types, constants, error codes and status rules without the contract class
 * — importing it does not load fabric-contract-api (which logs and installs process-wide handlers on import).
 */
export { REGISTRY_CONTRACT_NAME, REGISTRY_PARTICIPANTS, ROLE_ATTRIBUTE, REGISTRAR_ROLE } from './constants.js';
export { deriveGuid } from './guid.js';
export { RegistryError, RegistryErrorCode, parseRegistryErrorMessage } from './errors.js';
export { Keys } from './keys.js';
export { computeStatus, ownStatus, validityWindow } from './status.js';
export * from './metadata.js';
