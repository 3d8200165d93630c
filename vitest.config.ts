import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in the repo, so tests, the demo and the
// benchmarks run without a build step: tsconfig.base.json "paths" is the one map (tsc and tsx read
// it; here it becomes Vite aliases). The published package.json files point at dist/ only.
const { compilerOptions } = JSON.parse(
  readFileSync(new URL('tsconfig.base.json', import.meta.url), 'utf8'),
) as {
  compilerOptions: { paths: Record<string, [string]> };
};
const alias = Object.entries(compilerOptions.paths).map(([specifier, [target]]) => ({
  find: new RegExp(`^${specifier.replaceAll('/', '\\/')}$`),
  replacement: fileURLToPath(new URL(target, import.meta.url)),
}));

/**
 * Coverage floors for the library (issue 17): every directory at least 90 % of branches. Token,
 * CSRF and cookie keep floors about half a point under what their tests measured (so a deleted
 * test trips them); the directories that the read cache, device-bound sessions, sealing and the
 * layer's speed work changed after that measurement sit at the floor until the whole
 * suite measures them again (README.md "Test quality"). The new directories (device-bound/,
 * seal/, stores/read-cache/) count in the library-wide floor.
 */
const LIB = 'packages/sesame/src';
const TOUCHED = { statements: 90, branches: 90, functions: 90, lines: 90 };
const COVERAGE_THRESHOLDS = {
  statements: 94,
  branches: 92,
  functions: 94,
  lines: 95,
  [`${LIB}/*.ts`]: TOUCHED,
  [`${LIB}/token/**`]: { statements: 100, branches: 100, functions: 100, lines: 100 },
  [`${LIB}/csrf/**`]: { statements: 99, branches: 99, functions: 100, lines: 99 },
  [`${LIB}/cookie/**`]: { statements: 93, branches: 99, functions: 100, lines: 92 },
  [`${LIB}/session/**`]: TOUCHED,
  [`${LIB}/adapters/express/**`]: TOUCHED,
  [`${LIB}/adapters/express-session/**`]: TOUCHED,
  [`${LIB}/adapters/fastify/**`]: TOUCHED,
  [`${LIB}/adapters/web/**`]: TOUCHED,
  [`${LIB}/adapters/hono/**`]: TOUCHED,
  [`${LIB}/stores/memory/**`]: TOUCHED,
  [`${LIB}/stores/sqlite/**`]: TOUCHED,
  [`${LIB}/stores/redis/**`]: TOUCHED,
  [`${LIB}/stores/postgres/**`]: TOUCHED,
};

export default defineConfig({
  resolve: { alias },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    // CI also writes a JSON report that .ci/run restates as "N passed, N failed".
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]]
      : ['default'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Measured in the CI run of `npm run test:unit` (the whole suite, once), not in targeted runs
    // of a few files, which would miss the thresholds by design. Locally: `npm run test:unit --
    // --coverage`. Figures: README.md "Test quality".
    coverage: {
      enabled: process.env.CI === 'true' && process.env.npm_lifecycle_event === 'test:unit',
      provider: 'v8',
      include: [`${LIB}/**/*.ts`],
      // The store contract suite under src/testing is test code shipped for users' own stores.
      // debug.ts only runs with NODE_DEBUG=sesame, which Node reads at startup: its test drives it
      // in a child process (src/debug.test.ts), where V8 coverage of this run cannot see it.
      exclude: ['**/*.test.ts', `${LIB}/testing/**`, `${LIB}/debug.ts`],
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: '.tmp/coverage',
      thresholds: COVERAGE_THRESHOLDS,
    },
  },
});
