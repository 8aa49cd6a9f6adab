import type { Caller, Role } from '@mchd/auth';
import { UnauthenticatedError } from '@mchd/auth';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { AuthChecker } from 'type-graphql';
import type { Outbox } from './outbox.js';

/**
 * Per-request DataLoaders: one loader per name for the lifetime of a GraphQL request, so that the entities
 * a nested list needs are fetched in one batch.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  /**
   * The request's loader called `name`, created by `batch` on first use.
   *
   * @example
   * ```ts
   * const person = await ctx.loaders.get('personById', (ids: readonly string[]) => loadPeople(em, ids)).load(id);
   * ```
   */
  get<K, V>(name: string, batch: DataLoader.BatchLoadFn<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader(batch as DataLoader.BatchLoadFn<unknown, unknown>) as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /**
   * Forgets every cached value: long-lived operations (a subscription's events share one context) call it
   * before each event so that no event shows data cached for an earlier one.
   */
  clearAll(): void {
    for (const loader of this.loaders.values()) loader.clearAll();
  }
}

/** What every resolver of every subgraph gets as its context. */
export interface SubgraphContext {
  /** The authenticated caller, or null when the request carried no token. */
  readonly caller: Caller | null;
  /** An `EntityManager` fork for this request only. */
  readonly em: EntityManager;
  readonly loaders: LoaderRegistry;
  readonly outbox: Outbox;
  readonly logger: Logger;
}

/**
 * The kit's request context: the `EntityManager` fork and the DataLoader registry are made on first use (an
 * operation whose resolvers touch neither, such as a cached check or `{ __typename }`, does not pay for them).
 * A class rather than an object literal with getters: one hidden class for every request, so building it and
 * reading its members stay cheap. Internal to the kit (resolvers see it as {@link SubgraphContext}).
 *
 * Apollo Server copies the context object for each operation (`Object.assign` onto an object with the same
 * prototype): the getters stay lazy on the copy, and the members made on first use live in one object that the
 * copy shares, so that the subgraph's `context` function (given the original) and the resolvers (given the copy)
 * see the same fork. Own getters of the subgraph's members are read by that copy, so they are not lazy over HTTP.
 */
export class RequestContext implements SubgraphContext {
  /** The members made on first use (shared with copies of the context). */
  private readonly made: { em?: EntityManager; loaders?: LoaderRegistry } = {};

  constructor(
    readonly caller: Caller | null,
    private readonly orm: MikroORM,
    readonly outbox: Outbox,
    readonly logger: Logger,
  ) {}

  get em(): EntityManager {
    return (this.made.em ??= this.orm.em.fork());
  }

  get loaders(): LoaderRegistry {
    return (this.made.loaders ??= new LoaderRegistry());
  }

  /** Adds a subgraph's own members: data properties are assigned, accessors copied as accessors. */
  extend<X extends object>(members: X): this & X {
    for (const key of Reflect.ownKeys(members)) {
      const property = Reflect.getOwnPropertyDescriptor(members, key) as PropertyDescriptor;
      if (property.get || property.set) Object.defineProperty(this, key, property);
      else (this as Record<PropertyKey, unknown>)[key] = property.value;
    }
    return this as this & X;
  }
}

/**
 * type-graphql `authChecker`: `@Authorized()` requires a caller (else `UNAUTHENTICATED`);
 * `@Authorized('auditor', 'admin')` requires one of those roles (else `FORBIDDEN`). Organization checks
 * belong in services (`requireOrg`).
 *
 * @example
 * ```ts
 * buildSchema({ resolvers, authChecker: roleAuthChecker });
 * ```
 */
export const roleAuthChecker: AuthChecker<SubgraphContext, Role> = ({ context }, roles) => {
  if (!context.caller) throw new UnauthenticatedError();
  return roles.length === 0 || context.caller.roles.some((r) => roles.includes(r));
};
