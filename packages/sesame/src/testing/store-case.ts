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
  /**
   * A second handle on the same data as `store` (another connection, client or process), which
   * the race cases run one side of each race on; `store` itself when the store has none.
   */
  peer: SessionStore;
  /** Rounds each race case runs (issue 10). */
  raceRounds: number;
  /** {@link makeRecord} with times taken from `clock`. */
  record: (overrides?: Partial<SessionRecord>) => SessionRecord;
}

/** One contract case; `name` is its `it` title and the key a store uses to skip it. */
export interface StoreCase {
  /** The case's title. */
  name: string;
  /** Runs `raceRounds` rounds, so its time limit grows with them. */
  racing?: boolean;
  /** Run the case; it throws (an `expect` failure) when the store breaks the contract. */
  run(context: StoreCaseContext): Promise<void>;
}

/** Ids of records, sorted, for order-free comparison (`listByUser` promises no order). */
export function idsOf(records: readonly SessionRecord[]): string[] {
  return records.map((r) => r.id).sort();
}

export function contextFor(
  store: SessionStore,
  clock: ManualClock,
  race: { peer: SessionStore; raceRounds: number } = { peer: store, raceRounds: 1 },
): StoreCaseContext {
  return { store, clock, ...race, record: (overrides) => makeRecord(overrides, clock.now()) };
}
