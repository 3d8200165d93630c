/**
 * Test helpers for store authors, exported as `sesame-session/testing`. Needs Vitest (an optional peer
 * dependency).
 *
 * @module sesame-session/testing
 */
export { describeStoreContract, storeContractCases } from './store-contract.js';
export type { StoreContractOptions } from './store-contract.js';
export { makeRecord } from './make-record.js';
export type { StoreCase, StoreCaseContext } from './store-case.js';
