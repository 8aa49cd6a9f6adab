import { buildSchema, GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { assertCost, assertDepth, operationCost } from './limits.js';

const schema = buildSchema(`
  type Query { node: Node, list(first: Int): [Node!]! }
  type Node { name: String, child: Node, list(first: Int): [Node!]! }
`);

describe('limits', () => {
  it('measures depth through fragments and refuses deeper operations', () => {
    const doc = parse('query { node { ...F } } fragment F on Node { child { child { name } } }');
    expect(() => assertDepth(schema, doc, 4)).not.toThrow();
    try {
      assertDepth(schema, doc, 3);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GraphQLError);
      expect((e as GraphQLError).extensions.code).toBe('QUERY_TOO_DEEP');
    }
  });

  it('multiplies list costs by first', () => {
    const cheap = operationCost(schema, parse('{ list(first: 2) { name } }'), null, {});
    const dear = operationCost(schema, parse('{ list(first: 50) { list(first: 50) { name } } }'), null, {});
    expect(cheap).toBe(3);
    expect(dear).toBeGreaterThan(2500);
    expect(() => assertCost(schema, parse('{ list(first: 50) { list(first: 50) { name } } }'), null, {}, 1000)).toThrow(
      /exceeds the limit 1000/,
    );
  });
});
