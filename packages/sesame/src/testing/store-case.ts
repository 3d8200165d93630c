/**
 * The shape of one store contract case, shared by the case files under `store-cases/`.
 *
 * @module
 */
import type { ManualClock } from '../clock.js';
import type { SessionRecord, SessionStore } from '../store.js';
import { makeRecord } from './make-record.js';

/** What each case receives: its own fresh store and the clock that store reads. */
export interface StoreCaseContext {
  /** A fresh, empty store for this case. */
  store: SessionStore;
  /** The clock the store reads; cases move it to test expiry. */
  clock: ManualClock;
  /** {@link makeRecord} with times taken from `clock`. */
  record: (overrides?: Partial<SessionRecord>) => SessionRecord;
}

/** One contract case; `name` is its `it` title and the key a store uses to skip it. */
export interface StoreCase {
  /** The case's title. */
  name: string;
  /** Run the case; it throws (an `expect` failure) when the store breaks the contract. */
  run(context: StoreCaseContext): Promise<void>;
}

/** Ids of records, sorted, for order-free comparison (`listByUser` promises no order). */
export function idsOf(records: readonly SessionRecord[]): string[] {
  return records.map((r) => r.id).sort();
}

export function contextFor(store: SessionStore, clock: ManualClock): StoreCaseContext {
  return { store, clock, record: (overrides) => makeRecord(overrides, clock.now()) };
}
