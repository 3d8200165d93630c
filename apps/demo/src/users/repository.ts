/**
 * Account records. Usernames are stored in their normalized form (see `username.ts`), so the
 * UNIQUE constraint is the one check against duplicates, even under parallel registrations.
 *
 * @module
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

/** One account. */
export interface User {
  id: string;
  username: string;
  passwordHash: string;
  createdMs: number;
  passwordChangedMs: number;
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  created_ms: number;
  password_changed_ms: number;
}

function toUser(row: UserRow | undefined): User | null {
  if (row === undefined) return null;
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    createdMs: row.created_ms,
    passwordChangedMs: row.password_changed_ms,
  };
}

/** Data access for accounts; every statement is prepared once. */
export interface UserRepository {
  findById(id: string): User | null;
  findByUsername(username: string): User | null;
  /** Insert a new account; `null` when the username is taken. */
  create(username: string, passwordHash: string, nowMs: number): User | null;
  /** Replace the hash after a password change (`changed`) or a silent rehash on sign-in. */
  setPasswordHash(id: string, passwordHash: string, changedMs: number | null): void;
}

/**
 * @example
 * const users = userRepository(openUsersDatabase('./data'));
 * const user = users.findByUsername('ada');
 */
export function userRepository(db: Database.Database): UserRepository {
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const byUsername = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const insert = db.prepare(
    'INSERT INTO users (id, username, password_hash, created_ms, password_changed_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING',
  );
  const updateHash = db.prepare(
    'UPDATE users SET password_hash = ?, password_changed_ms = coalesce(?, password_changed_ms) WHERE id = ?',
  );
  return {
    findById: (id) => toUser(byId.get(id)),
    findByUsername: (username) => toUser(byUsername.get(username)),
    create(username, passwordHash, nowMs) {
      const id = randomUUID();
      const { changes } = insert.run(id, username, passwordHash, nowMs, nowMs);
      return changes === 1
        ? { id, username, passwordHash, createdMs: nowMs, passwordChangedMs: nowMs }
        : null;
    },
    setPasswordHash(id, passwordHash, changedMs) {
      updateHash.run(passwordHash, changedMs, id);
    },
  };
}
