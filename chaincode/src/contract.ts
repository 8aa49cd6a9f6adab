// `Context` must be a value import: with emitDecoratorMetadata the parameter types reach fabric-contract-api, which
// recognizes the context parameter by its class (a type-only import would emit `Object` and break the metadata).
// eslint-disable-next-line @typescript-eslint/consistent-type-imports
import { Context, Contract, Default, Info, Returns, Transaction } from 'fabric-contract-api';
import { REGISTRAR_ROLE, REGISTRY_CONTRACT_NAME, REGISTRY_PARTICIPANTS, ROLE_ATTRIBUTE } from './constants.js';
import { RegistryError } from './errors.js';
import { deriveGuid } from './guid.js';
import { Keys } from './keys.js';
import {
  REGISTRY_EVENT_NAME,
  type Actor,
  type HistoryEntry,
  type PowerOfAttorneyMetadata,
  type PowerOfAttorneyRecord,
  type RegistrationOutcome,
  type RegistryChange,
  type RegistryEventPayload,
  type RevocationOutcome,
} from './metadata.js';
import { computeStatus, ownStatus, validityWindow } from './status.js';
import {
  normalizeGuid,
  parseInstant,
  parseJsonObject,
  validateInn,
  validateMetadata,
  validateRepresentativeSelector,
  validateRevocation,
} from './validate.js';

/** Longest re-delegation chain the contract follows; deeper chains are refused as malformed. */
const MAX_CHAIN = 64;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function txMillis(ts: { seconds: { toString(): string } | number; nanos: number }): number {
  return Number(ts.seconds.toString()) * 1000 + Math.floor(ts.nanos / 1_000_000);
}

/**
 * The MCHD registry contract. Deterministic: time comes only from the transaction timestamp and new GUIDs only from
 * the transaction id, so every endorsing peer (and the embedded node) computes the same result.
 *
 * Writes (`Register`, `Revoke`) need an identity of a registry participant with the registrar role; reads are open
 * to every channel member. Every write records who made it and sets one chaincode event listing all it changed.
 *
 * @example
 * ```ts
 * // Fabric: contract.submitTransaction('Register', JSON.stringify(metadata))
 * // embedded: the embedded node calls new RegistryContract().Register(ctx, JSON.stringify(metadata))
 * ```
 */
@Info({ title: 'MCHD registry', description: 'Registry of machine-readable powers of attorney' })
@Default()
export class RegistryContract extends Contract {
  constructor() {
    super(REGISTRY_CONTRACT_NAME);
  }

  /**
   * Registers a verified MCHD's metadata. Idempotent by document hash: the same document and signature again answer
   * the existing record with `alreadyRegistered: true`; the same document with another signature, or the same GUID
   * with other content, is `MCHD_ALREADY_REGISTERED`.
   */
  @Transaction()
  @Returns('string')
  async Register(ctx: Context, metadataJson: string): Promise<string> {
    const actor = this.authorize(ctx);
    const metadata = validateMetadata(parseJsonObject(metadataJson, 'metadata'));
    const { stub } = ctx;

    const knownGuid = await this.readString(ctx, stub.createCompositeKey(Keys.byDocument, [metadata.documentSha256]));
    if (knownGuid) {
      const known = await this.mustRead(ctx, knownGuid);
      if (known.signatureSha256 === metadata.signatureSha256 && (!metadata.guid || metadata.guid === known.guid)) {
        const outcome: RegistrationOutcome = { record: known, alreadyRegistered: true };
        return JSON.stringify(outcome);
      }
      throw new RegistryError(
        'MCHD_ALREADY_REGISTERED',
        `this document is already registered as ${known.guid} with other content or signature`,
      );
    }

    const txId = stub.getTxID();
    const guid = metadata.guid ?? deriveGuid(txId);
    if (await this.read(ctx, guid)) {
      throw new RegistryError('MCHD_ALREADY_REGISTERED', `${guid} is already registered with other content`);
    }
    const rootGuid = await this.checkParent(ctx, metadata, guid);
    const now = new Date(txMillis(stub.getTxTimestamp())).toISOString();
    const record: PowerOfAttorneyRecord = {
      ...metadata,
      guid,
      rootGuid,
      registration: { transactionId: txId, registeredAt: now, registeredBy: actor },
    };

    await stub.putState(this.recordKey(ctx, guid), encoder.encode(JSON.stringify(record)));
    const pointer = encoder.encode(guid);
    await stub.putState(stub.createCompositeKey(Keys.byDocument, [record.documentSha256]), pointer);
    for (const inn of new Set(record.principals.map((p) => p.inn))) {
      await stub.putState(stub.createCompositeKey(Keys.byPrincipal, [inn, guid]), pointer);
    }
    const reps = new Set<string>();
    for (const r of record.representatives) {
      if (r.inn) reps.add(`inn\u0000${r.inn}`);
      if (r.snils) reps.add(`snils\u0000${r.snils}`);
    }
    for (const rep of reps) {
      const [kind = '', value = ''] = rep.split('\u0000');
      await stub.putState(stub.createCompositeKey(Keys.byRepresentative, [kind, value, guid]), pointer);
    }
    if (record.parentGuid) {
      await stub.putState(stub.createCompositeKey(Keys.byParent, [record.parentGuid, guid]), pointer);
    }
    this.emit(ctx, 'REGISTERED', actor, now, [{ type: 'REGISTERED', guid, record }]);
    const outcome: RegistrationOutcome = { record, alreadyRegistered: false };
    return JSON.stringify(outcome);
  }

