import { describe, expect, it } from 'vitest';
import { CookieJar, parseSetCookies } from './cookie-jar.js';

const LOCAL = new URL('http://127.0.0.1:3000/login');
const NOW = 1_800_000_000_000;

describe('CookieJar', () => {
  it('stores and sends a cookie, default path from the request (RFC 6265 §5.1.4)', () => {
    const jar = new CookieJar(true);
    jar.store(new URL('http://127.0.0.1:3000/app/login'), ['a=1', 'b=2; Path=/'], NOW);
    expect(jar.header(new URL('http://127.0.0.1:3000/app/x'), { nowMs: NOW })).toBe('a=1; b=2');
    expect(jar.header(new URL('http://127.0.0.1:3000/other'), { nowMs: NOW })).toBe('b=2');
    expect(jar.header(new URL('http://127.0.0.1:3000/application'), { nowMs: NOW })).toBe('b=2');
  });

  it('sends longer paths first (RFC 6265 §5.4)', () => {
    const jar = new CookieJar(true);
    jar.store(LOCAL, ['x=root; Path=/', 'x=deep; Path=/a/b'], NOW);
    expect(jar.header(new URL('http://127.0.0.1:3000/a/b/c'), { nowMs: NOW })).toBe('x=deep; x=root');
    expect(jar.get('x', NOW)).toBe('deep');
  });

  it('deletes on Max-Age=0 and on a past Expires; Max-Age wins over Expires', () => {
    const jar = new CookieJar(true);
    jar.store(
      LOCAL,
      ['a=1; Path=/', 'b=2; Path=/', 'c=3; Path=/; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT'],
      NOW,
    );
    jar.store(LOCAL, ['a=; Path=/; Max-Age=0', 'b=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], NOW);
    expect(jar.names(NOW)).toEqual(['c']);
    expect(jar.header(LOCAL, { nowMs: NOW + 61_000 })).toBeNull();
  });

  it('keeps Secure and __Host- cookies on loopback over plain HTTP, as browsers do', () => {
    const jar = new CookieJar(true);
    jar.store(LOCAL, ['__Host-sid=abc; Path=/; Secure; HttpOnly'], NOW);
    expect(jar.header(LOCAL, { nowMs: NOW })).toBe('__Host-sid=abc');
  });

  it('refuses Secure cookies in an insecure context (RFC 6265bis)', () => {
    const jar = new CookieJar(false);
    jar.store(new URL('http://example.test/'), ['s=1; Secure', 'p=2'], NOW);
    expect(jar.names(NOW)).toEqual(['p']);
  });

  it('enforces the __Secure- and __Host- prefix rules', () => {
    const jar = new CookieJar(true);
    jar.store(
      LOCAL,
      [
        '__Secure-a=1; Path=/',
        '__Host-b=2; Secure; Path=/app',
        '__Host-c=3; Secure; Path=/; Domain=127.0.0.1',
        '__Host-d=4; Secure; Path=/',
        '__Secure-e=5; Secure',
      ],
      NOW,
    );
    expect(jar.names(NOW).sort()).toEqual(['__Host-d', '__Secure-e']);
  });

  it('refuses a Domain the host does not match', () => {
    const jar = new CookieJar(true);
    jar.store(
      new URL('http://app.localhost/'),
      ['a=1; Domain=other.localhost', 'b=2; Domain=localhost'],
      NOW,
    );
    expect(jar.names(NOW)).toEqual(['b']);
  });

  it('plants and forgets cookies', () => {
    const jar = new CookieJar(true);
    jar.set('sid', 'chosen');
    expect(jar.header(LOCAL)).toBe('sid=chosen');
    jar.delete('sid');
    expect(jar.header(LOCAL)).toBeNull();
  });

  it('leaves SameSite=Strict cookies off a cross-site navigation, and keeps Lax and unmarked ones', () => {
    const jar = new CookieJar(true);
    jar.store(LOCAL, ['s=1; SameSite=Strict', 'l=2; SameSite=Lax', 'u=3', 'n=4; SameSite=None; Secure'], NOW);
    expect(jar.header(LOCAL, { nowMs: NOW })).toBe('s=1; l=2; u=3; n=4');
    expect(jar.header(LOCAL, { nowMs: NOW, crossSiteNavigation: true })).toBe('l=2; u=3; n=4');
  });

  it('keeps raw values (no percent-decoding) so tokens replay byte for byte', () => {
    const jar = new CookieJar(true);
    jar.store(LOCAL, ['connect.sid=s%3Aabc.def; Path=/; HttpOnly'], NOW);
    expect(jar.get('connect.sid', NOW)).toBe('s%3Aabc.def');
  });
});

describe('parseSetCookies', () => {
  it('reports attributes and whether the header deletes the cookie', () => {
    const [live, gone] = parseSetCookies(['sid=1; HttpOnly; SameSite=Lax; Path=/', 'sid=; Max-Age=0'], NOW);
    expect(live?.cookie).toMatchObject({ name: 'sid', httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(live?.expires).toBe(false);
    expect(gone?.expires).toBe(true);
  });

  it('skips garbage lines', () => {
    expect(parseSetCookies(['', '=novalue'], NOW)).toEqual([]);
  });
});
