/**
 * The per-user index behind "sign out everywhere" (docs/architecture.md §1.5): a sorted set of the user's
 * session ids, each scored by its absolute expiry. The score is what makes pruning safe on a
 * Cluster: an entry whose absolute expiry has passed can have no session behind it, while an
 * entry that is merely missing its record may be a create in flight (see redis-store.ts).
 *
 * @module
 */
import type { SessionRecord } from '../../store.js';
import type { Connection } from './connection.js';
import { text } from './connection.js';
import type { KeyLayout } from './keys.js';
import * as lua from './scripts.js';
import { EXPIRY_GRACE_MS, ttlMs } from './ttl.js';

/** The user indexes of one store. */
export class UserIndex {
  readonly #connection: Connection;
  readonly #keys: KeyLayout;

  constructor(connection: Connection, keys: KeyLayout) {
    this.#connection = connection;
    this.#keys = keys;
  }

  /** ARGV for an index entry of `record` (INDEX_ADD, and the index half of CREATE/REPLACE). */
  entryArgs(record: SessionRecord, nowMs: number): string[] {
    // Kept as long as the longest-lived session key in it, so its own TTL never drops a live entry.
    return [
      record.id,
      String(record.absoluteExpiresMs),
      pruneMax(nowMs),
      String(ttlMs(record.absoluteExpiresMs, nowMs)),
    ];
  }

  /** Index `record` under `userId`; resolves to the entries the index then holds, this one included. */
  async add(userId: string, record: SessionRecord, nowMs: number): Promise<number> {
    const reply = await this.#connection.script(
      lua.INDEX_ADD,
      [this.#keys.userIndex(userId)],
      this.entryArgs(record, nowMs),
    );
    return Number(reply);
  }

  /** The ids listed for `userId`, after pruning entries that are certainly dead. */
  async members(userId: string, nowMs: number): Promise<string[]> {
    const reply = await this.#connection.script(
      lua.INDEX_MEMBERS,
      [this.#keys.userIndex(userId)],
      [pruneMax(nowMs)],
    );
    return Array.isArray(reply) ? reply.map(text) : [];
  }

  async remove(userId: string, ids: readonly string[]): Promise<void> {
    const key = this.#keys.userIndex(userId);
    await this.#connection.command(key, ['ZREM', key, ...ids]);
  }
}

/** Entries scored at or below this are dead: their session key's TTL has run out as well. */
export function pruneMax(nowMs: number): string {
  return String(nowMs - EXPIRY_GRACE_MS);
}
