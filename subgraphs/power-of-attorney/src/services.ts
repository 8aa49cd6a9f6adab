import type { MikroORM } from '@mikro-orm/core';
import type { Ledger, LedgerIdentity } from '@mchd/ledger';
import type { TrustStore } from '@mchd/pki';
import { CheckService } from './check-service.js';
import { PowerOfAttorneyRow, type PowerOfAttorneyEventRow } from './entities.js';
import type { EventLog } from './event-log.js';
import { ReadService } from './read-service.js';
import { RegistrationService } from './registration-service.js';
import { RevocationService } from './revocation-service.js';
import { SigningAuthorityService } from './signing-authority-service.js';

/** The services resolvers call (nothing else touches the ORM or the ledger). */
export interface PowerOfAttorneyServices {
  readonly registration: RegistrationService;
  readonly revocation: RevocationService;
  readonly check: CheckService;
  readonly authority: SigningAuthorityService;
  readonly reads: ReadService;
  readonly eventLog: EventLog;
  readonly clock: () => Date;
  /** The index row an event is about, shared by every subscriber of the event (one read per event). */
  rowForEvent(event: PowerOfAttorneyEventRow): Promise<PowerOfAttorneyRow | null>;
}

/**
 * Builds the services over one database, ledger and trust store.
 *
 * @example
 * ```ts
 * const services = createServices({ orm, ledger, ledgerIdentity, trustStore, clock: () => new Date(), eventLog });
 * ```
 */
export function createServices(deps: {
  readonly orm: MikroORM;
  readonly ledger: Ledger;
  readonly ledgerIdentity: LedgerIdentity;
  readonly trustStore: TrustStore;
  readonly clock: () => Date;
  readonly eventLog: EventLog;
}): PowerOfAttorneyServices {
  const rowsBySeq = new Map<number, Promise<PowerOfAttorneyRow | null>>();
  return {
    registration: new RegistrationService(deps),
    revocation: new RevocationService(deps),
    check: new CheckService(deps.orm, deps.clock),
    authority: new SigningAuthorityService(deps.orm, deps.clock),
    reads: new ReadService(deps.orm, deps.ledger, deps.clock),
    eventLog: deps.eventLog,
    clock: deps.clock,
    rowForEvent(event) {
      let row = rowsBySeq.get(event.seq);
      if (!row) {
        row = deps.orm.em.fork().findOne(PowerOfAttorneyRow, { guid: event.guid });
        rowsBySeq.set(event.seq, row);
        if (rowsBySeq.size > 2000) rowsBySeq.delete(rowsBySeq.keys().next().value as number);
      }
      return row;
    },
  };
}
