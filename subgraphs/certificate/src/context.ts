import type { SubgraphContext } from '@mchd/subgraph-kit';
import type { BuiltInCa } from './ca.js';
import type { SubgraphClock } from './clock.js';
import type { CertificateService } from './service.js';
import type { SchedulerResult } from './scheduler.js';

/** The certificate subgraph's shared runtime (one per process). */
export interface CertificateRuntime {
  readonly clock: SubgraphClock;
  /** The built-in CA (after start). */
  ca(): BuiltInCa;
  /** The current CRL (DER), re-signed after revocations. */
  crl(): Promise<Uint8Array>;
  /** Marks the CRL stale (after a revocation of a certificate the built-in CA issued). */
  crlChanged(): void;
  /** Runs the scheduler now. */
  runScheduler(): Promise<SchedulerResult>;
  /** Catches up with the person feed now (employee projection, dismissals). */
  syncPeople(): Promise<void>;
}

/** A request's context: the kit's plus the certificate service and runtime. */
export interface CertificateContext extends SubgraphContext {
  readonly service: CertificateService;
  readonly runtime: CertificateRuntime;
}
