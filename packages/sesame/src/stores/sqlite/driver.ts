/**
 * better-sqlite3, the SQLite store's optional peer, loaded when a store first opens a file. The
 * name is written out (`requireHere('better-sqlite3')`) so bundlers of server code see the
 * dependency and keep it external; a missing driver is a `SesameError` (`ERR_PEER_MISSING`). The
 * CommonJS build swaps this file for `driver-cjs.ts` (tsup.config.ts), which uses `require`.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { PEERS, requirePeer } from '../../peer.js';

// Resolve from this file, as a static import would: the peer sits beside sesame-session.
const requireHere = createRequire(import.meta.url);

/** The better-sqlite3 constructor. */
export function loadDriver(): typeof Database {
  return requirePeer<typeof Database>(PEERS.betterSqlite3, () => requireHere('better-sqlite3'));
}
