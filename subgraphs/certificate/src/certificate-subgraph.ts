import { issueDevelopmentToken, requireCaller } from '@mchd/auth';
import {
  ConfigError,
  consumeFeed,
  createSubgraph,
  ormCursorStore,
  type FeedConsumer,
  type Subgraph,
  type SubgraphConfig,
  type SubgraphContext,
} from '@mchd/subgraph-kit';
import { BuiltInCa } from './ca.js';
import { clockOffsetFromEnv, SubgraphClock } from './clock.js';
import type { CertificateContext, CertificateRuntime } from './context.js';
import { toCertificate } from './convert.js';
import { certificateEntities, CertificateRow } from './entities.js';
import { certificateMigrations } from './migrations.js';
import {
  CertificateRequestResolver,
  CertificateResolver,
  PersonCertificatesResolver,
  TestClockResolver,
} from './resolvers.js';
import { runScheduler, type SchedulerResult } from './scheduler.js';
import { CertificateService, crlEntry, normalizeThumbprint, type EmploymentPayload } from './service.js';
import { PersonWithCertificates } from './types.js';

/** Default port of the certificate subgraph. */
export const CERTIFICATE_SUBGRAPH_PORT = 4002;

/** Options beyond the kit's configuration (from the environment by {@link certificateOptionsFromEnv}). */
export interface CertificateSubgraphOptions {
  /** The clock (default: the system clock moved by `MCHD_CLOCK_OFFSET`). */
  readonly clock?: SubgraphClock;
  /** Adds `Mutation.setCertificateClock` (`MCHD_TEST_CLOCK=1`). Never in production. */
  readonly testClock?: boolean;
  /** The person subgraph's feed (`MCHD_PERSON_FEED_URL`, default http://127.0.0.1:4001; `/events` is appended). */
  readonly personFeedUrl?: string | null;
  /** A bearer token for the feed (`MCHD_SERVICE_TOKEN`); default a `service` token from the development key. */
  readonly serviceToken?: string;
  /** Poll interval of the person feed in ms (`MCHD_PERSON_FEED_INTERVAL_MS`, default 1000). */
  readonly feedIntervalMs?: number;
  /** Scheduler interval in ms (`MCHD_CERTIFICATE_SCHEDULER_MS`, default 60000; 0 = only on demand). */
  readonly schedulerIntervalMs?: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw))
    throw new ConfigError(name, `${name} must be a whole number of ms, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/**
 * Reads the certificate subgraph's own variables: `MCHD_PERSON_FEED_URL`, `MCHD_SERVICE_TOKEN`,
 * `MCHD_PERSON_FEED_INTERVAL_MS`, `MCHD_CERTIFICATE_SCHEDULER_MS`, `MCHD_CLOCK_OFFSET`, `MCHD_TEST_CLOCK`.
 *
 * @throws ConfigError naming the bad variable.
 * @example
 * ```ts
 * const options = certificateOptionsFromEnv(process.env);
 * ```
 */
export function certificateOptionsFromEnv(env: NodeJS.ProcessEnv): CertificateSubgraphOptions {
  const feed = env.MCHD_PERSON_FEED_URL?.trim() || 'http://127.0.0.1:4001';
  if (feed !== 'off' && !/^https?:\/\/.+/.test(feed)) {
    throw new ConfigError(
      'MCHD_PERSON_FEED_URL',
      `MCHD_PERSON_FEED_URL must be an http(s) URL or "off", got ${JSON.stringify(feed)}`,
    );
  }
  const testClock = env.MCHD_TEST_CLOCK?.trim();
  if (testClock && testClock !== '1' && testClock !== '0') {
    throw new ConfigError('MCHD_TEST_CLOCK', `MCHD_TEST_CLOCK must be 1 or 0, got ${JSON.stringify(testClock)}`);
  }
  return {
    clock: new SubgraphClock(clockOffsetFromEnv(env)),
    testClock: testClock === '1',
    personFeedUrl: feed === 'off' ? null : feed,
    ...(env.MCHD_SERVICE_TOKEN?.trim() ? { serviceToken: env.MCHD_SERVICE_TOKEN.trim() } : {}),
    feedIntervalMs: intFrom(env, 'MCHD_PERSON_FEED_INTERVAL_MS', 1000),
    schedulerIntervalMs: intFrom(env, 'MCHD_CERTIFICATE_SCHEDULER_MS', 60_000),
  };
}

function feedUrl(base: string): string {
  const url = base.replace(/\/+$/, '').replace(/\/graphql$/, '');
  return url.endsWith('/events') ? url : `${url}/events`;
}

/**
 * The certificate subgraph: certificates (import, `certificate`, `certificateByThumbprint`, `certificates`,
 * `Person.certificates`, `Certificate @key(fields: "id")` and `@key(fields: "thumbprint")`), requests and their
 * workflow with the built-in CA (`<MCHD_DATA_DIR>/ca/`), revocation (also on dismissal, from the person feed with a
 * durable cursor), acknowledgement deadlines, expiry events and reports.
 *
 * @example
 * ```ts
 * const subgraph = createCertificateSubgraph(loadSubgraphConfig('certificate', 4002, process.env),
 *   certificateOptionsFromEnv(process.env));
 * await subgraph.start();
 * ```
 */
export function createCertificateSubgraph(config: SubgraphConfig, options: CertificateSubgraphOptions = {}): Subgraph {
  const clock = options.clock ?? new SubgraphClock(0);
  let ca: BuiltInCa | undefined;
  let consumer: FeedConsumer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let crl: Promise<Uint8Array> | undefined;
  let parts: { orm: import('@mikro-orm/core').MikroORM; outbox: import('@mchd/subgraph-kit').Outbox } | undefined;
  let schedulerRunning: Promise<SchedulerResult> | undefined;

  const runtime: CertificateRuntime = {
    clock,
    ca() {
      if (!ca) throw new Error('certificate subgraph not started');
      return ca;
    },
    crl() {
      crl ??= (async () => {
        const p = parts!;
        const revoked = await p.orm.em
          .fork()
          .find(CertificateRow, { source: 'ISSUED', status: 'REVOKED' }, { orderBy: { revokedAt: 'asc' } });
        return runtime.ca().publishCrl(revoked.map(crlEntry), clock.now());
      })();
      return crl;
    },
    crlChanged() {
      crl = undefined;
      void runtime.crl().catch(() => (crl = undefined));
    },
    runScheduler() {
      const p = parts!;
      const run = async () => runScheduler(p.orm, p.outbox, clock, runtime.ca());
      schedulerRunning = (schedulerRunning ?? Promise.resolve(undefined as unknown as SchedulerResult)).then(run, run);
      return schedulerRunning;
    },
    async syncPeople() {
      await consumer?.poll().catch(() => 0);
    },
  };

  return createSubgraph<Omit<CertificateContext, keyof SubgraphContext>>({
    name: config.name,
    config,
    resolvers: [
      CertificateResolver,
      CertificateRequestResolver,
      PersonCertificatesResolver,
      ...(options.testClock ? [TestClockResolver] : []),
    ],
    orphanedTypes: [PersonWithCertificates],
    entities: certificateEntities,
    migrations: certificateMigrations,
    clock: clock.clock,
    context: (base) => ({
      service: new CertificateService(base.em, base.outbox, clock, runtime.ca(), () => runtime.crlChanged()),
      runtime,
    }),
    referenceResolvers: {
      Certificate: async (ref, ctx) => {
        // Any authenticated caller may follow a link to a certificate (e.g. an MCHD's signer): the certificate
        // itself travels inside every signature it made.
        requireCaller(ctx.caller);
        let row: CertificateRow | null = null;
        if (typeof ref.id === 'string') row = await ctx.em.findOne(CertificateRow, { id: ref.id });
        else if (typeof ref.thumbprint === 'string') {
          const hex = ref.thumbprint.replace(/[\s:-]/g, '').toLowerCase();
          row = /^[0-9a-f]{40}$/.test(hex)
            ? await ctx.em.findOne(CertificateRow, { thumbprint: normalizeThumbprint(hex) })
            : null;
        }
        return row ? toCertificate(row, clock.now()) : null;
      },
    },
    routes(app) {
      // The CRL is public by nature: relying parties fetch it without credentials.
      app.get('/crl', (_req, res, next) => {
        runtime.crl().then(
          (der) => res.type('application/pkix-crl').send(Buffer.from(der)),
          (e: unknown) => next(e),
        );
      });
    },
    async onStart({ orm, outbox, logger }) {
      parts = { orm, outbox };
      ca = await BuiltInCa.open(config.dataDir, clock.clock);
      await runtime.crl();
      if (options.personFeedUrl !== null) {
        const url = feedUrl(options.personFeedUrl ?? 'http://127.0.0.1:4001');
        let cached: { token: string; until: number } | undefined;
        consumer = consumeFeed<EmploymentPayload>({
          url,
          token:
            options.serviceToken ??
            (async () => {
              if (!cached || cached.until < Date.now()) {
                const token = await issueDevelopmentToken(
                  { dataDir: config.auth.dataDir },
                  { roles: ['service'], subject: 'certificate-subgraph', ttlSeconds: 3600 },
                );
                cached = { token, until: Date.now() + 1800_000 };
              }
              return cached.token;
            }),
          cursorStore: ormCursorStore(orm, 'person-events'),
          types: ['EMPLOYEE_HIRED', 'EMPLOYEE_DISMISSED'],
          intervalMs: options.feedIntervalMs ?? 1000,
          logger,
          handle: async (event) => {
            const service = new CertificateService(orm.em.fork(), outbox, clock, runtime.ca(), () =>
              runtime.crlChanged(),
            );
            const revoked = await service.applyEmploymentEvent(event.type, event.payload);
            if (revoked > 0) logger.info({ personId: event.payload.personId, revoked }, 'revoked on dismissal');
          },
        });
      }
      const every = options.schedulerIntervalMs ?? 60_000;
      if (every > 0) {
        timer = setInterval(() => {
          runtime.runScheduler().catch((e: unknown) => logger.warn({ err: e }, 'certificate scheduler failed'));
        }, every);
        timer.unref();
      }
    },
    async onStop() {
      if (timer) clearInterval(timer);
      await consumer?.stop();
      await schedulerRunning?.catch(() => undefined);
    },
  });
}
