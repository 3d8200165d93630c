import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HeapItem } from './expiry-heap.js';
import { ExpiryHeap } from './expiry-heap.js';

interface Item extends HeapItem {
  name: number;
}

type Op =
  | { kind: 'push'; expiresMs: number }
  | { kind: 'pop' }
  | { kind: 'remove'; pick: number }
  | { kind: 'update'; pick: number; expiresMs: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), expiresMs: fc.integer({ min: 0, max: 50 }) }),
  fc.record({ kind: fc.constant('pop' as const) }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('update' as const),
    pick: fc.nat(),
    expiresMs: fc.integer({ min: 0, max: 50 }),
  }),
);

describe('ExpiryHeap', () => {
  it('always yields the soonest expiry, through any mix of push, pop, remove and update', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const heap = new ExpiryHeap<Item>();
        const live: Item[] = [];
        let next = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const item = { name: next++, expiresMs: o.expiresMs, heapIndex: -1 };
            heap.push(item);
            live.push(item);
          } else if (o.kind === 'pop') {
            const popped = heap.pop();
            const soonest = Math.min(...live.map((i) => i.expiresMs));
            if (live.length === 0) expect(popped).toBeUndefined();
            else expect(popped?.expiresMs).toBe(soonest);
            if (popped !== undefined) live.splice(live.indexOf(popped), 1);
          } else if (live.length > 0) {
            const item = live[o.pick % live.length] as Item;
            if (o.kind === 'remove') {
              heap.remove(item);
              heap.remove(item); // twice is harmless
              live.splice(live.indexOf(item), 1);
            } else {
              item.expiresMs = o.expiresMs;
              heap.update(item);
            }
          }
          expect(heap.size).toBe(live.length);
        }
        const drained: number[] = [];
        for (let item = heap.pop(); item !== undefined; item = heap.pop()) drained.push(item.expiresMs);
        expect(drained).toEqual(live.map((i) => i.expiresMs).sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it('marks removed items as out of the heap', () => {
    const heap = new ExpiryHeap<Item>();
    const item = { name: 1, expiresMs: 5, heapIndex: -1 };
    heap.push(item);
    heap.clear();
    expect(item.heapIndex).toBe(-1);
    expect(heap.peek()).toBeUndefined();
  });
});
