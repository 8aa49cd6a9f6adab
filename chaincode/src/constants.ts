/** Name of the contract inside the `mchd` chaincode. */
export const REGISTRY_CONTRACT_NAME = 'mchd.registry';
/** Organizations (MSP ids) taking part in the registry: only their registrars may write. */
export const REGISTRY_PARTICIPANTS: readonly string[] = ['RegistryMSP', 'OperatorMSP'];
/** Client-certificate attribute (Fabric CA attribute extension) that carries the role. */
export const ROLE_ATTRIBUTE = 'mchd.role';
/** Role value that allows writes. */
export const REGISTRAR_ROLE = 'registrar';
