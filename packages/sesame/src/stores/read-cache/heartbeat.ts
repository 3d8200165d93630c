/**
 * The heartbeat of a read cache's invalidation channel: a round trip on the channel's own
 * connection every `intervalMs`. An answer proves that every invalidation the server queued
 * before it has been handled (replies and reports share the connection, in order), which renews
 * the cache's lease (read-cache.ts); a connection that died without closing stops renewing it.
 *
 * @module
 */
import type { ReadCache } from './read-cache.js';

/**
 * Start beating; returns the function that stops. `ping` resolves when the channel's connection
 * answered, or returns `null` when the channel is not connected (nothing to prove then).
 */
export function startHeartbeat(
  cache: ReadCache,
  intervalMs: number,
  ping: () => Promise<unknown> | null,
): () => void {
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight) return;
    const sentAtMs = cache.now();
    const answer = ping();
    if (answer === null) return;
    inFlight = true;
    answer.then(
      () => {
        inFlight = false;
        cache.confirm(sentAtMs);
      },
      () => {
        inFlight = false;
      },
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
