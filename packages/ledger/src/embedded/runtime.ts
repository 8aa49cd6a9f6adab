import type { ClientIdentity, ChaincodeStub } from 'fabric-shim-api';

/** What the embedded node needs from the chaincode package and fabric-shim, loaded once. */
export interface ContractRuntime {
  readonly chaincode: typeof import('@mchd/chaincode');
  /** fabric-shim's own ClientIdentity: parses the creator certificate exactly as a Fabric peer's chaincode does. */
  readonly ClientIdentity: new (stub: ChaincodeStub) => ClientIdentity;
}

let loading: Promise<ContractRuntime> | undefined;

/**
 * Loads the contract and fabric-shim into this process. Both packages log at INFO through winston on import and
 * install process-wide `uncaughtException`/`unhandledRejection` handlers that keep a failing process alive; the
 * embedded node is a library inside someone else's process, so it lowers their log level (unless
 * `CORE_CHAINCODE_LOGGING_LEVEL` is set) and removes the handlers they added.
 */
export function loadContractRuntime(): Promise<ContractRuntime> {
  loading ??= (async () => {
    process.env['CORE_CHAINCODE_LOGGING_LEVEL'] ??= 'ERROR';
    const before = {
      exception: new Set(process.listeners('uncaughtException')),
      rejection: new Set(process.listeners('unhandledRejection')),
    };
    const chaincode = await import('@mchd/chaincode');
    const shim = (await import('fabric-shim')) as unknown as {
      ClientIdentity?: ContractRuntime['ClientIdentity'];
      default?: { ClientIdentity: ContractRuntime['ClientIdentity'] };
    };
    for (const l of process.listeners('uncaughtException')) {
      if (!before.exception.has(l)) process.removeListener('uncaughtException', l);
    }
    for (const l of process.listeners('unhandledRejection')) {
      if (!before.rejection.has(l)) process.removeListener('unhandledRejection', l);
    }
    const ClientIdentity = shim.ClientIdentity ?? shim.default?.ClientIdentity;
    if (!ClientIdentity) throw new Error('fabric-shim does not export ClientIdentity');
    return { chaincode, ClientIdentity };
  })();
  return loading;
}
