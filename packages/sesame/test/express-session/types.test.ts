/**
 * Types (issue 12): an app with @types/express-session installed type-checks on the layer, and
 * `declare module 'express-session' { interface SessionData { … } }` types `req.session`.
 * The fixture is its own TypeScript program: the repo's program holds sesame-session/express's
 * `req.session` declaration, which an app moving to the layer does not import.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('./types-fixture/tsconfig.json', import.meta.url));
const tsc = fileURLToPath(new URL('../../../../node_modules/typescript/bin/tsc', import.meta.url));

describe('types with @types/express-session installed', () => {
  it('the fixture app compiles: no TS2717, and SessionData types req.session', async () => {
    const result = await run(process.execPath, [tsc, '-p', fixture], { timeout: 60_000 }).then(
      () => '',
      (error: { stdout?: string; message?: string }) => error.stdout ?? error.message ?? 'tsc failed',
    );
    expect(result).toBe('');
  }, 60_000);
});
