/**
 * Test helpers for store and adapter authors, exported as `sesame-session/testing`. Needs Vitest
 * (an optional peer dependency).
 *
 * @module sesame-session/testing
 */
export { describeStoreContract, storeContractCases } from './store-contract.js';
export type { StoreContractOptions } from './store-contract.js';
export { makeRecord } from './make-record.js';
export type { StoreCase, StoreCaseContext } from './store-case.js';
export { adapterContractCases, describeAdapterContract } from './adapter-contract.js';
export type { AdapterContractOptions, AdapterServer } from './adapter-contract.js';
export type { AdapterCase, AdapterCaseContext, Me } from './adapter-case.js';
export { Browser, parseSetCookie } from './browser.js';
export type { BrowserReply, BrowserRequest } from './browser.js';
export { failingStore } from './failing-store.js';
export type { StoreMode } from './failing-store.js';
export { DeviceKey, parseChallenge, parseRegistration } from './device-key.js';
export type { Algorithm } from './device-key.js';
