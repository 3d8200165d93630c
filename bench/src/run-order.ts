/**
 * The order of the measured runs of one scenario. Variants on the same store run next to each
 * other, so a ratio between two of them (Sesame or the layer ÷ express-session) compares runs a few
 * seconds apart instead of half a minute; the store groups take turns opening a repetition, and
 * within a group the order reverses every other repetition (A B, then B A), so a steady drift in
 * the machine's speed falls on both sides of a pair alike. Pure, tested in run-order.test.ts.
 *
 * @module
 */

/** `items` in the order of repetition `rep` (0-based), grouped by `groupOf`. */
export function runOrder<T>(items: readonly T[], groupOf: (item: T) => string, rep: number): T[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = groupOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  const ordered = [...groups.values()];
  const shift = ordered.length === 0 ? 0 : rep % ordered.length;
  const rotated = [...ordered.slice(shift), ...ordered.slice(0, shift)];
  return rotated.flatMap((group) => (rep % 2 === 1 ? [...group].reverse() : group));
}
