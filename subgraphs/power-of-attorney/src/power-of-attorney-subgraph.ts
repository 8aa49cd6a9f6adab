import type { Ledger, LedgerIdentity } from '@mchd/ledger';
import type { TrustStore } from '@mchd/pki';
import {
  consumeFeed,
  createSubgraph,
  ormCursorStore,
  type FeedConsumer,
  type Logger,
  type Subgraph,
  type SubgraphConfig,
  type SubgraphContext,
} from '@mchd/subgraph-kit';
import type { WarmUpReport } from './check-service.js';
import { DismissalService, type DismissalEvent } from './dismissal-service.js';
import { PowerOfAttorneyRow, powerOfAttorneyEntities } from './entities.js';
import { EventLog } from './event-log.js';
import { powerOfAttorneyMigrations } from './migrations.js';
import { Projection } from './projection.js';
import {
  OrganizationPowersResolver,
  PersonPowersResolver,
  PowerOfAttorneyResolver,
  viewFor,
  type PowerOfAttorneyContext,
} from './resolvers.js';
import { createServices, type PowerOfAttorneyServices } from './services.js';
import {
  openLedger,
  openTrustStore,
  personFeedEventsUrl,
  powerOfAttorneySettingsFromEnv,
  serviceTokenSource,
} from './settings.js';
import { CertificateReference, OrganizationWithPowers, PersonWithPowers } from './types.js';

/** Default port of the power-of-attorney subgraph. */
export const POWER_OF_ATTORNEY_SUBGRAPH_PORT = 4003;

/** Options beyond the configuration (tests, benches, embedding). */
export interface PowerOfAttorneySubgraphOptions {
  /** A ledger to use instead of opening the configured one (the caller closes it). */
  readonly ledger?: Ledger;
  /** The identity that signs ledger transactions (required with `ledger`). */
  readonly ledgerIdentity?: LedgerIdentity;
  /** A trust store instead of `MCHD_TRUST_DIR`. */
  readonly trustStore?: TrustStore;
  /** Domain time: statuses, EXPIRED events, the embedded ledger's transaction times. */
  readonly clock?: () => Date;
  /** The person subgraph's feed for dismissals (default from `MCHD_PERSON_FEED_URL`); `false` turns it off. */
  readonly personFeed?: { readonly url: string; readonly token: string | (() => Promise<string>) } | false;
  /** How often the event log is polled for other instances' events (default 200 ms). */
  readonly eventPollMs?: number;
  /** How often the expiry scheduler runs (default 1 s). */
  readonly expiryIntervalMs?: number;
  /** How long the projection's lease lasts (default 10 s): another instance takes over after it lapses. */
  readonly leaseMs?: number;
  /** Environment for the subgraph's own variables (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The check cache's warm-up after start (see {@link CheckService.warmUp}): it begins once the projection has
   * reported no change for `quietMs` (default 1 s: caught up with the ledger), or after `maxWaitMs` (default 60 s)
   * at the latest. `false` turns it off.
   */
  readonly checkWarmUp?:
    | false
    | { readonly quietMs?: number; readonly maxWaitMs?: number; readonly batchSize?: number };
}

/** A running power-of-attorney subgraph's parts, for tests and the CLI. */
export interface PowerOfAttorneyParts {
  readonly services: PowerOfAttorneyServices;
  readonly projection: Projection;
  readonly dismissals: DismissalService;
  readonly ledger: Ledger;
  /** The person-feed consumer, when on. */
  readonly personFeed: FeedConsumer | null;
  /** Resolves with the check cache's warm-up report once it has run (null when it is off or did not run). */
  readonly checkWarmUp: Promise<WarmUpReport | null>;
}

/** The subgraph with access to its parts once started. */
export interface PowerOfAttorneySubgraph extends Subgraph {
  /** The services, projection and ledger (after `start`). */
  readonly parts: PowerOfAttorneyParts;
}