  /**
   * Revokes an MCHD. Refused (`IRREVOCABLE`) for an irrevocable MCHD unless its terms allow revocation on conditions
   * and the request asserts them met. Descendants become invalid through it and are reported as `affected`.
   * Revoking a revoked MCHD again changes nothing and answers the earlier revocation.
   */
  @Transaction()
  @Returns('string')
  async Revoke(ctx: Context, requestJson: string): Promise<string> {
    const actor = this.authorize(ctx);
    const request = validateRevocation(parseJsonObject(requestJson, 'request'));
    const { stub } = ctx;
    const record = await this.mustRead(ctx, request.guid);
    if (record.revocation) {
      const outcome: RevocationOutcome = {
        guid: record.guid,
        revokedAt: record.revocation.revokedAt,
        affected: [],
        alreadyRevoked: true,
        record,
      };
      return JSON.stringify(outcome);
    }
    if (record.kind === 'irrevocable') {
      if (!record.irrevocability?.revocableOnConditions) {
        throw new RegistryError('IRREVOCABLE', `${record.guid} is irrevocable`);
      }
      if (request.irrevocableConditionMet !== true) {
        throw new RegistryError('IRREVOCABLE', `${record.guid} is irrevocable unless its conditions are met`);
      }
    }
    const txMs = txMillis(stub.getTxTimestamp());
    const now = new Date(txMs).toISOString();
    let revokedAt = now;
    if (request.revokedAt) {
      const at = parseInstant(request.revokedAt, 'revokedAt');
      if (at > txMs) throw new RegistryError('INVALID_INPUT', 'revokedAt is later than the transaction time');
      revokedAt = new Date(at).toISOString();
    }
    const revoked: PowerOfAttorneyRecord = {
      ...record,
      revocation: {
        reason: request.reason,
        revokedAt,
        by: request.by,
        ...(request.irrevocableConditionMet !== undefined
          ? { irrevocableConditionMet: request.irrevocableConditionMet }
          : {}),
        transactionId: stub.getTxID(),
        recordedAt: now,
        recordedBy: actor,
      },
    };
    await stub.putState(this.recordKey(ctx, record.guid), encoder.encode(JSON.stringify(revoked)));
    const affected = await this.liveDescendants(ctx, record.guid);
    const changes: RegistryChange[] = [
      { type: 'REVOKED', guid: record.guid, record: revoked },
      ...affected.map((guid): RegistryChange => ({ type: 'PARENT_INVALIDATED', guid, cause: record.guid })),
    ];
    this.emit(ctx, 'REVOKED', actor, now, changes);
    const outcome: RevocationOutcome = {
      guid: record.guid,
      revokedAt,
      affected,
      alreadyRevoked: false,
      record: revoked,
    };
    return JSON.stringify(outcome);
  }

  /** The record of a GUID, or `NOT_FOUND`. */
  @Transaction(false)
  @Returns('string')
  async Get(ctx: Context, guid: string): Promise<string> {
    return JSON.stringify(await this.mustRead(ctx, normalizeGuid(guid)));
  }

