import { describe, expect, it } from 'vitest';
import { AuditAbort } from '../errors.js';
import { isLoopbackHost, isSameOrigin, parseTarget } from './target.js';

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
