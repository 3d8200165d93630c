/**
 * Requests kept going while a test breaks the store underneath ("mid-traffic"), and bounded
 * waiting for a condition. Every loop is bounded in count and in time.
 *
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Traffic started by {@link startTraffic}. */
export interface Traffic {
  /** Requests completed so far. */
  readonly completed: number;
  /** Stop after the requests in flight; rejects with the first failed request's error. */
  stop(): Promise<number>;
}

/**
 * Run `request` in `workers` parallel loops until stopped, at most `maxRequests` in all. A
 * request that throws (a failed assertion) stops the traffic; {@link Traffic.stop} rethrows it.
 *
 * @example
 * const traffic = startTraffic(3, async () => expect((await fetch(url)).status).toBe(200));
 * await redis.kill();
 * await traffic.stop();
 */
export function startTraffic(workers: number, request: () => Promise<void>, maxRequests = 5_000): Traffic {
  let started = 0;
  let completed = 0;
  let stopped = false;
  const loop = async (): Promise<void> => {
    try {
      while (!stopped && started < maxRequests) {
        started += 1;
        await request();
        completed += 1;
      }
    } catch (error) {
      stopped = true;
      throw error;
    }
  };
  // allSettled: stop() returns only once every loop has ended, and no failure goes unhandled.
  const running = Promise.allSettled(Array.from({ length: workers }, loop));
  return {
    get completed() {
      return completed;
    },
    async stop() {
      stopped = true;
      const failure = (await running).find((result) => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
      return completed;
    },
  };
}

/**
 * Call `check` every `intervalMs` until it resolves true; rejects after `timeoutMs` with `what`.
 * Resolves the time it took.
 *
 * @example
 * await waitFor('the session to work again', async () => (await fetch(me)).status === 200, 10_000);
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<number> {
  const startedMs = Date.now();
  while (Date.now() - startedMs < timeoutMs) {
    if (await check()) return Date.now() - startedMs;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
