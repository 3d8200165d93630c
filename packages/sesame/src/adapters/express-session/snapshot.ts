/**
 * Change detection for express-session style data: apps assign, delete and mutate top-level
 * properties in place (`req.session.cart.push(item)`), so a key changed when its JSON differs from
 * the JSON it had when loaded or last saved. Strings, booleans and numbers cannot change in place
 * and are compared as values; only objects are kept as JSON text (bench/RESULTS.md, the layer's
 * section: the request that changes nothing pays no JSON for them). Only changed keys are
 * written, as one delta, so two parallel requests that change different keys both persist
 * (docs/architecture.md §1.6).
 *
 * @module
 */
import { jsonScalar, type JsonScalar } from '../../session/data.js';
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

/**
 * An object value's JSON text when the snapshot was taken: objects can change in place
 * (`req.session.cart.push(item)`), so only their text tells whether they did.
 */
class JsonText {
  constructor(readonly text: string) {}
}

/**
 * A key's state: a scalar as JSON gives it back (it cannot change in place, so it is compared
 * without JSON); an object's JSON text.
 */
export type Entry = JsonScalar | JsonText;

/** Key → entry. Keys whose value JSON drops (undefined, functions, symbols) are absent. */
export type Snapshot = Map<string, Entry>;

/** The entry of `value`, or `undefined` when JSON drops it. Throws as JSON does (a BigInt, a cycle). */
function entryOf(value: unknown): Entry | undefined {
  const scalar = jsonScalar(value);
  if (scalar !== undefined) return scalar;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : new JsonText(text);
}

/** Whether `value` still has the state `entry` recorded (without allocating for a primitive). */
function unchanged(entry: Entry | undefined, value: unknown): boolean {
  if (typeof value === 'object' && value !== null) {
    return entry instanceof JsonText && entry.text === JSON.stringify(value);
  }
  const now = entryOf(value);
  return entry instanceof JsonText || now instanceof JsonText ? false : entry === now;
}

/** The state of every data key of `view` (its own enumerable string keys). */
export function snapshotOf(view: object): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const key of Object.keys(view)) {
    if (RESERVED_KEYS.has(key)) continue;
    const entry = entryOf((view as Record<string, unknown>)[key]);
    if (entry !== undefined) snapshot.set(key, entry);
  }
  return snapshot;
}

/** `view`'s snapshot when its data differs from `before`, else `null` (nothing allocated then). */
export function changedSnapshot(before: Snapshot, view: object): Snapshot | null {
  let count = 0;
  for (const key of Object.keys(view)) {
    if (RESERVED_KEYS.has(key)) continue;
    const value = (view as Record<string, unknown>)[key];
    const entry = before.get(key);
    if (entry === undefined) {
      // A key JSON drops is no data, as it was not before.
      if (entryOf(value) === undefined) continue;
      return snapshotOf(view);
    }
    if (!unchanged(entry, value)) return snapshotOf(view);
    count += 1;
  }
  return count === before.size ? null : snapshotOf(view);
}

/** The stored form of an entry: a copy of an object, parsed from its text. */
function valueOf(entry: Entry): SessionData[string] {
  return entry instanceof JsonText ? (JSON.parse(entry.text) as SessionData[string]) : entry;
}

function same(a: Entry | undefined, b: Entry): boolean {
  return a === b || (a instanceof JsonText && b instanceof JsonText && a.text === b.text);
}

/** What changed between two snapshots. */
export interface Delta {
  set: SessionData;
  unset: string[];
}

/** Keys of `now` new or different from `before`, and keys of `before` gone from `now`. */
export function deltaBetween(before: Snapshot, now: Snapshot): Delta | null {
  let set: SessionData | null = null;
  for (const [key, entry] of now) {
    if (same(before.get(key), entry)) continue;
    set ??= Object.create(null) as SessionData;
    set[key] = valueOf(entry);
  }
  const unset: string[] = [];
  for (const key of before.keys()) if (!now.has(key)) unset.push(key);
  if (set === null && unset.length === 0) return null;
  return { set: set ?? (Object.create(null) as SessionData), unset };
}

/** Every key of `snapshot` as data, for writing a whole session at once. */
export function dataOf(snapshot: Snapshot): SessionData {
  const data = Object.create(null) as SessionData;
  for (const [key, entry] of snapshot) data[key] = valueOf(entry);
  return data;
}

/** Copy stored data onto a fresh session object, leaving out names the object reserves. */
export function assignData(view: object, data: Readonly<Record<string, unknown>>): void {
  const target = view as Record<string, unknown>;
  for (const key of Object.keys(data)) if (!RESERVED_KEYS.has(key)) target[key] = data[key];
}
