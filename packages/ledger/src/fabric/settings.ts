import type { LedgerIdentity } from '../ledger.js';

/**
 * Connection settings of a Fabric network, structurally the same as `@mchd/ledger-network`'s (duplicated so that
 * the ledger does not depend on the network scripts at run time).
 */
export interface FabricPeerEndpoint {
  readonly organization: string;
  readonly mspId: string;
  /** `host:port` of the peer's gateway service. */
  readonly endpoint: string;
  readonly tlsRootCertificatePem: string;
  /** TLS server name to expect (`grpc.ssl_target_name_override`). */
  readonly hostAlias: string;
}

export interface FabricConnectionSettings {
  readonly channel: string;
  readonly chaincode: string;
  readonly peers: readonly FabricPeerEndpoint[];
  /** Keys: `registry.registrar`, `registry.reader`, `operator.registrar`, `operator.reader`. */
  readonly identities: Readonly<Record<string, LedgerIdentity>>;
}
