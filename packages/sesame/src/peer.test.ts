import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isSesameError } from './errors.js';
import { importPeer, isNotFound, requirePeer } from './peer.js';

const ABSENT = { name: 'sesame-session-absent-peer', neededBy: 'sesame-session/stores/absent' };
const requireHere = createRequire(import.meta.url);

describe('optional peers (issue 11)', () => {
  it('a missing CommonJS peer is ERR_PEER_MISSING naming the package and the install command', () => {
    let error: unknown;
    try {
      requirePeer(ABSENT, () => requireHere(ABSENT.name));
    } catch (err) {
      error = err;
    }
    expect(isSesameError(error, 'ERR_PEER_MISSING')).toBe(true);
    expect((error as Error).message).toContain('sesame-session/stores/absent');
    expect((error as Error).message).toContain('`npm install sesame-session-absent-peer`');
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('a missing ES module peer is ERR_PEER_MISSING too', async () => {
    const error: unknown = await importPeer(
      { ...ABSENT, install: 'npm install -D sesame-session-absent-peer' },
      () => import(ABSENT.name),
    ).catch((err: unknown) => err);
    expect(isSesameError(error, 'ERR_PEER_MISSING')).toBe(true);
    expect((error as Error).message).toContain('`npm install -D sesame-session-absent-peer`');
  });

  it('loads a peer that is there', () => {
    expect(
      typeof requirePeer<{ parse: unknown }>({ name: 'cookie', neededBy: 'test' }, () =>
        requireHere('cookie'),
      ).parse,
    ).toBe('function');
  });

  it('passes on other failures: a dependency of the peer missing is not the peer missing', () => {
    const nested = Object.assign(new Error("Cannot find module 'bindings'\nRequire stack: …"), {
      code: 'MODULE_NOT_FOUND',
    });
    expect(isNotFound(nested, 'better-sqlite3')).toBe(false);
    expect(
      isNotFound(Object.assign(new Error("Cannot find module 'pg'"), { code: 'MODULE_NOT_FOUND' }), 'pg'),
    ).toBe(true);
    expect(isNotFound(new Error("Cannot find module 'pg'"), 'pg')).toBe(false);
  });

  it('a peer that fails to load for another reason fails with its own error, not "not installed"', async () => {
    const broken = new Error('the native module was built for another Node.js');
    expect(() =>
      requirePeer(ABSENT, () => {
        throw broken;
      }),
    ).toThrow(broken);
    await expect(importPeer(ABSENT, () => Promise.reject(broken))).rejects.toBe(broken);
    // A value that is not an error object at all is passed on too.
    expect(() =>
      requirePeer(ABSENT, () => {
        throw 'not an object'; // eslint-disable-line @typescript-eslint/only-throw-error
      }),
    ).toThrow('not an object');
    expect(isNotFound(null, 'pg')).toBe(false);
  });
});
