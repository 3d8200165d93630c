/**
 * The Redis store on a real Redis Cluster: three local `redis-server` masters on spare ports,
 * joined with `redis-cli --cluster create`, reached through `createCluster`. Runs the whole store
 * contract, then checks the docs/architecture.md §4 index invariant after every single command of create,
 * replace and delete, and with each command failing in turn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from 'redis';
import { manualClock } from '../../clock.js';
import type { SessionRecord } from '../../store.js';
import { describeStoreContract, makeRecord } from '../../testing/index.js';
import type { RedisClusterProcesses } from '../../../test/support/redis-cluster.js';
import { startRedisCluster } from '../../../test/support/redis-cluster.js';
import { probeRedisBinaries, requireServer, uniqueName } from '../../../test/support/servers.js';
import type { RedisClusterClient } from './index.js';
import { redisClientOptions, redisStore } from './index.js';

const available = await requireServer(
  'redis-server and redis-cli (to start a Redis Cluster)',
  probeRedisBinaries,
);
const FILE_PREFIX = `${uniqueName('sesame-cluster-test')}:`;

describe.skipIf(!available)('redisStore on a 3-master Redis Cluster', () => {
  let processes: RedisClusterProcesses | undefined;
  let cluster: ReturnType<typeof createCluster> | undefined;
  let cases = 0;
  const nextPrefix = (): string => `${FILE_PREFIX}${cases++}:`;
  const connected = (): NonNullable<typeof cluster> => {
    if (cluster === undefined) throw new Error('cluster not started');
    return cluster;
  };

  beforeAll(async () => {
    processes = await startRedisCluster();
    // The settings the docs give for a Cluster: redisClientOptions() for every node client.
    cluster = createCluster({ rootNodes: processes.rootNodes, defaults: redisClientOptions() });
    cluster.on('error', () => {});
    await cluster.connect();
  }, 60_000);
  afterAll(async () => {
    cluster?.destroy();
    await processes?.stop();
  }, 30_000);

  // The race cases run one side of each race on a second cluster client (issue 10).
  let peerCluster: ReturnType<typeof createCluster> | undefined;
  let casePrefix = '';
  describeStoreContract('redisStore (Redis Cluster)', {
    create: (clock) => redisStore({ client: connected(), prefix: (casePrefix = nextPrefix()), clock }),
    async peer(_, clock) {
      if (peerCluster === undefined) {
        peerCluster = createCluster({
          rootNodes: processes?.rootNodes ?? [],
          defaults: { disableOfflineQueue: true },
        });
        peerCluster.on('error', () => {});
        await peerCluster.connect();
      }
      return redisStore({ client: peerCluster, prefix: casePrefix, clock });
    },
  });
  afterAll(() => peerCluster?.destroy());

  /**
   * The cluster client, running `afterEach` after every command and failing command number
   * `failAt` (1-based) as a lost node would.
   */
  function instrumented(options: { afterEach?: () => Promise<void>; failAt?: number }): {
    client: RedisClusterClient;
    sent: string[];
  } {
    const client = connected();
    const sent: string[] = [];
    return {
      sent,
      client: {
        get masters() {
          return client.masters;
        },
        nodeClient: (node) => client.nodeClient(node as (typeof client.masters)[number]),
        async sendCommand(firstKey, isReadonly, args) {
          sent.push(args[0] ?? '');
          if (sent.length === options.failAt) throw new Error('injected failure');
          const reply = await client.sendCommand(firstKey, isReadonly, args);
          await options.afterEach?.();
          return reply;
        },
      },
    };
  }

  /** Every session among `records` that exists is listed in its user's index. */
  async function checkInvariant(prefix: string, records: readonly SessionRecord[]): Promise<void> {
    const client = connected();
    for (const record of records) {
      if (record.userId === null) continue;
      if ((await client.exists(`${prefix}s:{${record.id}}`)) === 0) continue;
      expect(await client.zScore(`${prefix}u:{${record.userId}}`, record.id)).not.toBeNull();
    }
  }

  it('spreads sessions and user indexes over all three masters', async () => {
    const clock = manualClock();
    const prefix = nextPrefix();
    const store = redisStore({ client: connected(), prefix, clock });
    for (let i = 0; i < 60; i++) await store.create(makeRecord({ userId: `user-${i % 6}` }, clock.now()));
    const counts = await Promise.all(
      connected().masters.map(async (master) => {
        const node = await connected().nodeClient(master);
        return (await node.keys(`${prefix}*`)).length;
      }),
    );
    expect(counts).toHaveLength(3);
    for (const count of counts) expect(count).toBeGreaterThan(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(66);
  });

  it('get is one round trip; a signed-in create is two, index first', async () => {
    const clock = manualClock();
    const { client, sent } = instrumented({});
    const store = redisStore({ client, prefix: nextPrefix(), clock });
    const record = makeRecord({ userId: 'alice' }, clock.now());
    await store.create(record);
    expect(sent).toEqual(['EVALSHA', 'EVALSHA']);
    sent.length = 0;
    expect(await store.get(record.id)).toEqual(record);
    expect(sent).toEqual(['HGETALL']);
  });

  it('keeps every existing session in its index after each command of create, replace and delete', async () => {
    const clock = manualClock();
    const prefix = nextPrefix();
    const records: SessionRecord[] = [];
    const { client, sent } = instrumented({ afterEach: () => checkInvariant(prefix, records) });
    const store = redisStore({ client, prefix, clock });
    const track = (record: SessionRecord): SessionRecord => (records.push(record), record);

    const first = track(makeRecord({ userId: 'alice' }, clock.now()));
    await store.create(first);
    const rotated = track(makeRecord({ userId: 'alice' }, clock.now()));
    expect(await store.replace(first.id, rotated)).toEqual({ userSessions: 1 });
    const moved = track(makeRecord({ userId: 'bob' }, clock.now()));
    expect(await store.replace(rotated.id, moved)).toEqual({ userSessions: 1 });
    const lost = track(makeRecord({ userId: 'bob' }, clock.now()));
    expect(await store.replace(rotated.id, lost)).toBeNull();
    await store.delete(moved.id);
    expect(sent.length).toBeGreaterThan(8);
    for (const record of records) expect(await store.get(record.id)).toBeNull();
  });

  it('keeps the invariant when any one command of a rotation fails', async () => {
    for (let failAt = 1; failAt <= 6; failAt++) {
      const clock = manualClock();
      const prefix = nextPrefix();
      const old = makeRecord({ userId: 'alice' }, clock.now());
      const next = makeRecord({ userId: 'alice' }, clock.now());
      await redisStore({ client: connected(), prefix, clock }).create(old);
      const { client } = instrumented({ failAt });
      const store = redisStore({ client, prefix, clock });
      const outcome = await store.replace(old.id, next).then(
        (result) => (result === null ? 'refused' : 'replaced'),
        () => 'failed',
      );
      await checkInvariant(prefix, [old, next]);
      // Whatever failed, "sign out everywhere" still finds every session that is left.
      const reader = redisStore({ client: connected(), prefix, clock });
      await reader.deleteByUser('alice');
      expect(await reader.get(old.id)).toBeNull();
      expect(await reader.get(next.id)).toBeNull();
      if (failAt > 5) expect(outcome).toBe('replaced');
    }
  });

  it('deleteByUser follows rotations that land between its index read and its deletes (issue 10)', async () => {
    const clock = manualClock();
    const prefix = nextPrefix();
    const plain = redisStore({ client: connected(), prefix, clock });
    const first = makeRecord({ userId: 'alice' }, clock.now());
    await plain.create(first);
    let current = first;
    let rotated = false;
    // Right after deleteByUser has read the index, the session rotates three times.
    const { client } = instrumented({
      async afterEach() {
        if (rotated) return;
        rotated = true;
        for (let i = 0; i < 3; i++) {
          const next = makeRecord({ userId: 'alice' }, clock.now());
          expect(await plain.replace(current.id, next)).not.toBeNull();
          current = next;
        }
      },
    });
    expect(await redisStore({ client, prefix, clock }).deleteByUser('alice')).toBe(1);
    expect(await plain.get(current.id)).toBeNull();
    expect(await plain.listByUser('alice')).toEqual([]);
  });

  it('a create that fails after its index entry leaves no session, only a skipped entry', async () => {
    const clock = manualClock();
    const prefix = nextPrefix();
    const record = makeRecord({ userId: 'alice' }, clock.now());
    const { client } = instrumented({ failAt: 2 });
    await expect(redisStore({ client, prefix, clock }).create(record)).rejects.toThrow('injected failure');
    const store = redisStore({ client: connected(), prefix, clock });
    expect(await store.get(record.id)).toBeNull();
    expect(await store.listByUser('alice')).toEqual([]);
    expect(await store.deleteByUser('alice')).toBe(0);
  });
});
