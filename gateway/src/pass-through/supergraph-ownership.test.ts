import { buildASTSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../compose.js';
import { SupergraphOwnership } from './supergraph-ownership.js';

const link =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@external", "@requires"])';
const supergraphSdl = composeSupergraph([
  {
    name: 'alpha',
    url: 'http://127.0.0.1:1/graphql',
    sdl: `${link}
      type Thing @key(fields: "id") { id: ID! name: String! weight: Int! }
      type Query { thing(id: ID!): Thing  things(n: Int!): [Thing!]! }
      type Mutation { rename(id: ID!, name: String!): Thing }
      type Subscription { ticks: Thing! }`,
  },
  {
    name: 'beta',
    url: 'http://127.0.0.1:2/graphql',
    sdl: `${link}
      type Thing @key(fields: "id") { id: ID! seenBy: String! weight: Int! @external heavy: Boolean! @requires(fields: "weight") }
      type Query { betaThing: Thing }`,
  },
]);
const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
const ownership = SupergraphOwnership.fromSupergraphSdl(supergraphSdl);
const single = (query: string, operationName?: string) =>
  ownership.singleSubgraphOf(schema, parse(query), operationName);

describe('SupergraphOwnership', () => {
  it('reads who resolves each field from the join directives', () => {
    expect([...ownership.graphsOf('Thing', 'id')].sort()).toEqual(['alpha', 'beta']);
    expect([...ownership.graphsOf('Thing', 'name')]).toEqual(['alpha']);
    // external in beta, so only alpha resolves it by itself
    expect([...ownership.graphsOf('Thing', 'weight')]).toEqual(['alpha']);
    // beta needs alpha's weight first: nobody answers it alone
    expect([...ownership.graphsOf('Thing', 'heavy')]).toEqual([]);
    expect([...ownership.graphsOf('Query', 'betaThing')]).toEqual(['beta']);
  });

  it('finds the one subgraph of a query it answers alone, through fragments and __typename', () => {
    expect(single('{ thing(id: "1") { id name __typename } }')).toBe('alpha');
    expect(single('query Q($n: Int!) { things(n: $n) { ...F } } fragment F on Thing { id name }')).toBe('alpha');
    expect(single('query Q($s: Boolean!) { thing(id: "1") { ... on Thing { name @skip(if: $s) } } }')).toBe('alpha');
    expect(single('{ betaThing { id seenBy } }')).toBe('beta');
  });

  it('refuses what needs a second subgraph, introspection, other directives and non-queries', () => {
    expect(single('{ thing(id: "1") { id seenBy } }')).toBeNull();
    expect(single('{ betaThing { id name } }')).toBeNull();
    expect(single('{ betaThing { heavy } }')).toBeNull();
    expect(single('{ thing(id: "1") { id } betaThing { id } }')).toBeNull();
    expect(single('{ __typename }')).toBeNull();
    expect(single('{ __schema { queryType { name } } }')).toBeNull();
    expect(single('{ thing(id: "1") { name @deprecated } }')).toBeNull();
    expect(single('mutation { rename(id: "1", name: "x") { id } }')).toBeNull();
    expect(single('subscription { ticks { id } }')).toBeNull();
  });

  it('picks the operation by name', () => {
    const document = 'query A { thing(id: "1") { name } } query B { betaThing { seenBy } }';
    expect(single(document, 'A')).toBe('alpha');
    expect(single(document, 'B')).toBe('beta');
    expect(single(document)).toBeNull();
  });
});
