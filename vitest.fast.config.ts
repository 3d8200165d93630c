import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The fast suites: the library's unit tests and its security tests on the memory store, with no
// Redis, PostgreSQL, SQLite or browser. Mutation testing runs them once per mutant
// (stryker.config.json), so they must stay self-contained and quick.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['packages/sesame/src/**/*.test.ts', 'packages/sesame/test/security/**/*.test.ts'],
    exclude: [
      '**/node_modules/**',
      'packages/sesame/src/stores/redis/**',
      'packages/sesame/src/stores/postgres/**',
      'packages/sesame/src/stores/sqlite/**',
      // These need every real store or measure time: they run in the full suite only.
      'packages/sesame/test/security/anonymous-visitors.test.ts',
      'packages/sesame/test/security/session-probing.test.ts',
      'packages/sesame/src/session/sign-in.test.ts',
      'packages/sesame/test/security/sealed-dumps.test.ts',
      'packages/sesame/test/security/renewal-stores.test.ts',
    ],
    reporters: ['default'],
    // A mutant that leaves a request unanswered fails its test in seconds, not at the 20 s default.
    testTimeout: 5_000,
    hookTimeout: 10_000,
    coverage: { enabled: false },
  },
});
