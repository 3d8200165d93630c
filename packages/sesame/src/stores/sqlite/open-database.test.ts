import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSesameError } from '../../errors.js';
import { sqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'sesame-sqlite-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqliteStore opening its file (issue 11: the README example in an empty directory)', () => {
  it('creates the missing parent directories of path', async () => {
    const path = join(dir, 'data', 'nested', 'sessions.db');
    const store = sqliteStore({ path });
    expect(existsSync(path)).toBe(true);
    await store.close();
  });

  it('names the path when the directory cannot be created', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const path = join(blocker, 'sessions.db');
    let error: unknown;
    try {
      sqliteStore({ path });
    } catch (err) {
      error = err;
    }
    expect(isSesameError(error, 'ERR_STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain(path);
  });

  it('names the path when SQLite cannot open the file', async () => {
    const path = join(dir, 'is-a-directory.db');
    await sqliteStore({ path: join(path, 'inner.db') }).close();
    let error: unknown;
    try {
      sqliteStore({ path });
    } catch (err) {
      error = err;
    }
    expect(isSesameError(error, 'ERR_STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain(path);
  });
});