  /** Status at an ISO 8601 instant (the transaction time when empty), following the chain to the root. */
  @Transaction(false)
  @Returns('string')
  async StatusAt(ctx: Context, guid: string, at: string): Promise<string> {
    const instant = at ? parseInstant(at, 'at') : txMillis(ctx.stub.getTxTimestamp());
    const chain = await this.chain(ctx, normalizeGuid(guid));
    return JSON.stringify(computeStatus(chain, instant));
  }

  /** Every change of a GUID's record, oldest first, with transaction id and time. */
  @Transaction(false)
  @Returns('string')
  async History(ctx: Context, guid: string): Promise<string> {
    const key = this.recordKey(ctx, normalizeGuid(guid));
    const entries: HistoryEntry[] = [];
    for await (const mod of ctx.stub.getHistoryForKey(key)) {
      entries.push({
        transactionId: mod.txId,
        timestamp: new Date(txMillis(mod.timestamp)).toISOString(),
        isDelete: mod.isDelete,
        ...(mod.isDelete ? {} : { record: JSON.parse(decoder.decode(mod.value)) as PowerOfAttorneyRecord }),
      });
    }
    if (entries.length === 0) throw new RegistryError('NOT_FOUND', `no MCHD ${guid}`);
    // Fabric (2.x and later) answers history newest first.
    entries.reverse();
    return JSON.stringify(entries);
  }

  /** Records whose principals include this INN, in GUID order. */
  @Transaction(false)
  @Returns('string')
  async ByPrincipalInn(ctx: Context, inn: string): Promise<string> {
    return JSON.stringify(await this.listByIndex(ctx, Keys.byPrincipal, [validateInn(inn)]));
  }

  /** Records whose representatives include this INN or SNILS (`{"inn": …}` or `{"snils": …}`), in GUID order. */
  @Transaction(false)
  @Returns('string')
  async ByRepresentative(ctx: Context, selectorJson: string): Promise<string> {
    const { kind, value } = validateRepresentativeSelector(parseJsonObject(selectorJson, 'selector'));
    return JSON.stringify(await this.listByIndex(ctx, Keys.byRepresentative, [kind, value]));
  }

  /** Direct re-delegations of a GUID, in GUID order; `NOT_FOUND` when the GUID itself is unknown. */
  @Transaction(false)
  @Returns('string')
  async Children(ctx: Context, guid: string): Promise<string> {
    const parent = normalizeGuid(guid);
    await this.mustRead(ctx, parent);
    return JSON.stringify(await this.listByIndex(ctx, Keys.byParent, [parent]));
  }

  // ---- helpers (not transactions: fabric-contract-api treats only decorated methods as transactions) ----

  private authorize(ctx: Context): Actor {
    const identity = ctx.clientIdentity;
    const mspId = identity.getMSPID();
    if (!REGISTRY_PARTICIPANTS.includes(mspId)) {
      throw new RegistryError('FORBIDDEN', `organization ${mspId} does not take part in the registry`);
    }
    if (identity.getAttributeValue(ROLE_ATTRIBUTE) !== REGISTRAR_ROLE) {
      throw new RegistryError('FORBIDDEN', `the identity has no ${ROLE_ATTRIBUTE}=${REGISTRAR_ROLE} attribute`);
    }
    return { mspId, id: identity.getID() };
  }

  private recordKey(ctx: Context, guid: string): string {
    return ctx.stub.createCompositeKey(Keys.record, [guid]);
  }

  private async readString(ctx: Context, key: string): Promise<string | undefined> {
    const bytes = await ctx.stub.getState(key);
    return bytes && bytes.length > 0 ? decoder.decode(bytes) : undefined;
  }

  private async read(ctx: Context, guid: string): Promise<PowerOfAttorneyRecord | undefined> {
    const text = await this.readString(ctx, this.recordKey(ctx, guid));
    return text === undefined ? undefined : (JSON.parse(text) as PowerOfAttorneyRecord);
  }

  private async mustRead(ctx: Context, guid: string): Promise<PowerOfAttorneyRecord> {
    const record = await this.read(ctx, guid);
    if (!record) throw new RegistryError('NOT_FOUND', `no MCHD ${guid}`);
    return record;
  }

  /** The record and its ancestors, nearest first. */
  private async chain(ctx: Context, guid: string): Promise<PowerOfAttorneyRecord[]> {
    const chain = [await this.mustRead(ctx, guid)];
    for (let next = chain[0]?.parentGuid; next; ) {
      if (chain.length > MAX_CHAIN) throw new RegistryError('INVALID_INPUT', `chain of ${guid} is too deep`);
      const parent = await this.read(ctx, next);
      if (!parent) break;
      chain.push(parent);
      next = parent.parentGuid;
    }
    return chain;
  }

