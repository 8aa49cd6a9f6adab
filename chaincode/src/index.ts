/**
 * `@mchd/chaincode`: the MCHD registry contract and its plain-JSON types. Loaded by `fabric-chaincode-node server`
 * (which reads `contracts`) and, in-process, by the embedded ledger node of `@mchd/ledger`.
 */
import { RegistryContract } from './contract.js';

export { RegistryContract } from './contract.js';
export * from './model.js';

/** fabric-contract-api convention: the contracts this chaincode serves, the first one the default. */
export const contracts = [RegistryContract];
