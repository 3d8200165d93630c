/**
 * Change detection for express-session style data: apps assign, delete and mutate top-level
 * properties in place (`req.session.cart.push(item)`), so a key changed when its JSON differs from
 * the JSON it had when loaded or last saved. Only changed keys are written, as one delta, so two
 * parallel requests that change different keys both persist (docs/architecture.md §1.6).
 *
 * @module
 */
import type { SessionData } from '../../store.js';

/** Names the session object itself answers to; never data (express-session reserves them too). */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  'id',
  'cookie',
  'regenerate',
  'destroy',
  'save',
  'reload',
  'touch',
  'resetMaxAge',
  '__proto__',
  'constructor',
  'prototype',
]);

/** Key → JSON text of its value. Keys whose value JSON drops (undefined, functions) are absent. */
export type Snapshot = Map<string, string>;

/** The JSON of every data key of `view` (its own enumerable string keys). */
export function snapshotOf(view: object): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const key of Object.keys(view)) {
    if (RESERVED_KEYS.has(key)) continue;
    const json = JSON.stringify((view as Record<string, unknown>)[key]);
    if (json !== undefined) snapshot.set(key, json);
  }
  return snapshot;
}

/** `view`'s snapshot when its data differs from `before`, else `null`. */
export function changedSnapshot(before: Snapshot, view: object): Snapshot | null {
  const now = snapshotOf(view);
  if (now.size !== before.size) return now;
  for (const [key, json] of now) if (before.get(key) !== json) return now;
  return null;
}

/** What changed between two snapshots. */
export interface Delta {
  set: SessionData;
  unset: string[];
}

/** Keys of `now` new or different from `before`, and keys of `before` gone from `now`. */
export function deltaBetween(before: Snapshot, now: Snapshot): Delta | null {
  let set: SessionData | null = null;
  for (const [key, json] of now) {
    if (before.get(key) === json) continue;
    set ??= Object.create(null) as SessionData;
    set[key] = JSON.parse(json) as SessionData[string];
  }
  const unset: string[] = [];
  for (const key of before.keys()) if (!now.has(key)) unset.push(key);
  if (set === null && unset.length === 0) return null;
  return { set: set ?? (Object.create(null) as SessionData), unset };
}

/** Every key of `snapshot` as data, for writing a whole session at once. */
export function dataOf(snapshot: Snapshot): SessionData {
  const data = Object.create(null) as SessionData;
  for (const [key, json] of snapshot) data[key] = JSON.parse(json) as SessionData[string];
  return data;
}

/** Copy stored data onto a fresh session object, leaving out names the object reserves. */
export function assignData(view: object, data: Readonly<Record<string, unknown>>): void {
  const target = view as Record<string, unknown>;
  for (const key of Object.keys(data)) if (!RESERVED_KEYS.has(key)) target[key] = data[key];
}
