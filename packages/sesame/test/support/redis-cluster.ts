/**
 * A three-master Redis Cluster of local `redis-server` processes on spare ports, built with
 * `redis-cli --cluster create`, for running the store contract on a real cluster.
 *
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisServer } from './redis-server.js';
import { redisCli, startRedisServer } from './redis-server.js';

const MASTERS = 3;
const CREATE_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 20_000;

/** A running cluster. */
export interface RedisClusterProcesses {
  readonly nodes: readonly RedisServer[];
  /** `{ url }` of every node, for `createCluster({ rootNodes })`. */
  readonly rootNodes: { url: string }[];
  stop(): Promise<void>;
}

/** Start three cluster-enabled servers, join them into one cluster, and wait for `cluster_state:ok`. */
export async function startRedisCluster(): Promise<RedisClusterProcesses> {
  const started = await Promise.allSettled(
    Array.from({ length: MASTERS }, () => startRedisServer({ cluster: true })),
  );
  const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    const failed = started.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const [first] = nodes;
    if (first === undefined) throw new Error('no cluster node started');
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await redisCli(
      first.port,
      ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'],
      CREATE_TIMEOUT_MS,
    );
    await waitForClusterOk(nodes);
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, rootNodes: nodes.map((node) => ({ url: node.url })), stop };
}

async function waitForClusterOk(nodes: readonly RedisServer[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const infos = await Promise.all(
      nodes.map((node) => redisCli(node.port, ['CLUSTER', 'INFO']).catch(() => '')),
    );
    if (infos.every((info) => /^cluster_state:ok\s*$/m.test(info))) return;
    await sleep(100);
  }
  throw new Error(`Redis Cluster did not reach cluster_state:ok within ${READY_TIMEOUT_MS} ms`);
}
