/**
 * `sesame-session/stores/memory`: the in-process store for tests and development.
 *
 * @module sesame-session/stores/memory
 */
export { MemoryStore, memoryStore } from './memory-store.js';
export type { MemoryStoreOptions } from './memory-store.js';
