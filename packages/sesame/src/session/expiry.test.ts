import { describe, expect, it } from 'vitest';
import { makeRecord } from '../testing/make-record.js';
import { dueTouch, expiryReason, isTouchDue, nextIdleExpiry } from './expiry.js';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

// The instants are the promise (docs/architecture.md §1.4): a record is valid strictly before its
// expiry and ended at it, the same boundary the stores use when they hide expired records.
describe('expiryReason', () => {
  const record = makeRecord({ idleExpiresMs: T0 + 30 * MINUTE, absoluteExpiresMs: T0 + 60 * MINUTE }, T0);

  it('keeps a session one millisecond before its idle expiry', () => {
    expect(expiryReason(record, T0 + 30 * MINUTE - 1)).toBeNull();
  });

  it('ends it at the idle expiry instant', () => {
    expect(expiryReason(record, T0 + 30 * MINUTE)).toBe('idle');
  });

  it('ends it at the absolute expiry instant, and names that limit when both passed', () => {
    const capped = { ...record, idleExpiresMs: record.absoluteExpiresMs };
    expect(expiryReason(capped, record.absoluteExpiresMs - 1)).toBeNull();
    expect(expiryReason(capped, record.absoluteExpiresMs)).toBe('absolute');
    expect(expiryReason(record, record.absoluteExpiresMs + 1)).toBe('absolute');
  });

  it('ends it at the absolute limit even if a store let the idle expiry pass it', () => {
    const broken = { ...record, idleExpiresMs: record.absoluteExpiresMs + MINUTE };
    expect(expiryReason(broken, record.absoluteExpiresMs)).toBe('absolute');
  });
});

describe('nextIdleExpiry', () => {
  it('slides the idle expiry to now + idle timeout', () => {
    expect(nextIdleExpiry({ absoluteExpiresMs: T0 + 60 * MINUTE }, T0 + MINUTE, 30 * MINUTE)).toBe(
      T0 + 31 * MINUTE,
    );
  });

  it('never past the absolute limit', () => {
    expect(nextIdleExpiry({ absoluteExpiresMs: T0 + 60 * MINUTE }, T0 + 45 * MINUTE, 30 * MINUTE)).toBe(
      T0 + 60 * MINUTE,
    );
  });
});

describe('isTouchDue', () => {
  const record = makeRecord({ lastSeenMs: T0, idleExpiresMs: T0 + 30 * MINUTE }, T0);

  it('is due once the touch interval has passed, not a millisecond before', () => {
    expect(isTouchDue(record, T0 + MINUTE - 1, MINUTE)).toBe(false);
    expect(isTouchDue(record, T0 + MINUTE, MINUTE)).toBe(true);
  });

  it('is never due once the idle expiry sits at the absolute limit', () => {
    const capped = { ...record, idleExpiresMs: record.absoluteExpiresMs };
    expect(isTouchDue(capped, T0 + 10 * MINUTE, MINUTE)).toBe(false);
    expect(
      isTouchDue({ ...capped, idleExpiresMs: capped.absoluteExpiresMs - 1 }, T0 + 10 * MINUTE, MINUTE),
    ).toBe(true);
  });
});

describe('dueTouch', () => {
  const record = makeRecord({ lastSeenMs: T0, idleExpiresMs: T0 + 30 * MINUTE }, T0);
  const timing = { touchIntervalMs: MINUTE, idleTimeoutMs: 30 * MINUTE };

  it('owes nothing before the touch interval, and a sliding idle expiry after it', () => {
    expect(dueTouch(record, T0 + MINUTE - 1, timing)).toBeNull();
    expect(dueTouch(record, T0 + 5 * MINUTE, timing)?.touch).toEqual({
      lastSeenMs: T0 + 5 * MINUTE,
      idleExpiresMs: T0 + 35 * MINUTE,
    });
  });

  it('may wait only while more than a touch interval of idle time is left', () => {
    expect(dueTouch(record, T0 + 29 * MINUTE - 1, timing)?.deferrable).toBe(true);
    expect(dueTouch(record, T0 + 29 * MINUTE, timing)?.deferrable).toBe(false);
    expect(dueTouch(record, T0 + 30 * MINUTE - 1, timing)?.deferrable).toBe(false);
  });
});
