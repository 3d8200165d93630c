/**
 * The hash codec without a server: every reply shape node-redis can hand `get` decodes to the same
 * record, and anything we cannot read whole is no session (fail closed, docs/architecture.md §1.8). The store
 * contract runs the real RESP2 and RESP3 replies; the `Map` and Buffer shapes need a type mapping
 * that the contract's clients do not set, so they are checked here.
 */
import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../testing/index.js';
import { decodeRecord, encodeRecord } from './codec.js';

const record = makeRecord({
  userId: 'alice',
  data: { cart: [1, 2], profile: { name: 'A' }, flag: false },
  authenticatedMs: 1_700_000_000_000,
  persistent: true,
  meta: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0' },
});

function asObject(fields: readonly string[]): Record<string, string> {
  const object: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) object[fields[i] ?? ''] = fields[i + 1] ?? '';
  return object;
}

function asMap(fields: readonly string[]): Map<string, string> {
  return new Map(Object.entries(asObject(fields)));
}

/** The encoded record with field `name` replaced by `value`, or dropped when `value` is undefined. */
function withField(name: string, value: string | undefined): string[] {
  const fields = encodeRecord(record);
  const object = asObject(fields);
  if (value === undefined) delete object[name];
  else object[name] = value;
  return Object.entries(object).flat();
}

describe('decodeRecord of a renewed record (docs/architecture.md §1.13)', () => {
  const renewed = { ...record, previousSecretHash: 'old-hash', previousSecretExpiresMs: 1_700_000_030_000 };

  it('keeps the previous secret and its end', () => {
    expect(decodeRecord(record.id, encodeRecord(renewed))).toEqual(renewed);
  });

  it('is no session when the end of the grace is not a number', () => {
    const fields = asObject(encodeRecord(renewed));
    fields['previousSecretExpiresMs'] = 'soon';
    expect(decodeRecord(record.id, fields)).toBeNull();
  });
});

describe('decodeRecord', () => {
  // encodeRecord's field, value, … pairs are also what HGETALL answers over RESP2.
  const fields = encodeRecord(record);

  it('reads a RESP2 array, a RESP3 map as object or Map, and Buffer values alike', () => {
    expect(decodeRecord(record.id, fields)).toEqual(record);
    expect(decodeRecord(record.id, asObject(fields))).toEqual(record);
    expect(decodeRecord(record.id, asMap(fields))).toEqual(record);
    expect(
      decodeRecord(
        record.id,
        fields.map((f) => Buffer.from(f)),
      ),
    ).toEqual(record);
  });

  it('reads absent optional fields as null and an absent persistent flag as false', () => {
    const anonymous = makeRecord();
    expect(decodeRecord(anonymous.id, encodeRecord(anonymous))).toEqual(anonymous);
    expect(decodeRecord(record.id, withField('persistent', undefined))?.persistent).toBe(false);
  });

  it('is null for an absent hash', () => {
    expect(decodeRecord(record.id, [])).toBeNull();
    expect(decodeRecord(record.id, {})).toBeNull();
    expect(decodeRecord(record.id, null)).toBeNull();
  });

  it.each(['secretHash', 'createdMs', 'lastSeenMs', 'idleExpiresMs', 'absoluteExpiresMs', 'rotatedMs'])(
    'is null when %s is missing',
    (name) => {
      expect(decodeRecord(record.id, withField(name, undefined))).toBeNull();
    },
  );

  it.each([
    ['idleExpiresMs', ''],
    ['idleExpiresMs', ' '],
    ['absoluteExpiresMs', 'soon'],
    ['createdMs', 'Infinity'],
    ['authenticatedMs', ''],
    ['authenticatedMs', 'NaN'],
  ])('is null when %s holds %j', (name, value) => {
    expect(decodeRecord(record.id, withField(name, value))).toBeNull();
  });

  it('is null when a data value is not JSON', () => {
    expect(decodeRecord(record.id, withField('d:cart', '[1,'))).toBeNull();
  });

  it('keeps a "__proto__" data key as a plain own key', () => {
    const decoded = decodeRecord(record.id, withField('d:__proto__', '{"polluted":true}'));
    expect(Object.getPrototypeOf(decoded?.data)).toBe(Object.prototype);
    expect(Object.hasOwn(decoded?.data ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
