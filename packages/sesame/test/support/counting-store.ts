/**
 * A real store behind a proxy that records the name of every method called on it, in order: the
 * tests that promise "one store call per request" or "no write when nothing changed" count with it.
 *
 * @module
 */
import type { SessionStore } from '../../src/store.js';

/** `store`, with every method call recorded by name in `calls` (the store itself is real). */
export function countingStore(store: SessionStore): { store: SessionStore; calls: string[] } {
  const calls: string[] = [];
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        calls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: wrapped, calls };
}

/** Every method of `store`, bound, in a plain object whose methods a test can override. */
export function boundStore(store: SessionStore): SessionStore {
  return {
    create: (r) => store.create(r),
    get: (id, o) => store.get(id, o),
    applyDelta: (id, d) => store.applyDelta(id, d),
    touch: (id, a, b) => store.touch(id, a, b),
    replace: (id, r) => store.replace(id, r),
    renewSecret: (id, r) => store.renewSecret(id, r),
    delete: (id) => store.delete(id),
    listByUser: (u) => store.listByUser(u),
    deleteByUser: (u, o) => store.deleteByUser(u, o),
    deleteExpired: (n) => store.deleteExpired(n),
    close: () => store.close(),
  };
}
