import {
  buildSchema,
  GraphQLError,
  GraphQLInt,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { assertCost, assertDepth, depthLimitRule, operationCost } from './limits.js';

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

describe('limits cached per document', () => {
  it('answers the same depth error for the same document however often, and follows the limit', () => {
    const doc = parse('query Deep { node { child { child { child { name } } } } }');
    const failure = (maxDepth: number): GraphQLError | null => {
      try {
        assertDepth(schema, doc, maxDepth);
        return null;
      } catch (e) {
        return e as GraphQLError;
      }
    };
    expect(failure(5)).toBeNull();
    const first = failure(4);
    expect(first?.message).toBe('query depth 5 exceeds the limit 4');
    expect(first?.extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 5, limit: 4 });
    expect(first?.locations).toEqual([{ line: 1, column: 1 }]);
    // Known depth, other limits: the answer follows the limit, not the first call.
    expect(failure(5)).toBeNull();
    expect(failure(2)?.extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 5, limit: 2 });
    expect(failure(4)?.toJSON()).toEqual(first?.toJSON());
    // The validation rule (subscriptions) reports the same error as assertDepth.
    const [ruleError] = validate(schema, doc, [...specifiedRules, depthLimitRule(4)]);
    expect(ruleError?.toJSON()).toEqual(first?.toJSON());
  });

  it('gives a different cost to the same document with a different first variable', () => {
    const doc = parse('query($n: Int) { list(first: $n) { name } }');
    expect(operationCost(schema, doc, null, { n: 2 })).toBe(3);
    expect(operationCost(schema, doc, null, { n: 50 })).toBe(51);
    expect(operationCost(schema, doc, null, { n: 2 })).toBe(3);
    expect(operationCost(schema, doc, null, {})).toBe(2); // no first: 1 for the list, 1 for name
    expect(operationCost(schema, doc, null, { n: null })).toBe(2);
    expect(() => assertCost(schema, doc, null, { n: 2 }, 10)).not.toThrow();
    try {
      assertCost(schema, doc, null, { n: 50 }, 10);
      expect.unreachable();
    } catch (e) {
      expect((e as GraphQLError).message).toBe('query cost 51 exceeds the limit 10');
      expect((e as GraphQLError).extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: 51, limit: 10 });
    }
    expect(() => assertCost(schema, doc, null, { n: 9 }, 10)).not.toThrow();
  });

  it('keys nested first variables, defaults, @skip/@include conditions and the operation name', () => {
    const nested = parse('query($a: Int, $b: Int = 3) { list(first: $a) { list(first: $b) { name } } }');
    expect(operationCost(schema, nested, null, { a: 2 })).toBe(1 + 2 * (1 + 3));
    expect(operationCost(schema, nested, null, { a: 2, b: 10 })).toBe(1 + 2 * (1 + 10));
    expect(operationCost(schema, nested, null, { a: 2 })).toBe(1 + 2 * (1 + 3));
    const skipped = parse(
      'query($s: Boolean!, $i: Boolean!) { list(first: 50) @skip(if: $s) { name } node @include(if: $i) { name } }',
    );
    expect(operationCost(schema, skipped, null, { s: true, i: false })).toBe(0);
    expect(operationCost(schema, skipped, null, { s: false, i: false })).toBe(51);
    expect(operationCost(schema, skipped, null, { s: true, i: true })).toBe(2);
    expect(operationCost(schema, skipped, null, { s: false, i: true })).toBe(53);
    const named = parse('query A { list(first: 5) { name } } query B { list(first: 7) { name } }');
    expect(operationCost(schema, named, 'A', {})).toBe(6);
    expect(operationCost(schema, named, 'B', {})).toBe(8);
    expect(operationCost(schema, named, 'A', {})).toBe(6);
  });

  it('shares one cost among values of other variables, still refusing values that do not coerce', () => {
    const doc = parse('query($n: Int!, $name: String!) { list(first: $n) { name } node { name } }');
    expect(operationCost(schema, doc, null, { n: 4, name: 'a' })).toBe(7);
    expect(operationCost(schema, doc, null, { n: 4, name: 'b' })).toBe(7);
    // The first request with these values costed it; a later one with a bad value is refused as before.
    expect(() => operationCost(schema, doc, null, { n: 4 })).toThrow(
      'Variable "$name" of required type "String!" was not provided.',
    );
    expect(() => operationCost(schema, doc, null, { n: 'four', name: 'a' })).toThrow(/got invalid value "four"/);
    expect(operationCost(schema, doc, null, { n: 4, name: 'c' })).toBe(7);
  });

  it('keys every variable when a field computes its own complexity from its arguments', () => {
    const sized = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          sized: {
            type: GraphQLString,
            args: { size: { type: GraphQLInt } },
            extensions: { complexity: ({ args }: { args: { size?: number } }) => args.size ?? 1 },
          },
        },
      }),
    });
    const doc = parse('query($s: Int) { sized(size: $s) }');
    expect(operationCost(sized, doc, null, { s: 5 })).toBe(5);
    expect(operationCost(sized, doc, null, { s: 9 })).toBe(9);
    expect(operationCost(sized, doc, null, { s: 5 })).toBe(5);
    // The same document object against another schema is costed by that schema.
    expect(operationCost(buildSchema('type Query { sized(size: Int): String }'), doc, null, { s: 9 })).toBe(1);
  });
});
