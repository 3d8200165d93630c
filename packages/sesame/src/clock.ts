/**
 * Time is injected so that tests move it instead of sleeping (CONTRIBUTING.md §8).
 *
 * @module
 */

/** A source of the current time in epoch milliseconds. */
export interface Clock {
  /** The current time in epoch milliseconds. */
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to: for tests.
 *
 * @example
 * const clock = manualClock();
 * clock.advance(31 * 60_000); // past the default idle timeout
 */
export interface ManualClock extends Clock {
  /** Move time forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Jump to `ms`, an epoch-milliseconds time. */
  set(ms: number): void;
}

/** Create a {@link ManualClock} starting at `startMs` (default: the real time now). */
export function manualClock(startMs: number = Date.now()): ManualClock {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance(ms) {
      nowMs += ms;
    },
    set(ms) {
      nowMs = ms;
    },
  };
}
