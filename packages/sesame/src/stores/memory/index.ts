/**
 * `sesame-session/stores/memory`: the in-process store for tests and development.
 *
 * @module
 */
export { MemoryStore, memoryStore } from './memory-store.js';
export type { MemoryStoreOptions } from './memory-store.js';
