/**
 * The consumer projects: one fresh npm project that installs the packed tarballs (and express and
 * typescript from the registry), with a sub-project per way people load a package. Each
 * sub-project has its own package.json "type" and tsconfig, as a separate project would; they
 * share the one node_modules so the check installs once.
 *
 * @module
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the consumer sources live in the repo. */
export const FIXTURES = new URL('../package-consumers/', import.meta.url);

/** The test runner a store author adds for sesame-session/testing. */
export const VITEST = 'vitest@^4.0.0';

/** What the project installs besides the tarballs: the versions a new user gets today. */
export const REGISTRY_PACKAGES = [
  'express@^5.1.0',
  '@types/express@^5.0.0',
  '@types/node@^20.12.0',
  'typescript@~5.9.3',
];

export interface Consumer {
  /** Sub-directory name, also the step name. */
  name: string;
  /** package.json "type" of the sub-project (absent: CommonJS, as after `npm init -y`). */
  type?: 'module' | 'commonjs';
  /** Files copied from the fixtures, target name → fixture path. */
  files: Record<string, string>;
  /** tsconfig compilerOptions; absent for the JavaScript consumers. */
  tsconfig?: Record<string, unknown>;
  /** The file node runs (after tsc for TypeScript consumers). */
  run: string;
}

// What `tsc --init` writes, strict. Two consumers also turn skipLibCheck off, so Sesame's own
// .d.cts and .d.ts files are checked under a consumer's flags (issue 11: the published sources
// failed under other flags); the others keep it on, as most projects do, and compile faster.
const STRICT = {
  strict: true,
  skipLibCheck: true,
  esModuleInterop: true,
  target: 'ES2022',
  types: ['node'],
};
const CHECK_LIBS = { ...STRICT, skipLibCheck: false };
const ts = (main: string): Record<string, string> => ({
  'src/sign-in.ts': 'ts/sign-in.ts',
  'src/main.ts': `ts/${main}`,
});

export const CONSUMERS: readonly Consumer[] = [
  { name: 'esm', type: 'module', files: { 'main.js': 'esm.mjs', 'flow.cjs': 'flow.cjs' }, run: 'main.js' },
  { name: 'cjs', files: { 'main.js': 'cjs.cjs', 'flow.cjs': 'flow.cjs' }, run: 'main.js' },
  {
    name: 'ts-node16-cjs',
    files: ts('main-cjs.ts'),
    tsconfig: { ...CHECK_LIBS, module: 'node16', moduleResolution: 'node16', outDir: 'dist' },
    run: 'dist/main.js',
  },
  {
    name: 'ts-node16-esm',
    type: 'module',
    files: ts('main.ts'),
    tsconfig: { ...STRICT, module: 'node16', moduleResolution: 'node16', outDir: 'dist' },
    run: 'dist/main.js',
  },
  {
    name: 'ts-nodenext',
    type: 'module',
    files: ts('main.ts'),
    tsconfig: { ...CHECK_LIBS, module: 'nodenext', moduleResolution: 'nodenext', outDir: 'dist' },
    run: 'dist/main.js',
  },
  {
    name: 'ts-bundler',
    type: 'module',
    files: ts('main.ts'),
    tsconfig: { ...STRICT, module: 'esnext', moduleResolution: 'bundler', outDir: 'dist' },
    run: 'dist/main.js',
  },
  {
    // NestJS's default tsconfig.json as `nest new` has long written it (issue 11): module
    // commonjs, moduleResolution node (node10, which ignores "exports"), no esModuleInterop.
    name: 'ts-nestjs',
    files: ts('main-nest.ts'),
    tsconfig: {
      module: 'commonjs',
      moduleResolution: 'node',
      declaration: true,
      removeComments: true,
      emitDecoratorMetadata: true,
      experimentalDecorators: true,
      allowSyntheticDefaultImports: true,
      target: 'ES2021',
      sourceMap: true,
      outDir: './dist',
      baseUrl: './',
      incremental: true,
      skipLibCheck: true,
      strictNullChecks: false,
      noImplicitAny: false,
      strictBindCallApply: false,
      noFallthroughCasesInSwitch: false,
    },
    run: 'dist/main.js',
  },
];

/** Write a consumer's sub-project under `projectDir`; returns its directory. */
export function writeConsumer(projectDir: string, consumer: Consumer): string {
  const dir = join(projectDir, consumer.name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  const manifest = {
    name: `consumer-${consumer.name}`,
    private: true,
    ...(consumer.type ? { type: consumer.type } : {}),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [target, fixture] of Object.entries(consumer.files)) {
    copyFileSync(new URL(fixture, FIXTURES), join(dir, target));
  }
  if (consumer.tsconfig !== undefined) {
    const config = { compilerOptions: consumer.tsconfig, include: ['src'] };
    writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(config, null, 2)}\n`);
  }
  return dir;
}