/**
 * The power-of-attorney subgraph: registration, revocation, checks, search, chains, history, signing authority,
 * `Subscription.powerOfAttorneyEvents`, `Person.powersOfAttorney(role)` and `Organization.powersOfAttorney`; the
 * ledger projection (index + event log), the expiry scheduler and the dismissal consumer run in the process.
 *
 * Several instances may share one database and a Fabric ledger (a lease makes one of them the projection's
 * writer). The embedded ledger is in-process and single-writer: with `LEDGER=embedded` run exactly one instance.
 *
 * @example
 * ```ts
 * const subgraph = createPowerOfAttorneySubgraph(loadSubgraphConfig('power-of-attorney', 4003, process.env));
 * await subgraph.start();
 * ```
 */
export function createPowerOfAttorneySubgraph(
  config: SubgraphConfig,
  options: PowerOfAttorneySubgraphOptions = {},
): PowerOfAttorneySubgraph {
  const env = options.env ?? process.env;
  const clock = options.clock ?? (() => new Date());
  let parts: PowerOfAttorneyParts | undefined;
  let ownLedger: Ledger | undefined;
  let stopCheckFollower: (() => void) | undefined;
  let warmUp: BackgroundWarmUp | undefined;

  const subgraph = createSubgraph<Omit<PowerOfAttorneyContext, keyof SubgraphContext>>({
    name: config.name,
    config,
    resolvers: [PowerOfAttorneyResolver, PersonPowersResolver, OrganizationPowersResolver],
    orphanedTypes: [PersonWithPowers, OrganizationWithPowers, CertificateReference],
    entities: powerOfAttorneyEntities,
    migrations: powerOfAttorneyMigrations,
    clock,
    context: () => {
      if (!parts) throw new Error('power-of-attorney subgraph not started');
      return { poa: parts.services };
    },
    referenceResolvers: {
      PowerOfAttorney: async (ref, ctx) => {
        if (typeof ref.guid !== 'string') return null;
        const row = await ctx.em.findOne(PowerOfAttorneyRow, { guid: ref.guid.toLowerCase() });
        return row ? viewFor(ctx.caller, row) : null;
      },
      Person: (ref) => ref,
      Organization: (ref) => ref,
    },
    onStart: async ({ orm, logger }) => {
      // Parsed here, not at creation: a bad variable fails the start (runMain: logged, exit code 2).
      const settings = powerOfAttorneySettingsFromEnv(env);
      let ledger = options.ledger;
      let identity = options.ledgerIdentity;
      if (!ledger) {
        const opened = await openLedger(config, settings, env, options.clock);
        ledger = ownLedger = opened.ledger;
        identity = opened.identity;
      }
      if (!identity) throw new Error('a ledger passed in options needs options.ledgerIdentity');
      const trustStore = options.trustStore ?? (await openTrustStore(settings));
      if (!options.trustStore && !settings.trustDir) {
        logger.warn('MCHD_TRUST_DIR is not set: no signature will verify (UNTRUSTED_ROOT)');
      }
      const eventLog = new EventLog(orm, options.eventPollMs ?? 200);
      const services = createServices({ orm, ledger, ledgerIdentity: identity, trustStore, clock, eventLog });
      const projection = new Projection({
        orm,
        ledger,
        eventLog,
        clock,
        logger,
        ...(options.expiryIntervalMs ? { expiryIntervalMs: options.expiryIntervalMs } : {}),
        ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      });
      projection.onChange((guids) => services.check.evict(guids));
      const dismissals = new DismissalService({ orm, ledger, ledgerIdentity: identity, clock, logger });
      let personFeed: FeedConsumer | null = null;
      const feed =
        options.personFeed === false
          ? null
          : (options.personFeed ?? {
              url: personFeedEventsUrl(settings.personFeedUrl),
              token: serviceTokenSource(settings, config),
            });
      if (feed) {
        personFeed = consumeFeed<DismissalEvent>({
          url: feed.url,
          token: feed.token,
          types: ['EMPLOYEE_DISMISSED'],
          cursorStore: ormCursorStore(orm, 'person-dismissals'),
          handle: async (event) => {
            const revoked = await dismissals.handle(event.payload);
            if (revoked.length > 0) {
              services.check.evict(revoked);
              logger.info(
                { revoked, employmentId: event.payload.employmentId },
                'dismissal: powers of attorney revoked',
              );
            }
          },
          logger,
        });
      }
      // Other instances' events evict this instance's check cache through the shared event log.
      const controller = new AbortController();
      stopCheckFollower = () => controller.abort();
      void (async () => {
        try {
          for await (const event of eventLog.follow(null, {}, controller.signal)) services.check.evict([event.guid]);
        } catch (e) {
          if (!controller.signal.aborted) logger.warn({ err: e }, 'check cache follower stopped');
        }
      })();
      const warmUpOptions = options.checkWarmUp ?? {};
      warmUp =
        warmUpOptions === false
          ? undefined
          : backgroundWarmUp(async (signal) => {
              await quietProjection(
                projection,
                warmUpOptions.quietMs ?? 1000,
                warmUpOptions.maxWaitMs ?? 60_000,
                signal,
              );
              if (signal.aborted) return null;
              const report = await services.check.warmUp({
                signal,
                ...(warmUpOptions.batchSize ? { batchSize: warmUpOptions.batchSize } : {}),
              });
              logger.info(
                { warmed: report.warmed, rows: report.rows, ms: report.ms, ended: report.ended },
                'check cache warmed',
              );
              return report;
            }, logger);
      const checkWarmUp = warmUp?.report ?? Promise.resolve(null);
      parts = { services, projection, dismissals, ledger, personFeed, checkWarmUp };
      projection.start();
    },
    // The warm-up begins once the subgraph listens; a failed start never begins it.
    onListening: () => warmUp?.begin(),
    onStop: async () => {
      await warmUp?.stop();
      stopCheckFollower?.();
      await parts?.personFeed?.stop();
      await parts?.projection.stop();
      parts?.services.eventLog.close();
      await ownLedger?.close();
    },
  });
  return Object.defineProperty(subgraph, 'parts', {
    get(): PowerOfAttorneyParts {
      if (!parts) throw new Error('power-of-attorney subgraph not started');
      return parts;
    },
  }) as PowerOfAttorneySubgraph;
}

