import { createPrivateKey } from 'node:crypto';

import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers } from '@hyperledger/fabric-gateway';

import type { FabricIdentity, FabricPeerEndpoint } from './settings.js';

/**
 * Asks a peer's Gateway to endorse a read-only proposal (`org.hyperledger.fabric:GetMetadata`) without
 * submitting it. This succeeds only once the chaincode answers and service discovery knows enough peers to
 * satisfy the endorsement policy, so it is the readiness check for clients.
 *
 * @returns undefined on success, otherwise the error.
 */
export async function probeEndorsement(
  peer: FabricPeerEndpoint,
  identity: FabricIdentity,
  channel: string,
  chaincode: string,
): Promise<unknown> {
  const client = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(Buffer.from(peer.tlsRootCertificatePem)), {
    'grpc.ssl_target_name_override': peer.hostAlias,
  });
  const gateway = connect({
    client,
    identity: { mspId: identity.mspId, credentials: Buffer.from(identity.certificatePem) },
    signer: signers.newPrivateKeySigner(createPrivateKey(identity.privateKeyPem)),
    hash: hash.sha256,
    endorseOptions: () => ({ deadline: Date.now() + 10_000 }),
  });
  try {
    const contract = gateway.getNetwork(channel).getContract(chaincode);
    await contract.newProposal('org.hyperledger.fabric:GetMetadata').endorse();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    gateway.close();
    client.close();
  }
}
