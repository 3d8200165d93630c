/**
 * The sessions table and its indexes, as SQL built from validated identifiers. schema.sql beside
 * this file is the same SQL for the default names, for people who run migrations themselves; a
 * test keeps the two equal.
 *
 * Times are epoch milliseconds in `bigint` columns named `_ms`, exactly as in the record.
 *
 * The sweep does not index the expiry itself: touch moves it, and an update that changes an
 * indexed column can never be HOT (heap-only: the new row version on the same page, no new index
 * entries; PostgreSQL docs, "Heap-Only Tuples"). `sweep_after_ms` is instead a lower bound of
 * LEAST(idle, absolute): set to it by create and replace, lowered by touch only when the expiry
 * moves earlier, and raised by `deleteExpired` when it finds a row touched since. So touch and
 * applyDelta change no indexed column, and a session kept alive costs the sweep index one new
 * entry per idle timeout instead of one per touch. DEFAULT 0 keeps rows inserted by hand correct:
 * the next sweep looks at them.
 *
 * @module
 */
import { SesameError } from '../../errors.js';

/** PostgreSQL truncates identifiers past 63 bytes (NAMEDATALEN − 1), which could merge names. */
const MAX_IDENTIFIER_LENGTH = 63;
const INDEX_SUFFIXES = ['_user_id_idx', '_sweep_idx'] as const;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The table's identifiers, validated and quoted. */
export interface TableNames {
  /** `"schema"."table"` or `"table"`. */
  readonly qualified: string;
  readonly userIdIndex: string;
  readonly sweepIndex: string;
}

/**
 * Validate `tableName` (and `schema`, if given) and quote them. Only plain identifiers are
 * accepted, so a name can never carry SQL, and quoting keeps their case.
 */
export function tableNames(tableName: string, schema?: string): TableNames {
  check('tableName', tableName, MAX_IDENTIFIER_LENGTH - Math.max(...INDEX_SUFFIXES.map((s) => s.length)));
  if (schema !== undefined) check('schema', schema, MAX_IDENTIFIER_LENGTH);
  const table = quote(tableName);
  return {
    qualified: schema === undefined ? table : `${quote(schema)}.${table}`,
    userIdIndex: quote(`${tableName}${INDEX_SUFFIXES[0]}`),
    sweepIndex: quote(`${tableName}${INDEX_SUFFIXES[1]}`),
  };
}

/** The idempotent DDL that `migrate()` runs, one statement per entry. */
export function schemaStatements(names: TableNames): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${names.qualified} (
  id text PRIMARY KEY,
  secret_hash text NOT NULL,
  user_id text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(data) = 'object'),
  created_ms bigint NOT NULL,
  last_seen_ms bigint NOT NULL,
  idle_expires_ms bigint NOT NULL,
  absolute_expires_ms bigint NOT NULL,
  authenticated_ms bigint,
  rotated_ms bigint NOT NULL,
  persistent boolean NOT NULL DEFAULT false,
  ip text,
  user_agent text,
  sweep_after_ms bigint NOT NULL DEFAULT 0,
  device_binding jsonb,
  previous_secret_hash text,
  previous_secret_expires_ms bigint
)`,
    // Columns added after the first release, for tables made before them (issue 16: Device
    // Bound Session Credentials). A nullable column without a default is added without a rewrite.
    `ALTER TABLE ${names.qualified} ADD COLUMN IF NOT EXISTS device_binding jsonb`,
    // Periodic renewal's previous secret (docs/architecture.md §1.13).
    `ALTER TABLE ${names.qualified} ADD COLUMN IF NOT EXISTS previous_secret_hash text`,
    `ALTER TABLE ${names.qualified} ADD COLUMN IF NOT EXISTS previous_secret_expires_ms bigint`,
    `CREATE INDEX IF NOT EXISTS ${names.userIdIndex} ON ${names.qualified} (user_id) WHERE user_id IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${names.sweepIndex} ON ${names.qualified} (sweep_after_ms)`,
  ];
}

function check(option: string, name: string, maxLength: number): void {
  if (typeof name !== 'string' || !IDENTIFIER.test(name) || name.length > maxLength) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `postgresStore option ${option} must be a plain identifier (letters, digits and _, not starting with a digit, at most ${maxLength} characters); got ${JSON.stringify(name)}.`,
    );
  }
}

function quote(identifier: string): string {
  return `"${identifier}"`;
}
