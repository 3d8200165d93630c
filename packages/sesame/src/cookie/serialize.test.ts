import { parse, serialize } from 'cookie';
import { describe, expect, it } from 'vitest';
import { generateToken } from '../token/generate.js';
import { cookieWriter } from './serialize.js';

describe('cookieWriter', () => {
  const settings = [
    { name: '__Host-sid', secure: true, sameSite: 'lax' },
    { name: 'sid', secure: false, sameSite: 'strict' },
    { name: '__Host-x', secure: true, sameSite: 'none' },
  ] as const;

  it.each(settings)('writes what jshttp/cookie would for %j', (cookie) => {
    const writer = cookieWriter(cookie);
    const attributes = {
      httpOnly: true,
      secure: cookie.secure,
      sameSite: cookie.sameSite,
      path: '/',
    } as const;
    const token = generateToken().value;
    const identity = { encode: (v: string) => v };
    expect(writer.issue(token)).toBe(serialize(cookie.name, token, { ...attributes, ...identity }));
    expect(writer.issue(token, 90_500)).toBe(
      serialize(cookie.name, token, { ...attributes, ...identity, maxAge: 90 }),
    );
    expect(writer.issue(token, -5)).toBe(
      serialize(cookie.name, token, { ...attributes, ...identity, maxAge: 0 }),
    );
    expect(writer.cleared).toBe(
      serialize(cookie.name, '', { ...attributes, maxAge: 0, expires: new Date(0) }),
    );
    expect(parse(writer.issue(token))[cookie.name]).toBe(token);
  });

  it('refuses a name jshttp/cookie refuses', () => {
    expect(() => cookieWriter({ name: 'bad name;', secure: true, sameSite: 'lax' })).toThrow();
  });
});
