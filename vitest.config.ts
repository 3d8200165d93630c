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
  },
});