/** A task begun after start and stopped (and awaited) at stop; `report` settles with its result, or null. */
interface BackgroundWarmUp {
  readonly report: Promise<WarmUpReport | null>;
  begin(): void;
  stop(): Promise<void>;
}

function backgroundWarmUp(
  run: (signal: AbortSignal) => Promise<WarmUpReport | null>,
  logger: Logger,
): BackgroundWarmUp {
  const controller = new AbortController();
  let settle: (report: WarmUpReport | null) => void = () => undefined;
  const report = new Promise<WarmUpReport | null>((resolve) => (settle = resolve));
  let running: Promise<void> | undefined;
  return {
    report,
    begin() {
      if (running || controller.signal.aborted) return;
      running = run(controller.signal).then(settle, (e: unknown) => {
        if (!controller.signal.aborted) logger.warn({ err: e }, 'check cache warm-up failed');
        settle(null);
      });
    },
    async stop() {
      controller.abort();
      if (!running) settle(null);
      await running;
    },
  };
}

/**
 * Resolves once `projection` has reported no change for `quietMs` — it has caught up with the ledger, or another
 * instance writes the index — or after `maxWaitMs` at the latest, or at once when `signal` aborts.
 */
function quietProjection(
  projection: Projection,
  quietMs: number,
  maxWaitMs: number,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    let quiet: NodeJS.Timeout | undefined;
    let finished = false;
    const done = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(quiet);
      clearTimeout(cap);
      stopListening();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const rearm = (): void => {
      clearTimeout(quiet);
      quiet = setTimeout(done, quietMs);
      quiet.unref();
    };
    const stopListening = projection.onChange(rearm);
    const cap = setTimeout(done, maxWaitMs);
    cap.unref();
    signal.addEventListener('abort', done);
    if (signal.aborted) done();
    else rearm();
  });
}
