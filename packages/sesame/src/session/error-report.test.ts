import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock.js';
import { SesameError } from '../errors.js';
import { throttledStoreErrors } from './error-report.js';

describe('throttledStoreErrors', () => {
  it('logs the first failure at once and folds the rest into one line per interval', () => {
    const lines: string[] = [];
    const clock = manualClock(0);
    const report = throttledStoreErrors(
      { warn: () => undefined, error: (m) => lines.push(m) },
      clock,
      10_000,
    );
    const down = new SesameError('ERR_STORE_UNAVAILABLE', 'Session store failed on get: offline');
    for (let i = 0; i < 100; i++) {
      report(down, 'get');
      clock.advance(100);
    }
    expect(lines).toEqual(['sesame: Session store failed on get: offline']);
    clock.advance(10_000);
    report(down, 'touch');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('and 99 more store failures');
  });
});
