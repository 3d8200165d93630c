import { defineConfig } from 'tsup';

export default defineConfig({
  // The library; the command (bin/) runs its `main`.
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  // .d.ts for the ESM file, .d.cts for the CommonJS one.
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  removeNodeProtocol: false,
  // `import.meta.url` in the CommonJS build (the version is read from ../package.json).
  shims: true,
  tsconfig: 'tsconfig.build.json',
});
