/**
 * What the SQLite and PostgreSQL migration tests ask of a row written before the renewal columns
 * existed: the migration that added them lets a renewal swap its secret like any new row's.
 */
import { expect } from 'vitest';
import type { SessionRecord, SessionStore } from '../../src/store.js';

export async function expectRenewalOnOldRow(
  store: SessionStore,
  record: SessionRecord,
  nowMs: number,
): Promise<void> {
  const renewal = {
    expectedSecretHash: record.secretHash,
    secretHash: 'renewed-hash',
    previousSecretExpiresMs: nowMs + 30_000,
    rotatedMs: nowMs,
  };
  expect(await store.renewSecret(record.id, renewal)).toBe(true);
  expect(await store.get(record.id)).toMatchObject({
    secretHash: 'renewed-hash',
    previousSecretHash: record.secretHash,
    previousSecretExpiresMs: renewal.previousSecretExpiresMs,
  });
}
