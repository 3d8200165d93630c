/**
 * The store contract suite: every store runs the same cases against its real backend (docs/architecture.md §4;
 * the better-auth adapter-suite rule: a store may skip a case only with a written reason).
 *
 * @module
 */
import { describe, it } from './vitest.js';
import type { ManualClock } from '../clock.js';
import { manualClock } from '../clock.js';
import { SesameError } from '../errors.js';
import type { SessionStore } from '../store.js';
import type { StoreCase } from './store-case.js';
import { contextFor } from './store-case.js';
import { applyDeltaCases } from './store-cases/apply-delta.js';
import { deviceBindingCases } from './store-cases/device-binding.js';
import { expiryCases } from './store-cases/expiry.js';
import { maintenanceCases } from './store-cases/maintenance.js';
import { raceCases } from './store-cases/races.js';
import { renewCases } from './store-cases/renew.js';
import { replaceCases } from './store-cases/replace.js';
import { roundTripCases } from './store-cases/round-trip.js';
import { touchCases } from './store-cases/touch.js';
import { userIndexCases } from './store-cases/user-index.js';

/** Options of {@link describeStoreContract}. */
export interface StoreContractOptions {
  /** A fresh, empty, isolated store for one test case, using `clock` for its expiry checks. */
  create(clock: ManualClock): SessionStore | Promise<SessionStore>;
  /**
   * A second store on the same data as `store` (its own connection, client or process), which
   * the race cases run one side of each race on. Default: `store` itself. Made only for the race
   * cases, and closed after the case.
   * The race cases never move the clock, so a peer in another process may read the system clock.
   */
  peer?(store: SessionStore, clock: ManualClock): SessionStore | Promise<SessionStore>;
  /** Rounds of each race case. Default 200 (issue 10: enough to catch a race lost 8 times in 50). */
  raceRounds?: number;
  /** Case names (the `it` titles) to skip, each with a written reason (better-auth's rule). */
  skip?: Readonly<Record<string, string>>;
}

const DEFAULT_RACE_ROUNDS = 200;
/** Time limit of a race case: generous, since a shared CI machine may run it slowly. */
const raceTimeoutMs = (rounds: number): number => 60_000 + rounds * 500;

/** Every case of the contract, in the order they run. */
export const storeContractCases: readonly StoreCase[] = [
  ...roundTripCases,
  ...expiryCases,
  ...applyDeltaCases,
  ...deviceBindingCases,
  ...touchCases,
  ...replaceCases,
  ...renewCases,
  ...userIndexCases,
  ...maintenanceCases,
  ...raceCases,
];

/** Refuse a skip list with a typo or without reasons, so a skip can never hide silently. */
function checkSkips(skip: Readonly<Record<string, string>>): void {
  const names = new Set(storeContractCases.map((c) => c.name));
  const unknown = Object.keys(skip).filter((name) => !names.has(name));
  if (unknown.length > 0) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `describeStoreContract: skip names no case: ${unknown.map((n) => JSON.stringify(n)).join(', ')}. Case names are the it() titles.`,
    );
  }
  const unexplained = Object.entries(skip).filter(
    ([, reason]) => typeof reason !== 'string' || reason.trim() === '',
  );
  if (unexplained.length > 0) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `describeStoreContract: give a reason for skipping ${unexplained.map(([n]) => JSON.stringify(n)).join(', ')}.`,
    );
  }
}

/**
 * Register the store contract cases with Vitest. Each case gets its own store from
 * `options.create`, with a manual clock that starts at the real time and only moves forward, and
 * the store is closed after the case.
 *
 * @example
 * // src/stores/sqlite/sqlite-store.test.ts
 * import { describeStoreContract } from 'sesame-session/testing';
 * import { sqliteStore } from 'sesame-session/stores/sqlite';
 *
 * describeStoreContract('sqliteStore', {
 *   create: (clock) => sqliteStore({ path: ':memory:', clock }),
 * });
 */
export function describeStoreContract(name: string, options: StoreContractOptions): void {
  const skip = options.skip ?? {};
  checkSkips(skip);
  const raceRounds = options.raceRounds ?? DEFAULT_RACE_ROUNDS;
  if (!Number.isSafeInteger(raceRounds) || raceRounds < 1) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `describeStoreContract: raceRounds must be a whole number of at least 1; got ${String(raceRounds)}.`,
    );
  }
  describe(`${name} (store contract)`, () => {
    for (const storeCase of storeContractCases) {
      const reason = skip[storeCase.name];
      it(
        storeCase.name,
        async (context) => {
          if (reason !== undefined) context.skip(reason);
          const clock = manualClock();
          const store = await options.create(clock);
          let peer = store;
          try {
            if (options.peer !== undefined && storeCase.racing === true) {
              peer = await options.peer(store, clock);
            }
            await storeCase.run(contextFor(store, clock, { peer, raceRounds }));
          } finally {
            if (peer !== store) await peer.close();
            await store.close();
          }
        },
        storeCase.racing === true ? raceTimeoutMs(raceRounds) : undefined,
      );
    }
  });
}
