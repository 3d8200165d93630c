/**
 * Helpers of the race cases (issue 10): rotation chains, which handle runs which side of a race,
 * and a tally of breaches kept over every round, so a failure says how often the race was lost.
 *
 * @module
 */
import type { SessionRecord, SessionStore } from '../../store.js';
import type { StoreCaseContext } from '../store-case.js';

/** How a rotation chain ended. */
export interface Chain {
  /** The chain's last record: the one a rotating client would hold now. */
  current: SessionRecord;
  rotations: number;
}

/**
 * A client rotating its session in a loop, as `rotate()` on every request would: each replace
 * takes the id the previous one made, and the chain ends when a replace reports the session gone.
 * `ended()` turns true once the race's revocation has resolved; a replace that started after that
 * and still succeeded has revived a revoked chain, and the loop stops there instead of going on
 * forever, leaving the survivor for the case to count.
 */
export async function rotationChain(
  store: SessionStore,
  first: SessionRecord,
  record: StoreCaseContext['record'],
  ended: () => boolean,
  onRotated: () => void,
): Promise<Chain> {
  let current = first;
  let rotations = 0;
  for (;;) {
    const lateStart = ended();
    const next = record({ userId: first.userId });
    if ((await store.replace(current.id, next)) === null) return { current, rotations };
    current = next;
    rotations++;
    onRotated();
    if (lateStart) return { current, rotations };
    await nextTurn();
  }
}

/**
 * Let the event loop turn. A store that answers in microtasks (memory, SQLite) would otherwise
 * keep a loop of calls from ever letting I/O in, such as the reply of a peer in another process;
 * a client in a real app waits for a request in between too.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The two handles of a round: odd rounds swap them, so each side of every race runs on the
 * store and on its peer (another connection or process) alike.
 */
export function sidesOf(
  { store, peer }: StoreCaseContext,
  round: number,
): { first: SessionStore; second: SessionStore } {
  return round % 2 === 0 ? { first: store, second: peer } : { first: peer, second: store };
}

/**
 * A promise that resolves once `count()` calls of the returned `tick` have been made (at once for
 * 0): the race's second side starts after a varying number of the first side's operations.
 */
export function afterTicks(count: number): { reached: Promise<void>; tick: () => void } {
  let ticks = 0;
  let resolve = (): void => {};
  const reached = new Promise<void>((done) => {
    resolve = done;
  });
  if (count <= 0) resolve();
  return {
    reached,
    tick: () => {
      if (++ticks >= count) resolve();
    },
  };
}

/** Breaches found over all rounds, counted by kind and reported together at the end of the case. */
export class Tally {
  readonly #checked = new Map<string, number>();
  readonly #breaches = new Map<string, string[]>();

  /** Count one check of `kind`, and record `breach` when it is not null. */
  check(kind: string, breach: string | null): void {
    this.#checked.set(kind, (this.#checked.get(kind) ?? 0) + 1);
    if (breach !== null) this.#breaches.set(kind, [...(this.#breaches.get(kind) ?? []), breach]);
  }

  /** Per kind that broke: "<kind>: <broken> of <checked>", and its first few breaches. */
  report(): string[] {
    return [...this.#breaches].flatMap(([kind, breaches]) => [
      `${kind}: ${breaches.length} of ${this.#checked.get(kind) ?? 0}`,
      ...breaches.slice(0, 3),
    ]);
  }
}

/** True when the session exists (listed or readable) in `store`. */
export async function alive(store: SessionStore, id: string): Promise<boolean> {
  return (await store.get(id)) !== null;
}
