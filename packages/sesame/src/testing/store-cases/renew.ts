/**
 * Periodic renewal's compare-and-swap, `renewSecret` (docs/architecture.md §1.13 in the
 * repository): it swaps the secret only while the record holds the expected one, keeps the one it
 * replaced with its grace, and changes nothing else: not the id, user, data, creation time,
 * expiries or the user's index. Of parallel renewals of one session exactly one wins.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from '../vitest.js';
import type { SecretRenewal, SessionRecord } from '../../store.js';
import type { StoreCase } from '../store-case.js';
import { idsOf } from '../store-case.js';

function newSecretHash(): string {
  return createHash('sha256').update(randomBytes(32)).digest('base64url');
}

/** A renewal of `record`'s current secret at `nowMs`, with a 30-second grace. */
function renewalOf(record: Pick<SessionRecord, 'secretHash'>, nowMs: number): SecretRenewal {
  return {
    expectedSecretHash: record.secretHash,
    secretHash: newSecretHash(),
    previousSecretExpiresMs: nowMs + 30_000,
    rotatedMs: nowMs,
  };
}

/** The record as a successful `renewal` leaves it. */
function renewed(record: SessionRecord, renewal: SecretRenewal): SessionRecord {
  return {
    ...record,
    secretHash: renewal.secretHash,
    previousSecretHash: renewal.expectedSecretHash,
    previousSecretExpiresMs: renewal.previousSecretExpiresMs,
    rotatedMs: renewal.rotatedMs,
  };
}

export const renewCases: StoreCase[] = [
  {
    name: 'a record never renewed reads back with no previous secret',
    async run({ store, record }) {
      const created = record({ userId: 'user-1' });
      await store.create(created);
      const read = await store.get(created.id);
      expect(read?.previousSecretHash ?? null).toBeNull();
      expect(read?.previousSecretExpiresMs ?? null).toBeNull();
    },
  },
  {
    name: 'renewSecret swaps the secret, keeps the previous one with its grace, and changes nothing else',
    async run({ store, clock, record }) {
      const created = record({
        userId: 'user-1',
        data: { cart: [1, 2], theme: 'dark' },
        meta: { ip: '198.51.100.7', userAgent: 'UA' },
        persistent: true,
      });
      await store.create(created);
      clock.advance(60_000);
      const renewal = renewalOf(created, clock.now());
      expect(await store.renewSecret(created.id, renewal)).toBe(true);
      const expected = renewed(created, renewal);
      expect(await store.get(created.id)).toEqual(expected);
      expect(idsOf(await store.listByUser('user-1'))).toEqual([created.id]);
      expect((await store.listByUser('user-1'))[0]).toEqual(expected);
      // A second renewal replaces the previous secret: only one is ever kept.
      clock.advance(60_000);
      const next = renewalOf(expected, clock.now());
      expect(await store.renewSecret(created.id, next)).toBe(true);
      expect(await store.get(created.id)).toEqual(renewed(expected, next));
    },
  },
  {
    name: 'renewSecret with an expected secret that is no longer current fails and changes nothing',
    async run({ store, clock, record }) {
      const created = record({ userId: 'user-1', data: { keep: true } });
      await store.create(created);
      const first = renewalOf(created, clock.now());
      expect(await store.renewSecret(created.id, first)).toBe(true);
      const after = await store.get(created.id);
      // The old secret (now only the previous one) and an unrelated hash both fail.
      expect(await store.renewSecret(created.id, renewalOf(created, clock.now() + 1))).toBe(false);
      expect(
        await store.renewSecret(created.id, renewalOf({ secretHash: newSecretHash() }, clock.now() + 1)),
      ).toBe(false);
      expect(await store.get(created.id)).toEqual(after);
    },
  },
  {
    name: 'renewSecret of a missing or expired session returns false and creates nothing',
    async run({ store, clock, record }) {
      const missing = record({ userId: 'user-1' });
      expect(await store.renewSecret(missing.id, renewalOf(missing, clock.now()))).toBe(false);
      expect(await store.get(missing.id)).toBeNull();
      expect(await store.listByUser('user-1')).toEqual([]);

      const idle = record({ userId: 'user-2', idleExpiresMs: clock.now() + 1_000 });
      await store.create(idle);
      clock.advance(1_000);
      expect(await store.renewSecret(idle.id, renewalOf(idle, clock.now()))).toBe(false);
      expect(await store.get(idle.id)).toBeNull();

      const deleted = record({ userId: 'user-3' });
      await store.create(deleted);
      await store.delete(deleted.id);
      expect(await store.renewSecret(deleted.id, renewalOf(deleted, clock.now()))).toBe(false);
      expect(await store.get(deleted.id)).toBeNull();
    },
  },
  {
    name: 'a renewed session still ends at its idle and absolute expiry',
    async run({ store, clock, record }) {
      const start = clock.now();
      const created = record({
        userId: 'user-1',
        idleExpiresMs: start + 60_000,
        absoluteExpiresMs: start + 90_000,
      });
      await store.create(created);
      clock.advance(30_000);
      expect(await store.renewSecret(created.id, renewalOf(created, clock.now()))).toBe(true);
      clock.set(start + 59_999);
      expect((await store.get(created.id))?.idleExpiresMs).toBe(start + 60_000);
      // A touch after the renewal is still capped at the absolute expiry.
      expect(await store.touch(created.id, clock.now(), clock.now() + 60_000)).toBe(true);
      expect((await store.get(created.id))?.idleExpiresMs).toBe(start + 90_000);
      clock.set(start + 90_000);
      expect(await store.get(created.id)).toBeNull();
    },
  },
  {
    name: 'a rotation (replace) after a renewal starts the new record without the previous secret',
    async run({ store, clock, record }) {
      const created = record({ userId: 'user-1' });
      await store.create(created);
      expect(await store.renewSecret(created.id, renewalOf(created, clock.now()))).toBe(true);
      const next = record({ userId: 'user-1' });
      expect(await store.replace(created.id, next)).not.toBeNull();
      expect(await store.get(next.id)).toEqual(next);
      expect(await store.get(created.id)).toBeNull();
    },
  },
  {
    name: 'of parallel renewals of one session, exactly one wins',
    racing: true,
    async run({ store, peer, clock, record, raceRounds }) {
      const losses: string[] = [];
      for (let round = 0; round < Math.min(raceRounds, 50); round++) {
        const created = record({ userId: `renew-race-${round}` });
        await store.create(created);
        const renewals = [0, 1, 2, 3].map(() => renewalOf(created, clock.now()));
        const results = await Promise.all(
          renewals.map((renewal, i) => (i % 2 === 0 ? store : peer).renewSecret(created.id, renewal)),
        );
        const winners = renewals.filter((_, i) => results[i] === true);
        const stored = await store.get(created.id);
        if (winners.length !== 1 || stored?.secretHash !== winners[0]?.secretHash)
          losses.push(`round ${round}: ${winners.length} won`);
      }
      expect(losses).toEqual([]);
    },
  },
];
