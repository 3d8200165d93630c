import { describe, expect, it } from 'vitest';
import { streamProgress } from './progress.js';

function capture(isTTY: boolean): { text: () => string; stream: { isTTY: boolean; write(t: string): void } } {
  let out = '';
  return { text: () => out, stream: { isTTY, write: (t: string) => void (out += t) } };
}

describe('streamProgress', () => {
  it('prints checks, notes and every 50th count when not a terminal', () => {
    const { text, stream } = capture(false);
    const progress = streamProgress(stream);
    progress.check(1, 2, 'token-randomness', 'Session token randomness');
    for (let i = 1; i <= 120; i++) progress.count('tokens collected', i, 120);
    progress.note('done');
    expect(text()).toBe(
      '[1/2] token-randomness: Session token randomness\n' +
        '      tokens collected: 50/120\n      tokens collected: 100/120\n      tokens collected: 120/120\n' +
        '      done\n',
    );
  });

  it('redraws the counter in place on a terminal', () => {
    const { text, stream } = capture(true);
    const progress = streamProgress(stream);
    progress.count('tokens', 1, 2);
    progress.count('tokens', 2, 2);
    expect(text()).toBe('\r      tokens: 1/2\r      tokens: 2/2\n');
  });
});
