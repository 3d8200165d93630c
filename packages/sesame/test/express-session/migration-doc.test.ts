/**
 * The code in docs/migrating-from-express-session.md type-checks as written (strict, as the repo
 * compiles), so an app that copies it gets no error from the guide itself. Each `ts` block is
 * its own module in an empty directory, after a preamble that declares only the names the block
 * uses without defining (`app`, `sessions`, `client`, …). Passport is a small declaration of the
 * four calls the guide makes, since @types/passport is not installed here: what is checked is the
 * guide's use of Sesame, express and the store clients.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');

/** Names a block may use without defining them, each with the line that defines it. */
const PREAMBLE: readonly [name: string, line: string][] = [
  ['express', "import express from 'express';"],
  ['passport', "import passport from 'passport';"],
  ['expressSession', "import { expressSession } from 'sesame-session/express-session';"],
  ['app', 'const app = express();'],
  ['sessions', "declare const sessions: import('sesame-session').Sessions;"],
  ['client', "declare const client: import('redis').RedisClientType;"],
  ['users', 'declare const users: { find(id: string): Promise<Express.User | undefined> };'],
];

const PASSPORT_SHIM = `declare module 'passport' {
  import type { RequestHandler } from 'express';
  interface Passport {
    serializeUser(fn: (user: Express.User, done: (err: unknown, id?: string) => void) => void): void;
    deserializeUser(fn: (id: string, done: (err: unknown, user?: Express.User | false) => void) => void): void;
    session(): RequestHandler;
    authenticate(strategy: string, options?: { successRedirect?: string; failureRedirect?: string }): RequestHandler;
  }
  const passport: Passport;
  export default passport;
}
declare namespace Express {
  interface User { id: string }
  interface Request { logout(done: (err?: unknown) => void): void }
}
`;

function defines(code: string, name: string): boolean {
  const imported = [...code.matchAll(/^import\s+(?:type\s+)?([^;]*?)\s+from\s/gm)].some((match) =>
    new RegExp(`\\b${name}\\b`).test(match[1] as string),
  );
  return imported || new RegExp(`^(const|let|function) ${name}\\b`, 'm').test(code);
}

function uses(code: string, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(code);
}

function blocksOf(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)\n```/g)].map((match) => match[1] as string);
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('docs/migrating-from-express-session.md', () => {
  it('every ts block type-checks as written', async () => {
    const blocks = blocksOf(readFileSync(join(ROOT, 'docs/migrating-from-express-session.md'), 'utf8'));
    expect(blocks.length, 'the guide has its setup, Passport and legacy examples').toBeGreaterThanOrEqual(3);
    const dir = mkdtempSync(join(tmpdir(), 'sesame-migration-doc-'));
    dirs.push(dir);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'passport-shim.d.ts'), PASSPORT_SHIM);
    const files = blocks.map((code, index) => {
      const needed = PREAMBLE.filter(
        ([name]) =>
          !defines(code, name) &&
          (uses(code, name) || (name === 'express' && uses(code, 'app') && !defines(code, 'app'))),
      );
      const file = `block-${String(index + 1)}.ts`;
      // Each block is a module of its own: the closing export keeps it one even without imports.
      writeFileSync(join(dir, file), [...needed.map(([, line]) => line), code, 'export {};', ''].join('\n'));
      return file;
    });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.base.json'),
        compilerOptions: { noEmit: true, noUnusedLocals: false },
        files: ['passport-shim.d.ts', ...files],
      }),
    );
    const output = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], {
      timeout: 90_000,
    }).then(
      () => '',
      (error: { stdout?: string; message?: string }) => error.stdout ?? error.message ?? 'tsc failed',
    );
    expect(output).toBe('');
  }, 90_000);
});
