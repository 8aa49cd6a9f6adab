import 'reflect-metadata';
import { ArgsType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { BadUserInputError } from './errors.js';

/** Relay `pageInfo`. Shareable: every subgraph defines the same type. */
@ObjectType({ description: 'Where a page of a connection sits in the whole list (Relay cursor connections).' })
@Directive('@shareable')
export class PageInfo {
  @Field({ description: 'Whether more items follow the last edge of this page.' })
  hasNextPage!: boolean;

  @Field({
    description: 'Whether items precede the first edge of this page (true when `after` was given and matched).',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge, or null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last edge; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

/** Default and largest page sizes. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `first` and `after` arguments of a connection field. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return (1-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (an `endCursor` from before).' })
  after?: string | null;
}

/** One edge of a page: the item and its cursor. */
export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

/** A page as returned by {@link paginate}: the shape of every `…Connection` type. */
export interface Connection<T> {
  readonly edges: Edge<T>[];
  readonly pageInfo: PageInfo;
  readonly totalCount: number;
}

/** Opaque cursor for a keyset position (base64url of the key). */
export function encodeCursor(key: string): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; `BAD_USER_INPUT` (path `after`) when it is not one. */
export function decodeCursor(cursor: string, path = 'after'): string {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith('k:')) throw new BadUserInputError(`"${cursor}" is not a cursor from this list`, path);
  return text.slice(2);
}

/** Checks `first` and returns the page size. */
export function pageSize(first: number | null | undefined, path = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, path);
  }
  return first;
}

/** What {@link paginate} needs from a data source ordered by a unique string key. */
export interface KeysetSource<T> {
  /** Items with key > `after` (all when undefined) in ascending key order, at most `limit`. */
  fetch(after: string | undefined, limit: number): Promise<T[]>;
  /** Size of the whole list. */
  count(): Promise<number>;
  /** The item's unique, ordered key. */
  key(item: T): string;
}

/**
 * Relay cursor pagination over a keyset (a unique, ordered key such as a time-ordered UUIDv7 id):
 * fetches `first + 1` rows to learn `hasNextPage`, counts for `totalCount`.
 *
 * @example
 * ```ts
 * const page = await paginate(args, {
 *   fetch: (after, limit) => em.find(Org, after ? { id: { $gt: after } } : {}, { orderBy: { id: 'asc' }, limit }),
 *   count: () => em.count(Org),
 *   key: (o) => o.id,
 * });
 * ```
 */
export async function paginate<T>(args: ConnectionArgs, source: KeysetSource<T>): Promise<Connection<T>> {
  const size = pageSize(args.first);
  const after = args.after ? decodeCursor(args.after) : undefined;
  const [rows, totalCount] = await Promise.all([source.fetch(after, size + 1), source.count()]);
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(source.key(node)), node }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** A class constructor, as type-graphql takes them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClassType<T = unknown> = new (...args: any[]) => T;

/**
 * Builds the GraphQL types `<Name>Edge` and `<Name>Connection` (`edges { cursor node }`, `pageInfo`,
 * `totalCount`) for a node type.
 *
 * @example
 * ```ts
 * export const OrganizationConnection = connectionType('Organization', Organization, 'organizations');
 * ```
 */
export function connectionType<T>(name: string, node: ClassType<T>, what: string): ClassType<Connection<T>> {
  @ObjectType(`${name}Edge`, { description: `One of the ${what} in a page, with its cursor.` })
  class EdgeType {
    @Field({ description: 'Opaque position of this edge; pass it as `after` to continue after it.' })
    cursor!: string;

    @Field(() => node, { description: `The item.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what} (Relay cursor connection).` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: 'The items of this page with their cursors.' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: `How many ${what} the whole list has.` })
    totalCount!: number;
  }
  return ConnectionType;
}
