/**
 * A store wrapper that fails on demand, for the adapter contract's outage cases: the adapter is
 * under test there, not the store (the real Redis and PostgreSQL outages are tested beside those
 * stores).
 *
 * @module
 */
import type { SessionStore } from '../store.js';

/**
 * `up`: pass through. `down`: every call rejects. `hang`: every call never settles (the
 * store timeout answers). `writes-down`: reads work, writes reject — a failure inside the route,
 * after the session loaded. `ended`: writes find the session gone, as if another request had
 * ended it meanwhile.
 */
export type StoreMode = 'up' | 'down' | 'hang' | 'writes-down' | 'ended';

const READS = new Set(['get', 'listByUser']);
const WRITES_TO_A_SESSION = new Set(['applyDelta', 'touch', 'renewSecret']);

/**
 * Wrap `store`; `setMode` switches how every later call behaves. `close` always passes through.
 *
 * @example
 * ```ts
 * const { store, setMode } = failingStore(memoryStore());
 * const sessions = createSessions({ store, secrets, origin });
 * setMode('down'); // every store call now rejects: requests answer 503
 * ```
 */
export function failingStore(store: SessionStore): {
  /** The wrapped store, to give to `createSessions`. */
  store: SessionStore;
  /** Switch the mode for every later call (the mode starts as `up`). */
  setMode: (mode: StoreMode) => void;
  /** Resolves once every call made so far has settled (a hanging call never does). */
  settled: () => Promise<void>;
} {
  let mode: StoreMode = 'up';
  const inFlight = new Set<Promise<unknown>>();
  const track = (result: unknown): unknown => {
    if (!(result instanceof Promise)) return result;
    const done: Promise<unknown> = result.then(
      () => inFlight.delete(done),
      () => inFlight.delete(done),
    );
    inFlight.add(done);
    return result;
  };
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      const call = (args: unknown[]): unknown => (value as (...a: unknown[]) => unknown).apply(target, args);
      if (key === 'close') return (...args: unknown[]) => call(args);
      const name = String(key);
      return (...args: unknown[]): unknown => {
        const isRead = READS.has(name);
        if (mode === 'down' || (mode === 'writes-down' && !isRead)) {
          return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
        }
        if (mode === 'hang') return new Promise(() => undefined);
        if (mode === 'ended' && WRITES_TO_A_SESSION.has(name)) return Promise.resolve(false);
        return track(call(args));
      };
    },
  });
  const settled = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.all(inFlight);
  };
  return { store: wrapped, setMode: (next) => (mode = next), settled };
}
