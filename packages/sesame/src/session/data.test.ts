import { describe, expect, it } from 'vitest';
import { SesameError } from '../errors.js';
import { dataToSet, toJsonValue } from './data.js';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('toJsonValue', () => {
  it('gives what a JSON round trip gives, primitives included', () => {
    const values: unknown[] = [
      'plain',
      '',
      'lone \ud800 surrogate',
      true,
      false,
      null,
      0,
      -0,
      1.5,
      -42,
      Number.MAX_VALUE,
      NaN,
      Infinity,
      -Infinity,
      [1, 'two', null, NaN],
      { nested: { when: new Date(0), gone: undefined } },
      new Date(86_400_000),
      { toJSON: () => 'custom' },
    ];
    for (const value of values) {
      const copy = toJsonValue('k', value);
      expect(copy).toStrictEqual(roundTrip(value));
    }
  });

  it('turns -0 into 0 and NaN and the infinities into null, as JSON does', () => {
    expect(Object.is(toJsonValue('k', -0), 0)).toBe(true);
    expect(toJsonValue('k', NaN)).toBeNull();
    expect(toJsonValue('k', Infinity)).toBeNull();
    expect(toJsonValue('k', -Infinity)).toBeNull();
  });

  it('copies objects: a later change to the original does not reach the copy', () => {
    const cart = { items: ['book'] };
    const copy = toJsonValue('cart', cart) as { items: string[] };
    cart.items.push('pen');
    expect(copy).toEqual({ items: ['book'] });
  });

  it('refuses what JSON drops or cannot write, naming the key', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    for (const value of [undefined, () => 1, Symbol('s'), 10n, cycle]) {
      let error: unknown;
      try {
        toJsonValue('theKey', value);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(SesameError);
      expect((error as SesameError).code).toBe('ERR_SESSION_DATA_INVALID');
      expect((error as SesameError).message).toContain('"theKey"');
    }
  });
});

describe('dataToSet', () => {
  it('copies every key onto a null-prototype object', () => {
    const set = dataToSet({ a: 'x', b: -0, c: { d: [NaN] } });
    expect(Object.getPrototypeOf(set)).toBeNull();
    expect({ ...set }).toStrictEqual({ a: 'x', b: 0, c: { d: [null] } });
  });

  it('refuses a key that could pollute a prototype before copying anything', () => {
    const values = JSON.parse('{"__proto__": {"admin": true}}') as object;
    expect(() => dataToSet(values)).toThrow(SesameError);
  });
});
