/** One consumer's view of a {@link SharedSubscription}: what it has not taken yet, and how to wake it. */
interface Consumer<T> {
  readonly queue: T[];
  wake: (() => void) | undefined;
  done: boolean;
}

/**
 * One source stream read once and handed to any number of consumers, each at its own pace: every consumer gets every
 * value the source yields after it attached, then the source's end or error. The source is closed when the last
 * consumer leaves. Written by hand: the async-iterator helpers of the GraphQL ecosystem (`Repeater`, graphql-tools'
 * `mapAsyncIterator`) map one stream to one consumer and do not share one.
 *
 * A consumer may only attach while the source has yielded nothing ({@link joinable}); a late consumer would miss
 * what was yielded before it, and a subscription resumed from a cursor must not.
 *
 * @example
 * ```ts
 * const shared = new SharedSubscription(upstream, () => registry.delete(key));
 * const a = shared.attach();
 * const b = shared.attach();
 * for await (const value of a) console.log(value); // b gets the same values
 * ```
 */
export class SharedSubscription<T> {
  private readonly consumers = new Set<Consumer<T>>();
  private yielded = false;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private pumping = false;

  constructor(
    private readonly source: AsyncIterator<T>,
    /** Called once when the subscription stops accepting consumers (first value, end, or no consumer left). */
    private readonly onClosedToNewcomers: () => void = () => undefined,
  ) {}

  /** Whether a new consumer may still attach: nothing yielded yet, and not ended (nor left by everyone). */
  get joinable(): boolean {
    return !this.yielded && !this.ended;
  }

  /** How many consumers are attached. */
  get size(): number {
    return this.consumers.size;
  }

  /** A new consumer's iterator. Throws if the subscription is no longer {@link joinable}. */
  attach(): AsyncIterableIterator<T> {
    if (!this.joinable) throw new Error('this shared subscription has already yielded values');
    const consumer: Consumer<T> = { queue: [], wake: undefined, done: false };
    this.consumers.add(consumer);
    if (!this.pumping) {
      this.pumping = true;
      void this.pump();
    }
    const finished = { value: undefined, done: true } as IteratorReturnResult<undefined>;
    const leave = async (): Promise<IteratorReturnResult<undefined>> => {
      if (!consumer.done) {
        consumer.done = true;
        this.consumers.delete(consumer);
        consumer.wake?.();
        if (this.consumers.size === 0) await this.closeSource();
      }
      return finished;
    };
    const iterator: AsyncIterableIterator<T> = {
      next: async () => {
        for (;;) {
          const value = consumer.queue.shift();
          if (value !== undefined) return { value, done: false };
          if (consumer.done) return finished;
          if (this.ended) {
            consumer.done = true;
            this.consumers.delete(consumer);
            if (this.failure) throw this.failure.error;
            return finished;
          }
          await new Promise<void>((resolve) => (consumer.wake = resolve));
          consumer.wake = undefined;
        }
      },
      return: leave,
      throw: async (error: unknown) => {
        await leave();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const step = await this.source.next();
        if (step.done) break;
        if (!this.yielded) {
          this.yielded = true;
          this.onClosedToNewcomers();
        }
        for (const consumer of this.consumers) {
          consumer.queue.push(step.value);
          consumer.wake?.();
        }
        if (this.consumers.size === 0) break;
      }
    } catch (error) {
      this.failure = { error };
    }
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.yielded) this.onClosedToNewcomers();
    for (const consumer of this.consumers) consumer.wake?.();
  }

  private async closeSource(): Promise<void> {
    const wasEnded = this.ended;
    this.finish();
    if (!wasEnded) await this.source.return?.();
  }
}
