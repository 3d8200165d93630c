import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serialTest } from './bit-tests.js';
import { assessTokens, describeVerdict } from './randomness.js';

const draw = (symbols: string, length: number, count = 300): string[] =>
  Array.from({ length: count }, () =>
    Array.from({ length }, () => symbols.charAt(randomInt(symbols.length))).join(''),
  );

describe('assessTokens', () => {
  // Issue 14: these were read as base64url, so half the symbols never occurred and every
  // framework's session ids failed the bit tests.
  it('passes Django session keys: 32 symbols of [a-z0-9]', () => {
    const verdict = assessTokens(draw('abcdefghijklmnopqrstuvwxyz0123456789', 32));
    expect(verdict.findings).toEqual([]);
    expect(verdict.parts[0]?.alphabet.name).toBe('base36 [a-z0-9]');
    expect(verdict.entropyBits).toBeGreaterThan(160);
  });

  it('passes PHP session ids: 26 symbols of [0-9a-v], 5 bits each', () => {
    const verdict = assessTokens(draw('0123456789abcdefghijklmnopqrstuv', 26));
    expect(verdict.findings).toEqual([]);
    expect(verdict.nominalBits).toBe(130);
  });

  it('reads <id>.<secret> part by part', () => {
    const tokens = Array.from(
      { length: 200 },
      () => `${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
    );
    const verdict = assessTokens(tokens);
    expect(verdict.findings).toEqual([]);
    expect(verdict.parts.map((p) => p.nominalBits)).toEqual([128, 256]);
    expect(describeVerdict(verdict)).toContain('22 × base64url . 43 × base64url');
  });

  // express-session's cookie as the browser holds it: the 256 bits of the HMAC made a 48-bit id pass.
  const signed = (id: string): string =>
    encodeURIComponent(
      `s:${id}.${createHmac('sha256', 'secret').update(id).digest('base64').replace(/=+$/, '')}`,
    );

  it('judges a cookie-signature token on its id alone', () => {
    const weak = assessTokens(Array.from({ length: 300 }, () => signed(randomBytes(6).toString('hex'))));
    expect(weak.signature).toBe('cookie-signature');
    expect(weak.findings).toContain('only 48 bits vary');
    const strong = assessTokens(
      Array.from({ length: 300 }, () => signed(randomBytes(24).toString('base64url'))),
    );
    expect(strong.findings).toEqual([]);
    expect(describeVerdict(strong)).toContain(
      'signed (cookie-signature): judged on the id before the signature; 32 × base64url; 192 bits vary',
    );
  });

  it('fails a counter, however long', () => {
    const verdict = assessTokens(Array.from({ length: 300 }, (_, i) => i.toString(16).padStart(40, '0')));
    expect(verdict.findings.join('; ')).toMatch(/estimated entropy [\d.]+ bits is below 128/);
  });

  it('fails tokens whose second half repeats the first', () => {
    const verdict = assessTokens(draw('0123456789abcdef', 16).map((half) => half + half));
    expect(verdict.findings.join('; ')).toMatch(/deflates to \d+% of its estimated entropy/);
  });

  it('fails duplicates', () => {
    const tokens = draw('0123456789abcdef', 32, 150);
    expect(assessTokens([...tokens, ...tokens]).findings).toContain('150 duplicate tokens');
  });
});

describe('serialTest (NIST SP 800-22 §2.11, m = 2)', () => {
  it('passes random bits and flags alternating ones', () => {
    const random = [...randomBytes(2000)].flatMap((byte) =>
      [...byte.toString(2).padStart(8, '0')].map(Number),
    );
    expect(Math.min(...serialTest(random))).toBeGreaterThan(1e-6);
    expect(Math.min(...serialTest(Array.from({ length: 2000 }, (_, i) => i % 2)))).toBeLessThan(1e-6);
  });
});
