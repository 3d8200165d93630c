import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeTokens } from './decode.js';

describe('decodeTokens', () => {
  it('reads hex', () => {
    const result = decodeTokens(['00ff', 'a1b2']);
    expect(result.encoding).toBe('hex');
    expect(result.bytes.map((b) => [...b])).toEqual([
      [0, 255],
      [161, 178],
    ]);
  });

  it('reads Sesame-style <id>.<secret> base64url tokens segment by segment', () => {
    const raw = Array.from(
      { length: 20 },
      () => `${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
    );
    const result = decodeTokens(raw);
    expect(result.encoding).toBe('base64url.base64url');
    expect(result.bytes.every((b) => b.length === 48)).toBe(true);
  });

  it('reads percent-encoded express-session values (s:<id>.<signature>)', () => {
    const raw = Array.from(
      { length: 20 },
      () =>
        `s%3A${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64').replace(/=+$/, '')}`,
    );
    const result = decodeTokens(raw);
    expect(result.bytes.every((b) => b.length === 56)).toBe(true);
  });

  it('falls back to the text when the shapes differ', () => {
    expect(decodeTokens(['a.b', 'abc']).encoding).toBe('text');
  });
});
