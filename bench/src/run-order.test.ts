import { describe, expect, it } from 'vitest';
import { runOrder } from './run-order.js';

const store = (id: string): string => id.split('-')[1] ?? id;
const ids = ['baseline', 'sesame-memory', 'es-memory', 'sesame-pg', 'layer-memory', 'es-pg'];

describe('runOrder', () => {
  it('keeps the variants of one store together, in their given order on even repetitions', () => {
    expect(runOrder(ids, store, 0)).toEqual([
      'baseline',
      'sesame-memory',
      'es-memory',
      'layer-memory',
      'sesame-pg',
      'es-pg',
    ]);
  });

  it('reverses each group on odd repetitions and lets the next group open the repetition', () => {
    expect(runOrder(ids, store, 1)).toEqual([
      'layer-memory',
      'es-memory',
      'sesame-memory',
      'es-pg',
      'sesame-pg',
      'baseline',
    ]);
    expect(runOrder(ids, store, 2)).toEqual([
      'sesame-pg',
      'es-pg',
      'baseline',
      'sesame-memory',
      'es-memory',
      'layer-memory',
    ]);
  });

  it('runs every variant exactly once per repetition', () => {
    for (let rep = 0; rep < 7; rep += 1)
      expect([...runOrder(ids, store, rep)].sort()).toEqual([...ids].sort());
    expect(runOrder([], store, 3)).toEqual([]);
  });
});
