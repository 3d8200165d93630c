/**
 * The record's device binding (Device Bound Session Credentials, issue 16): kept as given, set
 * and removed by `applyDelta` without touching the rest, left alone by a delta that does not name
 * it, and gone with the record (docs/device-bound-sessions.md in the repository).
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { DeviceBinding } from '../../store.js';
import type { StoreCase } from '../store-case.js';

const BINDING: DeviceBinding = {
  sessionId: 'q7nRj3WfS2Kc0bXyY1uH8w',
  jwk: {
    kty: 'EC',
    crv: 'P-256',
    x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
    y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  },
  challenge: 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE',
  challengeExpiresMs: 1_800_000_300_000,
  boundMs: 1_800_000_000_000,
};

export const deviceBindingCases: StoreCase[] = [
  {
    name: 'a device binding survives the round trip, and a record without one reads back null',
    async run({ store, record }) {
      const bound = record({ userId: 'user-1', deviceBinding: BINDING });
      const plain = record({ userId: 'user-1' });
      await store.create(bound);
      await store.create(plain);
      expect(await store.get(bound.id)).toEqual(bound);
      expect((await store.get(plain.id))?.deviceBinding ?? null).toBeNull();
      expect((await store.listByUser('user-1')).find((r) => r.id === bound.id)?.deviceBinding).toEqual(
        BINDING,
      );
    },
  },
  {
    name: 'applyDelta sets and removes the device binding and leaves data and meta alone',
    async run({ store, record }) {
      const created = record({
        userId: 'user-1',
        data: { keep: 1 },
        meta: { ip: '198.51.100.1', userAgent: 'UA' },
      });
      await store.create(created);
      expect(await store.applyDelta(created.id, { deviceBinding: BINDING })).toBe(true);
      expect(await store.get(created.id)).toEqual({ ...created, deviceBinding: BINDING });
      await store.applyDelta(created.id, { set: { more: 2 } });
      expect((await store.get(created.id))?.deviceBinding).toEqual(BINDING);
      expect(await store.applyDelta(created.id, { deviceBinding: null })).toBe(true);
      expect(await store.get(created.id)).toEqual({
        ...created,
        data: { keep: 1, more: 2 },
        deviceBinding: null,
      });
    },
  },
  {
    name: 'applyDelta of a device binding creates nothing for a session that is gone',
    async run({ store, record }) {
      const created = record({ userId: 'user-1' });
      expect(await store.applyDelta(created.id, { deviceBinding: BINDING })).toBe(false);
      expect(await store.get(created.id)).toBeNull();
    },
  },
];
