-- Sesame sessions table for PostgreSQL: the same SQL that `await postgresStore({ pool }).migrate()`
-- runs with the default names (table sesame_sessions, on the search_path). Every statement is
-- idempotent. With another table name, the index names follow it: <table>_user_id_idx and
-- <table>_sweep_idx.
--
-- No column holds a usable token: `id` is the token's public half, `secret_hash` the base64url
-- SHA-256 of its secret half (docs/architecture.md §1.1).

CREATE TABLE IF NOT EXISTS "sesame_sessions" (
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
);

-- Columns added after the first release, for tables made before them (Device Bound Session
-- Credentials; periodic renewal's previous secret). A nullable column without a default is added
-- without rewriting the table.
ALTER TABLE "sesame_sessions" ADD COLUMN IF NOT EXISTS device_binding jsonb;
ALTER TABLE "sesame_sessions" ADD COLUMN IF NOT EXISTS previous_secret_hash text;
ALTER TABLE "sesame_sessions" ADD COLUMN IF NOT EXISTS previous_secret_expires_ms bigint;

-- listByUser / deleteByUser ("sign out everywhere").
CREATE INDEX IF NOT EXISTS "sesame_sessions_user_id_idx" ON "sesame_sessions" (user_id) WHERE user_id IS NOT NULL;

-- deleteExpired looks at the rows whose sweep_after_ms has come. It is never later than the row's
-- expiry, and touch leaves it alone, so touch changes no indexed column and stays a HOT update.
CREATE INDEX IF NOT EXISTS "sesame_sessions_sweep_idx" ON "sesame_sessions" (sweep_after_ms);