  /** Applies the re-delegation rules; answers the root GUID of the new record. */
  private async checkParent(ctx: Context, metadata: PowerOfAttorneyMetadata, guid: string): Promise<string> {
    if (!metadata.parentGuid) {
      if (metadata.rootGuid && metadata.rootGuid !== guid) {
        throw new RegistryError('INVALID_INPUT', 'a root MCHD must be its own rootGuid');
      }
      return guid;
    }
    const parentGuid = metadata.parentGuid;
    if (parentGuid === guid) throw new RegistryError('INVALID_INPUT', 'an MCHD cannot be its own parent');
    const parent = await this.read(ctx, parentGuid);
    if (!parent) throw new RegistryError('PARENT_NOT_FOUND', `parent ${parentGuid} is not registered`);
    if (metadata.rootGuid && metadata.rootGuid !== parent.rootGuid) {
      throw new RegistryError(
        'INVALID_INPUT',
        `rootGuid ${metadata.rootGuid} differs from the parent's ${parent.rootGuid}`,
      );
    }
    const chain = await this.chain(ctx, parentGuid);
    const issuedAt = validityWindow(metadata).from;
    const parentStatus = computeStatus(chain, issuedAt);
    if (parentStatus.status !== 'ACTIVE') {
      throw new RegistryError(
        'PARENT_NOT_ACTIVE',
        `parent ${parentGuid} is ${parentStatus.status} on the child's issue date ${metadata.issuedOn}`,
      );
    }
    if (parent.redelegation === 'none') {
      throw new RegistryError('REDELEGATION_NOT_ALLOWED', `parent ${parentGuid} does not allow re-delegation`);
    }
    if (parent.redelegation === 'once' && metadata.redelegation !== 'none') {
      throw new RegistryError(
        'REDELEGATION_NOT_ALLOWED',
        `parent ${parentGuid} allows re-delegation once: the child may not be re-delegated again`,
      );
    }
    if (metadata.validUntil > parent.validUntil) {
      throw new RegistryError(
        'VALIDITY_EXCEEDS_PARENT',
        `valid until ${metadata.validUntil}, after the parent's ${parent.validUntil}`,
      );
    }
    const parentPowers = new Set(parent.powers);
    const extra = metadata.powers.filter((p) => !parentPowers.has(p));
    if (extra.length > 0) {
      throw new RegistryError('POWERS_EXCEED_PARENT', `powers not held by the parent: ${extra.join(', ')}`);
    }
    return parent.rootGuid;
  }

  private async childGuids(ctx: Context, guid: string): Promise<string[]> {
    const guids: string[] = [];
    for await (const kv of ctx.stub.getStateByPartialCompositeKey(Keys.byParent, [guid])) {
      guids.push(decoder.decode(kv.value));
    }
    return guids;
  }

  /** Descendants not themselves revoked (nor below a revoked one), breadth first. */
  private async liveDescendants(ctx: Context, guid: string): Promise<string[]> {
    const found: string[] = [];
    const queue = [guid];
    const at = txMillis(ctx.stub.getTxTimestamp());
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const child of await this.childGuids(ctx, next)) {
        const record = await this.read(ctx, child);
        if (!record || (record.revocation && ownStatus(record, at) === 'REVOKED')) continue;
        found.push(child);
        queue.push(child);
      }
    }
    return found;
  }

  private async listByIndex(ctx: Context, objectType: string, attributes: string[]): Promise<PowerOfAttorneyRecord[]> {
    const records: PowerOfAttorneyRecord[] = [];
    for await (const kv of ctx.stub.getStateByPartialCompositeKey(objectType, attributes)) {
      const record = await this.read(ctx, decoder.decode(kv.value));
      if (record) records.push(record);
    }
    return records;
  }

  private emit(
    ctx: Context,
    type: RegistryEventPayload['type'],
    actor: Actor,
    timestamp: string,
    changes: RegistryChange[],
  ): void {
    const payload: RegistryEventPayload = { type, transactionId: ctx.stub.getTxID(), timestamp, actor, changes };
    ctx.stub.setEvent(REGISTRY_EVENT_NAME, encoder.encode(JSON.stringify(payload)));
  }
}
