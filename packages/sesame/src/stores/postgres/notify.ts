/**
 * The trigger behind the PostgreSQL store's read cache (issue 15): every row inserted, updated or
 * deleted in the sessions table, and a TRUNCATE, sends `pg_notify(<channel>, <id>)` (`*` for a
 * TRUNCATE) from the transaction that made the change. PostgreSQL delivers a notification when
 * that transaction commits, and never when it rolls back (PostgreSQL docs, "NOTIFY"). A trigger
 * rather than a NOTIFY in each statement of the store, so that no writer can forget it: a store
 * method added later, a rotation, the sweep, an operator's `DELETE … WHERE user_id = …` in psql.
 *
 * `migrate()` of a store with `cache` installs it; listener.ts refuses to serve from the cache
 * while it is missing or disabled.
 *
 * @module
 */
import { createHash } from 'node:crypto';

/** The trigger's names and SQL for one table. */
export interface NotifySetup {
  /** The LISTEN channel: per table, so stores on different tables do not wake each other. */
  readonly channel: string;
  /** The table, quoted and maybe schema-qualified, as `to_regclass` takes it. */
  readonly table: string;
  /** The two trigger names, as `pg_trigger.tgname` holds them. */
  readonly triggers: readonly [string, string];
  /** The idempotent DDL that `migrate()` runs, one statement per entry. */
  readonly statements: readonly string[];
}

/**
 * For `tableName` (already validated by schema.ts: at most 51 characters, so every suffix here
 * stays within PostgreSQL's 63) in `schema`, and `qualified`, the quoted table.
 */
export function notifySetup(tableName: string, schema: string | undefined, qualified: string): NotifySetup {
  const channel = `sesame_${createHash('sha256').update(qualified).digest('hex').slice(0, 24)}`;
  const fn = schema === undefined ? `"${tableName}_notify"` : `"${schema}"."${tableName}_notify"`;
  const rowTrigger = `${tableName}_notify`;
  const truncateTrigger = `${tableName}_notify_all`;
  return {
    channel,
    table: qualified,
    triggers: [rowTrigger, truncateTrigger],
    statements: [
      `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify(TG_ARGV[0], '*');
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify(TG_ARGV[0], OLD.id);
  ELSE
    IF TG_OP = 'UPDATE' AND OLD.id IS DISTINCT FROM NEW.id THEN PERFORM pg_notify(TG_ARGV[0], OLD.id); END IF;
    PERFORM pg_notify(TG_ARGV[0], NEW.id);
  END IF;
  RETURN NULL;
END
$$`,
      `DROP TRIGGER IF EXISTS "${rowTrigger}" ON ${qualified}`,
      `CREATE TRIGGER "${rowTrigger}" AFTER INSERT OR UPDATE OR DELETE ON ${qualified}
  FOR EACH ROW EXECUTE FUNCTION ${fn}('${channel}')`,
      `DROP TRIGGER IF EXISTS "${truncateTrigger}" ON ${qualified}`,
      `CREATE TRIGGER "${truncateTrigger}" AFTER TRUNCATE ON ${qualified}
  FOR EACH STATEMENT EXECUTE FUNCTION ${fn}('${channel}')`,
    ],
  };
}
