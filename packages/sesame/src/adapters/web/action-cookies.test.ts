/**
 * The parts of `actionSession` a request cannot reach: `actionError` on what is not a
 * `SesameError`, and the plan that holds cookie changes back until the CSRF check passed.
 */
import { describe, expect, it } from 'vitest';
import type { PlannedCookieOptions } from '../../index.js';
import { cookieStorePlan } from './action.js';
import { actionError } from './index.js';

const ATTRIBUTES = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } as const;

describe('actionError', () => {
  it('rethrows what is not a SesameError (Next.js’s redirect() among them)', () => {
    const redirect = Object.assign(new Error('NEXT_REDIRECT'), {
      digest: 'NEXT_REDIRECT;push;/account;303;',
    });
    expect(() => actionError(redirect)).toThrow(redirect);
    expect(() => actionError('a string')).toThrow();
  });
});

describe('cookieStorePlan', () => {
  /** A cookie store that records every `set`. */
  const writer = () => {
    const calls: { name: string; value: string; options: PlannedCookieOptions }[] = [];
    const jar = {
      calls,
      set: (name: string, value: string, options: PlannedCookieOptions) =>
        void calls.push({ name, value, options }),
      take: () => calls.splice(0),
    };
    return { jar, ...cookieStorePlan(jar) };
  };
  const cookie = (name: string, value: string) => ({ name, value, options: ATTRIBUTES });
  const plan = (...cookies: ReturnType<typeof cookie>[]) => ({
    setCookies: cookies.map((c) => `${c.name}=${c.value}`),
    cookies,
    cacheControl: 'no-store' as const,
  });

  it('holds changes until released, the last one per cookie, then sets each at once', () => {
    const { jar, apply, release } = writer();
    apply(plan(cookie('a', '1'), cookie('b', '1')));
    apply(plan(cookie('a', '2')));
    apply({ setCookies: [], cacheControl: 'no-store' });
    expect(jar.calls).toEqual([]);
    release();
    expect(jar.take().map((call) => `${call.name}=${call.value}`)).toEqual(['a=2', 'b=1']);
    apply(plan(cookie('a', '3')));
    expect(jar.take().map((call) => `${call.name}=${call.value}`)).toEqual(['a=3']);
  });

  it('hands the store a copy of the options, and refuses a plan that has lines without parts', () => {
    const { jar, apply, release } = writer();
    release();
    const given = cookie('a', '1');
    apply(plan(given));
    expect(jar.calls[0]?.options).toEqual(given.options);
    expect(jar.calls[0]?.options).not.toBe(given.options);
    expect(() => apply({ setCookies: ['a=1; Path=/'], cacheControl: 'no-store' })).toThrow(/by parts/);
  });
});
