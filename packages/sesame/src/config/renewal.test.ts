/**
 * The renewal options (docs/architecture.md §1.13): off by default, a 30-second grace by default,
 * and every refusal with a message that names the option and what to change.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import type { SessionOptions } from '../config.js';
import { isSesameError } from '../errors.js';
import { memoryStore } from '../stores/memory/index.js';

const quiet = { warn: () => undefined, error: () => undefined };

function resolve(options: Partial<SessionOptions>) {
  return resolveConfig({
    store: memoryStore(),
    logger: quiet,
    production: false,
    secrets: 'abcdefghijklmnopqrstuvwxyz0123456789',
    ...options,
  });
}

/** The ERR_CONFIG_INVALID message `options` are refused with. */
function refusal(options: Partial<SessionOptions>): string {
  try {
    resolve(options);
  } catch (error) {
    if (isSesameError(error) && error.code === 'ERR_CONFIG_INVALID') return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('renewal options', () => {
  it('are off by default', () => {
    expect(resolve({}).renewal).toBeNull();
  });

  it('take durations as the other options do, with a 30-second grace by default', () => {
    expect(resolve({ renewAfter: '15m' }).renewal).toEqual({ afterMs: 900_000, graceMs: 30_000 });
    expect(resolve({ renewAfter: 60_000, renewalGrace: '5s' }).renewal).toEqual({
      afterMs: 60_000,
      graceMs: 5_000,
    });
  });

  it('accept the edges: a 1-second grace, a grace just under renewAfter, renewAfter just under the lifetime', () => {
    expect(resolve({ renewAfter: '1m', renewalGrace: '1s' }).renewal?.graceMs).toBe(1_000);
    expect(resolve({ renewAfter: '1m', renewalGrace: 59_999 }).renewal?.graceMs).toBe(59_999);
    expect(
      resolve({ absoluteTimeout: '1h', idleTimeout: '30m', renewAfter: 3_599_999 }).renewal?.afterMs,
    ).toBe(3_599_999);
  });

  it('refuse renewAfter that is not a duration', () => {
    expect(refusal({ renewAfter: 0 })).toMatch(/Option renewAfter must be a positive number/);
    expect(refusal({ renewAfter: 'soon' })).toMatch(/Option renewAfter must be a positive number.*"soon"/);
  });

  it('refuse renewAfter not shorter than the absolute lifetime', () => {
    expect(refusal({ absoluteTimeout: '1h', idleTimeout: '30m', renewAfter: '1h' })).toBe(
      'Option renewAfter (3600000 ms) must be shorter than absoluteTimeout (3600000 ms): a session is never renewed past its lifetime.',
    );
    expect(refusal({ renewAfter: '13h' })).toMatch(
      /renewAfter \(46800000 ms\) must be shorter than absoluteTimeout/,
    );
  });

  it('refuse a grace under one second, or that is not a duration', () => {
    expect(refusal({ renewAfter: '15m', renewalGrace: 999 })).toBe(
      'Option renewalGrace must be at least 1s, so that requests already on their way with the old token still succeed; got 999 ms.',
    );
    expect(refusal({ renewAfter: '15m', renewalGrace: 0 })).toMatch(
      /Option renewalGrace must be a positive number/,
    );
  });

  it('refuse a grace not shorter than renewAfter, saying when it is the default', () => {
    expect(refusal({ renewAfter: '1m', renewalGrace: '1m' })).toBe(
      'Option renewalGrace (60000 ms) must be shorter than renewAfter (60000 ms): lower renewalGrace or raise renewAfter.',
    );
    expect(refusal({ renewAfter: '30s' })).toBe(
      'Option renewalGrace (30000 ms, the default) must be shorter than renewAfter (30000 ms): lower renewalGrace or raise renewAfter.',
    );
  });

  it('refuse renewalGrace without renewAfter', () => {
    expect(refusal({ renewalGrace: '30s' })).toBe(
      'Option renewalGrace applies only to periodic renewal: set renewAfter too (e.g. renewAfter: "15m"), or drop renewalGrace.',
    );
  });
});
