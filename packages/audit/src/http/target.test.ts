import { describe, expect, it } from 'vitest';
import { AuditAbort } from '../errors.js';
import { basePath, defaultPath, isLoopbackHost, isSameOrigin, parseTarget, sitePath } from './target.js';

describe('parseTarget', () => {
  it('accepts http and https URLs and drops the fragment', () => {
    expect(parseTarget('http://localhost:3000/#x').href).toBe('http://localhost:3000/');
  });

  it.each(['ftp://localhost/', 'not a url', 'http://user:pw@localhost/'])('refuses %s', (raw) => {
    expect(() => parseTarget(raw)).toThrow(AuditAbort);
  });
});

describe('isSameOrigin', () => {
  it('compares scheme, host and port', () => {
    const target = parseTarget('http://127.0.0.1:3000');
    expect(isSameOrigin(target, new URL('http://127.0.0.1:3000/login'))).toBe(true);
    expect(isSameOrigin(target, new URL('http://127.0.0.1:3001/login'))).toBe(false);
    expect(isSameOrigin(target, new URL('https://127.0.0.1:3000/login'))).toBe(false);
    expect(isSameOrigin(target, new URL('http://localhost:3000/login'))).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['app.localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['example.com', false],
    ['10.0.0.1', false],
    ['127.0.0.1.example.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('sitePath', () => {
  const app = parseTarget('https://shop.example/app/');

  it('resolves a path option against the target URL as a link would', () => {
    expect(sitePath(app, 'login')).toBe('/app/login');
    expect(sitePath(app, './account?tab=1')).toBe('/app/account?tab=1');
    expect(sitePath(app, '/login')).toBe('/login');
    expect(sitePath(app, 'https://shop.example/app/signin')).toBe('/app/signin');
    expect(sitePath(parseTarget('http://localhost:3000'), 'login')).toBe('/login');
  });

  it('takes a target path without a trailing slash as a directory', () => {
    const bare = parseTarget('https://shop.example/app');
    expect(basePath(bare)).toBe('/app/');
    expect(sitePath(bare, 'login')).toBe('/app/login');
    expect(defaultPath(bare, '/login')).toBe('/app/login');
    expect(defaultPath(parseTarget('http://localhost:3000'), '/login')).toBe('/login');
  });

  it.each(['https://idp.example/login', '//idp.example/login', 'http://shop.example/app/login'])(
    'refuses %s: another origin',
    (path) => {
      expect(() => sitePath(app, path, '--login-path')).toThrow(/^--login-path: .* is another origin/);
    },
  );
});
