import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/** Every public entry point: the keys are the paths under dist/, matching "exports" in package.json. */
export const entries = {
  index: 'src/index.ts',
  'adapters/express/index': 'src/adapters/express/index.ts',
  'adapters/express-session/index': 'src/adapters/express-session/index.ts',
  'adapters/fastify/index': 'src/adapters/fastify/index.ts',
  'adapters/web/index': 'src/adapters/web/index.ts',
  'adapters/hono/index': 'src/adapters/hono/index.ts',
  'stores/memory/index': 'src/stores/memory/index.ts',
  'stores/sqlite/index': 'src/stores/sqlite/index.ts',
  'stores/redis/index': 'src/stores/redis/index.ts',
  'stores/postgres/index': 'src/stores/postgres/index.ts',
  'testing/index': 'src/testing/index.ts',
};

/** Shipped as they are, for people who run migrations themselves. */
const assets = ['stores/postgres/schema.sql'];

/**
 * Files the CommonJS build takes in place of their ESM versions: `testing/vitest-cjs.ts` (a
 * `require`) for `testing/vitest.ts` (top-level await is ESM only), and
 * `stores/sqlite/driver-cjs.ts` (a plain `require`) for `stores/sqlite/driver.ts`
 * (`createRequire(import.meta.url)`; CommonJS has no `import.meta`). tsup builds split CommonJS as
 * ESM and converts it afterwards, so the format is read from the TSUP_FORMAT constant tsup defines.
 */
const commonJsStandIns: Plugin = {
  name: 'commonjs-stand-ins',
  setup(build) {
    if (build.initialOptions.define?.['TSUP_FORMAT'] !== '"cjs"') return;
    build.onResolve({ filter: /^\.\.?\/(\.\.\/)?(vitest|driver)\.js$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\.js$/, '-cjs.ts')),
    }));
  },
};

/** What both formats share. */
const common: Options = {
  entry: entries,
  // .d.ts for the ESM files, .d.cts for the CommonJS ones: each format gets types of its own kind.
  dts: true,
  // One copy of each module per format, shared by every entry point: SesameError, the clock and the
  // config must be the same objects whether an app imports them from the root or from a store.
  splitting: true,
  sourcemap: true,
  // Not `clean: true`: the two builds below run in parallel and would delete each other's files.
  // `npm run build` empties dist/ first.
  clean: false,
  target: 'node20',
  platform: 'node',
  // Keep `node:` specifiers as written (Node 20 has them all).
  removeNodeProtocol: false,
  tsconfig: 'tsconfig.build.json',
};

export default defineConfig([
  {
    ...common,
    format: ['esm'],
    onSuccess: () => {
      for (const asset of assets) {
        mkdirSync(dirname(join('dist', asset)), { recursive: true });
        copyFileSync(join('src', asset), join('dist', asset));
      }
      return Promise.resolve();
    },
  },
  {
    ...common,
    format: ['cjs'],
    // jose 6 is ESM only, and Node 20.12–20.18 cannot require() an ES module (ERR_REQUIRE_ESM). The
    // CommonJS build carries its own copy of jose (no dependencies of its own) instead of
    // `require('jose')`; the ESM build imports the installed one. scripts/check-packages.ts fails on
    // any `require("jose")` in dist/.
    noExternal: ['jose'],
    // tsup turns split ESM chunks into CommonJS with sucrase, which breaks on jose's class fields
    // after `super(…), …` (SyntaxError): esbuild lowers class fields first.
    esbuildOptions(options) {
      options.supported = { ...options.supported, 'class-field': false };
    },
    esbuildPlugins: [commonJsStandIns],
  },
]);
