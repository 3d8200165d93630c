import { parse, serialize } from 'cookie';
import { describe, expect, it } from 'vitest';
import { generateToken } from '../token/generate.js';
import { cookiePlan, cookieWriter } from './serialize.js';

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

  it.each(settings)('gives each cookie by parts whose serialization is its line, for %j', (cookie) => {
    const writer = cookieWriter(cookie);
    const attributes = { httpOnly: true, secure: cookie.secure, sameSite: cookie.sameSite, path: '/' };
    const token = generateToken().value;
    const changes = [
      [writer.issueChange(token), writer.issue(token), attributes],
      [writer.issueChange(token, 90_500), writer.issue(token, 90_500), { ...attributes, maxAge: 90 }],
      [writer.issueChange(token, -5), writer.issue(token, -5), { ...attributes, maxAge: 0 }],
      [writer.clearChange(), writer.cleared, { ...attributes, maxAge: 0, expires: new Date(0) }],
    ] as const;
    for (const [change, line, options] of changes) {
      expect(change.line).toBe(line);
      expect(change.cookie).toStrictEqual({ name: cookie.name, value: change.cookie.value, options });
      const { name, value, options: parts } = change.cookie;
      expect(serialize(name, value, parts)).toBe(line);
    }
    expect(writer.issueChange(token).cookie.value).toBe(token);
    expect(writer.clearChange().cookie.value).toBe('');
  });

  it('hands out new parts each time, so no caller can change another one’s', () => {
    const writer = cookieWriter(settings[0]);
    const first = writer.clearChange().cookie.options;
    const second = writer.clearChange().cookie.options;
    expect(first).not.toBe(second);
    expect(first.expires).not.toBe(second.expires);
    expect(writer.issueChange('a').cookie.options).not.toBe(writer.issueChange('a').cookie.options);
  });

  it('refuses a name jshttp/cookie refuses', () => {
    expect(() => cookieWriter({ name: 'bad name;', secure: true, sameSite: 'lax' })).toThrow();
  });
});

describe('cookiePlan', () => {
  it('carries the lines and the parts in one order, and forbids caching', () => {
    const writer = cookieWriter({ name: '__Host-sid', secure: true, sameSite: 'lax' });
    const changes = [writer.issueChange('a.b'), writer.clearChange()];
    expect(cookiePlan(changes)).toStrictEqual({
      setCookies: [changes[0]?.line, changes[1]?.line],
      cookies: [changes[0]?.cookie, changes[1]?.cookie],
      cacheControl: 'no-store',
    });
    expect(cookiePlan([])).toStrictEqual({ setCookies: [], cookies: [], cacheControl: 'no-store' });
  });
});
