import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) transpiles tests so that decorator metadata is emitted: type-graphql, MikroORM and
// fabric-contract-api read it at run time.
export default defineConfig({
  plugins: [
    swc.vite({
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        keepClassNames: true,
      },
    }),
  ],
  resolve: {
    conditions: ['source'],
    // One graphql-js instance: code transformed by Vite would otherwise load graphql's ESM build (index.mjs) while
    // external CommonJS dependencies (type-graphql, @apollo/*) load index.js, and `instanceof` checks fail.
    alias: [
      { find: /^graphql$/, replacement: fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url)) },
    ],
  },
  // Vite 6 applies `resolve.conditions` to the client environment only; tests run in the SSR one.
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'subgraphs/*/src/**/*.test.ts',
      'gateway/src/**/*.test.ts',
      'chaincode/src/**/*.test.ts',
      'ledger-network/src/**/*.test.ts',
      'tests/src/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
