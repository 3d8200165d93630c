/**
 * What the bench runner and a server process say to each other over the Node IPC channel. The
 * runner spawns `taskset -c 1 node … server/main.ts` with the channel on fd 3; nothing of this
 * travels over the HTTP port that wrk measures.
 *
 * @module
 */
import type { VariantId } from '../variants.js';

/** Everything a server needs to build its app, passed in `BENCH_SERVER_CONFIG`. */
export interface ServerConfig {
  variant: VariantId;
  /** Load Sesame through the `source` export condition (TypeScript via tsx) instead of dist/. */
  fromSource: boolean;
  redisUrl: string;
  databaseUrl: string;
  /** Every Redis key the bench writes starts with this (cleaned up by the runner). */
  redisPrefix: string;
  /** PostgreSQL schema the runner created for this run (dropped after). */
  pgSchema: string;
  /** `synchronous_commit` of the server's pg pool (the `--pg-commit` option). */
  pgSynchronousCommit: 'on' | 'off';
  /** Directory for SQLite files (removed after). */
  sqliteDir: string;
  /** maxSessions for the Sesame memory store; `null` keeps the library default. */
  memoryMaxSessions: number | null;
}

/** Store calls counted in the server, and backend round trips where they are counted there. */
export interface Counts {
  /** Requests the app has finished (counted by the first middleware), to divide by. */
  requests: number;
  /** CPU time of the whole server process so far (user + system, all threads), µs. */
  cpuUs: number;
  /** Calls of each session-store method (wrapped in the server). */
  store: Record<string, number>;
  /** SQL statements sent (PostgreSQL variants, wrapped pg client), else `null`. */
  queries: number | null;
}

export type Command =
  | { id: number; cmd: 'fill'; count: number }
  | { id: number; cmd: 'counts' }
  | { id: number; cmd: 'size' }
  | { id: number; cmd: 'profile-start' }
  | { id: number; cmd: 'profile-stop'; file: string }
  | { id: number; cmd: 'exit' };

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export type Ready = { type: 'ready'; port: number } | { type: 'failed'; error: string };

export const CONFIG_ENV = 'BENCH_SERVER_CONFIG';
