/**
 * The CommonJS build's stand-in for `driver.ts`: a plain `require('better-sqlite3')`, which every
 * bundler follows, and no `import.meta` (CommonJS has none).
 *
 * @module
 */
import type Database from 'better-sqlite3';
import { PEERS, requirePeer } from '../../peer.js';

/** The better-sqlite3 constructor. */
export function loadDriver(): typeof Database {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS build's literal require
  return requirePeer<typeof Database>(PEERS.betterSqlite3, () => require('better-sqlite3'));
}
