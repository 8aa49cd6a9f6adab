/**
 * `@mchd/format/testing`: mutation and fuzzing helpers over valid documents, for tests and benches of this and
 * other packages.
 */
export { fuzzOnce, MUTATION_KINDS, mutate, type MutationKind } from './mutations.js';
export { bareParse } from './bare-parse.js';
