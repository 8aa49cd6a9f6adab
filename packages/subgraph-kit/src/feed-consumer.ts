import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { FeedCursorRow, type FeedEvent } from './outbox.js';

/** Where a feed consumer keeps its position, so that a restart resumes after the last handled event. */
export interface CursorStore {
  load(): Promise<string | null>;
  save(cursor: string): Promise<void>;
}

/**
 * A {@link CursorStore} in the subgraph's own database (`feed_cursor` table, one row per consumer name).
 *
 * @example
 * ```ts
 * const store = ormCursorStore(orm, 'person-events');
 * ```
 */
export function ormCursorStore(orm: MikroORM, consumer: string): CursorStore {
  return {
    async load() {
      const row = await orm.em.fork().findOne(FeedCursorRow, { consumer });
      return row?.cursor ?? null;
    },
    async save(cursor) {
      const em = orm.em.fork();
      const row = (await em.findOne(FeedCursorRow, { consumer })) ?? Object.assign(new FeedCursorRow(), { consumer });
      row.cursor = cursor;
      row.updatedAt = new Date().toISOString();
      await em.persistAndFlush(row);
    },
  };
}

/** Options of {@link consumeFeed}. */
export interface ConsumeFeedOptions<P = unknown> {
  /** The producer's feed URL, e.g. `http://127.0.0.1:4001/events`. */
  readonly url: string;
  /** A bearer token with the `service` (or `auditor`) role, or a function returning a fresh one. */
  readonly token: string | (() => Promise<string>);
  readonly cursorStore: CursorStore;
  /** Handles one event; the cursor is saved after it returns. A throw stops the batch; it is retried later. */
  readonly handle: (event: FeedEvent<P>) => Promise<void>;
  /** Only these event types (the producer filters). */
  readonly types?: readonly string[];
  readonly batchSize?: number;
  /** Wait between polls when the feed is drained or the producer is unreachable (default 1000 ms). */
  readonly intervalMs?: number;
  readonly logger?: Logger;
  readonly fetch?: typeof fetch;
}

/** A running consumer. */
export interface FeedConsumer {
  /** Handles what is available now, without waiting; returns how many events were handled. */
  poll(): Promise<number>;
  /** Stops polling and waits for the current batch to finish. */
  stop(): Promise<void>;
}

/** The producer answered with an error status. */
export class FeedRequestError extends Error {
  readonly code = 'FEED_REQUEST_FAILED';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'FeedRequestError';
  }
}

/**
 * Follows another subgraph's outbox feed (`GET <url>?after=<cursor>&limit=<n>`, answered by
 * `{ events: FeedEvent[] }`) with a durable cursor: at-least-once delivery, in order; handlers must be
 * idempotent. Polls every `intervalMs` in the background until `stop()`.
 *
 * @example
 * ```ts
 * const consumer = consumeFeed({
 *   url: 'http://127.0.0.1:4001/events', token: serviceToken, types: ['EMPLOYEE_DISMISSED'],
 *   cursorStore: ormCursorStore(orm, 'person'), handle: async (e) => revokeFor(e.payload),
 * });
 * await consumer.stop();
 * ```
 */
export function consumeFeed<P = unknown>(options: ConsumeFeedOptions<P>): FeedConsumer {
  const doFetch = options.fetch ?? fetch;
  const limit = options.batchSize ?? 100;
  const interval = options.intervalMs ?? 1000;
  let stopped = false;
  let running: Promise<number> = Promise.resolve(0);
  let timer: NodeJS.Timeout | undefined;

  async function pollOnce(): Promise<number> {
    let handled = 0;
    for (;;) {
      const after = (await options.cursorStore.load()) ?? '0';
      const url = new URL(options.url);
      url.searchParams.set('after', after);
      url.searchParams.set('limit', String(limit));
      if (options.types && options.types.length > 0) url.searchParams.set('types', options.types.join(','));
      const token = typeof options.token === 'string' ? options.token : await options.token();
      const response = await doFetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) {
        throw new FeedRequestError(response.status, `feed ${options.url} answered ${response.status}`);
      }
      const body = (await response.json()) as { events: FeedEvent<P>[] };
      for (const event of body.events) {
        if (stopped) return handled;
        await options.handle(event);
        await options.cursorStore.save(event.cursor);
        handled += 1;
      }
      if (body.events.length < limit || stopped) return handled;
    }
  }

  function poll(): Promise<number> {
    running = running.then(pollOnce, pollOnce);
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      poll().then(
        () => schedule(),
        (e: unknown) => {
          options.logger?.warn({ err: e, url: options.url }, 'feed poll failed; retrying');
          schedule();
        },
      );
    }, interval);
    timer.unref();
  }
  schedule();

  return {
    poll,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => 0);
    },
  };
}
