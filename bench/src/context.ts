/**
 * What one bench run shares: options, a run id that names every key prefix, schema and file it
 * makes, and the connections it uses for bookkeeping.
 *
 * @module
 */
import { join } from 'node:path';
import type { BenchOptions } from './options.js';
import { createSchema } from './pg-admin.js';
import type { RedisAdmin } from './redis-admin.js';
import type { ServerConfig } from './server/protocol.js';
import { variantById, type VariantId } from './variants.js';

export const SERVER_CPUS = '1';
export const WRK_CPUS = '0';

export interface RunContext {
  options: BenchOptions;
  /** `<pid>_<base36 time>`: in every Redis prefix, schema and directory of this run. */
  runId: string;
  /** Temporary directory for cookie pools and SQLite files (removed at the end). */
  workDir: string;
  /** bench/results: raw JSON and CPU profiles (not committed). */
  resultsDir: string;
  redis: RedisAdmin | null;
  postgres: boolean;
  /** Servers load Sesame from its TypeScript sources (the build failed) instead of dist/. */
  sesameFromSource: boolean;
  /** PostgreSQL schemas created so far, dropped at the end. */
  schemas: Set<string>;
  /** Redis prefixes written so far, deleted at the end. */
  prefixes: Set<string>;
}

export function redisPrefix(context: RunContext, tag: string): string {
  return `sesame-bench:${context.runId}:${tag}:`;
}

export function pgSchema(context: RunContext, tag: string): string {
  return `sesame_bench_${context.runId}_${tag}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/**
 * Create the PostgreSQL schema of `storeTag` (once per run) and note its Redis prefix, so that the
 * end of the run removes both. Every server of a tag reads and writes only there.
 */
export async function claimStoreSpace(context: RunContext, storeTag: string): Promise<void> {
  const schema = pgSchema(context, storeTag);
  if (context.postgres && !context.schemas.has(schema)) {
    await createSchema(context.options.databaseUrl, schema);
    context.schemas.add(schema);
  }
  context.prefixes.add(redisPrefix(context, storeTag));
}

/** Why a variant cannot run in this context (its server is unreachable), or `null`. */
export function unreachable(context: RunContext, id: VariantId): string | null {
  const { store } = variantById(id);
  if (store === 'redis' && context.redis === null) return `Redis unreachable at ${context.options.redisUrl}`;
  if (store === 'postgres' && !context.postgres)
    return `PostgreSQL unreachable at ${context.options.databaseUrl}`;
  return null;
}

/** The tag of `variant`'s keys and schema in a run tagged `tag`. */
export function storeTagOf(variant: VariantId, tag: string): string {
  return variantById(variant).cached === true ? `${tag}_cached` : tag;
}

export function serverConfig(
  context: RunContext,
  variant: VariantId,
  tag: string,
  memoryMaxSessions: number | null,
): ServerConfig {
  // A cached variant keeps its data apart: its notify trigger must not tax the other variants.
  const storeTag = storeTagOf(variant, tag);
  return {
    variant,
    fromSource: context.sesameFromSource,
    redisUrl: context.options.redisUrl,
    databaseUrl: context.options.databaseUrl,
    redisPrefix: redisPrefix(context, storeTag),
    pgSchema: pgSchema(context, storeTag),
    pgSynchronousCommit: context.options.pgSynchronousCommit,
    sqliteDir: join(context.workDir, `${tag}-${variant}`),
    memoryMaxSessions,
  };
}
