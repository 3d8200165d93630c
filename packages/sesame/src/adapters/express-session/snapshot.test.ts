/**
 * Change detection of the express-session layer (issue 12): values compared without JSON must
 * still see every change JSON would, nested mutations included (`req.session.cart.push(x)`).
 */
import { describe, expect, it } from 'vitest';
import { changedSnapshot, dataOf, deltaBetween, snapshotOf, type Snapshot } from './snapshot.js';

/** The delta from `before` to `view` now (`null`: no change). */
function deltaTo(before: Snapshot, view: object): ReturnType<typeof deltaBetween> {
  const now = changedSnapshot(before, view);
  return now === null ? null : deltaBetween(before, now);
}

describe('changedSnapshot', () => {
  it('is null when nothing changed, primitives and objects alike', () => {
    const view = { name: 'Ada', n: 1, ok: true, none: null, cart: ['a'], drop: undefined };
    expect(changedSnapshot(snapshotOf(view), view)).toBeNull();
  });

  it('sees a nested mutation of an object loaded with the session', () => {
    const view = { cart: ['a'] as string[] };
    const before = snapshotOf(view);
    view.cart.push('b');
    expect(deltaTo(before, view)).toEqual({ set: { cart: ['a', 'b'] }, unset: [] });
  });

  it('sees a changed, added or deleted primitive', () => {
    const view: Record<string, unknown> = { n: 1, s: 'x' };
    const before = snapshotOf(view);
    view['n'] = 2;
    expect(deltaTo(before, view)?.set).toEqual({ n: 2 });
    view['n'] = 1;
    view['t'] = true;
    expect(deltaTo(before, view)?.set).toEqual({ t: true });
    delete view['t'];
    delete view['s'];
    expect(deltaTo(before, view)).toEqual({ set: {}, unset: ['s'] });
  });

  it('follows JSON: a number that JSON writes as null equals null, -0 equals 0, undefined is no key', () => {
    const view: Record<string, unknown> = { a: null, b: 0, c: 'kept' };
    const before = snapshotOf(view);
    view['a'] = Number.NaN;
    view['b'] = -0;
    view['d'] = undefined;
    view['e'] = () => 1;
    expect(changedSnapshot(before, view)).toBeNull();
    view['c'] = undefined;
    expect(deltaTo(before, view)).toEqual({ set: {}, unset: ['c'] });
  });

  it('a string never equals an object whose JSON reads the same', () => {
    const view: Record<string, unknown> = { a: '["x"]' };
    const before = snapshotOf(view);
    view['a'] = ['x'];
    expect(changedSnapshot(before, view)).not.toBeNull();
    view['a'] = '["x"]';
    const objectBefore = snapshotOf({ a: ['x'] });
    expect(changedSnapshot(objectBefore, view)).not.toBeNull();
  });

  it('throws for a value JSON cannot hold, so the response answers an error instead of losing it', () => {
    const view: Record<string, unknown> = { n: 1 };
    const before = snapshotOf(view);
    view['big'] = 10n;
    expect(() => changedSnapshot(before, view)).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => changedSnapshot(before, { n: 1, cyclic })).toThrow(TypeError);
  });

  it('dataOf gives copies: a later mutation of the view does not change what is written', () => {
    const view = { cart: ['a'], n: 3 };
    const data = dataOf(snapshotOf(view));
    view.cart.push('b');
    expect(data).toEqual({ cart: ['a'], n: 3 });
  });
});
