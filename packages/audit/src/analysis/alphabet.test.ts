import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { detectAlphabet } from './alphabet.js';

const draw = (symbols: string, length: number, count = 300): string[] =>
  Array.from({ length: count }, () =>
    Array.from({ length }, () => symbols.charAt(randomInt(symbols.length))).join(''),
  );

describe('detectAlphabet', () => {
  it.each([
    ['0123456789abcdef', 'hex', 4],
    ['0123456789abcdefghijklmnopqrstuv', 'base32hex [0-9a-v] (PHP, 5 bits)', 5],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 'base32 [A-Z2-7]', 5],
    ['0123456789abcdefghijklmnopqrstuvwxyz', 'base36 [a-z0-9]', Math.log2(36)],
    ['0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 'base62', Math.log2(62)],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 'base64url', 6],
    ['0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,-', '[0-9a-zA-Z,-] (PHP, 6 bits)', 6],
  ])('recognises %s', (symbols, name, bits) => {
    const alphabet = detectAlphabet(draw(symbols, 32));
    expect(alphabet.name).toBe(name);
    expect(alphabet.bitsPerSymbol).toBeCloseTo(bits, 9);
  });

  it('reads a generator that never draws digits as its own restricted alphabet', () => {
    const alphabet = detectAlphabet(draw('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 24));
    expect(alphabet.name).toBe('[A-Za-z] (52 symbols)');
    expect(alphabet.powerOfTwo).toBe(false);
  });

  it('keeps a known alphabet when a small sample has not shown every symbol yet', () => {
    expect(detectAlphabet(['abc123', 'zz9']).name).toBe('base36 [a-z0-9]');
  });
});
