import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs } from './duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['90s', 90_000],
    ['90', 90_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['soon', null],
    ['-1s', null],
  ])('%s → %s', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it('formats for people', () => {
    expect([formatDurationMs(500), formatDurationMs(1500), formatDurationMs(120_000)]).toEqual([
      '500ms',
      '1.5s',
      '2m',
    ]);
  });
});
