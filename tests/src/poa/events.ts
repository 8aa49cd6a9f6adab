/**
 * A client of `Subscription.powerOfAttorneyEvents` over graphql-ws through the gateway, collecting events so that
 * tests can wait for a number of them (bounded by a timeout) and disconnect/reconnect at will.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** One event as the suite selects it. */
export interface PowerOfAttorneyEvent {
  readonly cursor: string;
  readonly type: 'REGISTERED' | 'REVOKED' | 'EXPIRED' | 'PARENT_INVALIDATED';
  readonly guid: string;
  readonly at: string;
  readonly transactionId: string | null;
  readonly powerOfAttorney: { readonly guid: string; readonly status: string } | null;
}

/** The subscription's filter argument. */
export interface EventFilter {
  readonly guid?: string;
  readonly principalInn?: string;
  readonly representativeInn?: string;
  readonly types?: readonly PowerOfAttorneyEvent['type'][];
}

const SUBSCRIPTION = `subscription Events($filter: PowerOfAttorneyEventFilter, $after: String) {
  powerOfAttorneyEvents(filter: $filter, after: $after) {
    cursor type guid at transactionId powerOfAttorney { guid status }
  }
}`;

/** A running subscription. */
export class EventStream {
  readonly events: PowerOfAttorneyEvent[] = [];
  readonly errors: unknown[] = [];
  private readonly client: Client;
  private waiters: Array<() => void> = [];
  private completed = false;

  constructor(wsUrl: string, token: string, filter: EventFilter = {}, after?: string) {
    this.client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: (e) => this.fail(e),
    });
    this.client.subscribe<{ powerOfAttorneyEvents: PowerOfAttorneyEvent }>(
      { query: SUBSCRIPTION, variables: { filter, ...(after ? { after } : {}) } },
      {
        next: (v) => {
          if (v.data?.powerOfAttorneyEvents) this.events.push(v.data.powerOfAttorneyEvents);
          if (v.errors) this.errors.push(...v.errors);
          this.wake();
        },
        error: (e) => this.fail(e),
        complete: () => {
          this.completed = true;
          this.wake();
        },
      },
    );
  }

  private fail(e: unknown): void {
    this.errors.push(e);
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** The cursor of the last event received. */
  lastCursor(): string | undefined {
    return this.events.at(-1)?.cursor;
  }

  /**
   * Waits until `count` events have arrived (or an error/completion, or the timeout) and returns the events so far.
   * Throws with what arrived when the timeout passes first.
   */
  async waitFor(count: number, timeoutMs = 30_000): Promise<PowerOfAttorneyEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count && this.errors.length === 0 && !this.completed) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `waited ${timeoutMs} ms for ${count} events, got ${this.events.length}: ${JSON.stringify(this.events.slice(-3))}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.errors.length > 0) throw new Error(`subscription failed: ${describe(this.errors[0])}`);
    return this.events.slice();
  }

  /** Waits until an event satisfying `predicate` has arrived; returns the events up to and including it. */
  async waitUntil(
    predicate: (e: PowerOfAttorneyEvent) => boolean,
    timeoutMs = 30_000,
  ): Promise<PowerOfAttorneyEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.events.findIndex(predicate);
      if (i >= 0) return this.events.slice(0, i + 1);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`waited ${timeoutMs} ms for an event; got ${this.events.length}`);
      await this.waitFor(this.events.length + 1, left);
    }
  }

  /** Waits for the first error the subscription reports (a refused filter, say); fails after the timeout. */
  async waitForError(timeoutMs = 15_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    while (this.errors.length === 0) {
      if (Date.now() > deadline) throw new Error(`no error within ${timeoutMs} ms; events: ${this.events.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.errors[0];
  }

  /** Disconnects (the socket closes; the server sees the client go away). */
  async close(): Promise<void> {
    await this.client.dispose();
  }
}

function describe(e: unknown): string {
  if (Array.isArray(e)) return JSON.stringify(e);
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'code' in e) {
    const c = e as { code: unknown; reason?: unknown };
    return `close ${String(c.code)} ${String(c.reason ?? '')}`;
  }
  return JSON.stringify(e);
}
