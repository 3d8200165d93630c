import { describe, expect, it } from 'vitest';
import { forgeToken } from './forge-token.js';

describe('forgeToken', () => {
  it('keeps the shape and replaces the random runs', () => {
    const real = 's%3AAbcdef123456.XyZ09abcDEF+/q';
    const forged = forgeToken({ sid: real }).sid ?? '';
    expect(forged).not.toBe(real);
    expect(forged).toHaveLength(real.length);
    expect(forged.startsWith('s%3A')).toBe(true);
    expect(forged.replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a').replace(/\d/g, '0')).toBe(
      real.replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a').replace(/\d/g, '0'),
    );
  });
});
