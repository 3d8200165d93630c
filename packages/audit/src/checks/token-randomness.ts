/**
 * Token randomness (WSTG-SESS-01; ASVS 5.0 7.2.3, 11.5.1): collect a few hundred tokens and test
 * them on the alphabet they are written in (see `analysis/randomness.ts`): all unique, at least
 * 128 bits that vary and as much estimated entropy, symbols uniform and independent, nothing a
 * compressor finds. A black box cannot prove a CSPRNG: a keyed hash of a counter passes every
 * test here. It does catch counters, timestamps and short, biased or patterned tokens.
 *
 * @module
 */
import { assessTokens, describeVerdict } from '../analysis/randomness.js';
import { MIN_TOKENS } from '../options.js';
import { collectTokens } from '../site/collect-tokens.js';
import type { Check } from './check.js';
import { fail, pass, skip } from './check.js';

const TIME_LIMIT_MS = 120_000;

/** Unique, long, uniform, unpatterned tokens with an estimated entropy of at least 128 bits. */
export const tokenRandomness: Check = {
  id: 'token-randomness',
  title: 'Session token randomness',
  wstg: ['WSTG-SESS-01'],
  asvs: ['7.2.3', '11.5.1'],
  fix: 'Generate session tokens from a CSPRNG with at least 128 random bits (e.g. crypto.randomBytes(32)).',
  severity: 'high',
  async run(ctx) {
    const timeLimitMs = Math.min(TIME_LIMIT_MS, ctx.client.options.budget.remainingMs());
    const { tokens, mode, stoppedBecause } = await collectTokens(ctx, ctx.options.tokens, timeLimitMs);
    const source = `${tokens.length} tokens from ${mode}${stoppedBecause === null ? '' : ` (stopped: ${stoppedBecause})`}`;
    if (tokens.length < MIN_TOKENS) return skip(`${source}: too few to judge (need ${MIN_TOKENS})`);
    const verdict = assessTokens(tokens);
    const summary = `${source}; ${describeVerdict(verdict)}`;
    return verdict.findings.length > 0
      ? fail(`${verdict.findings.join('; ')} (${summary})`)
      : pass(`${summary}: consistent with a CSPRNG (a black box cannot prove one)`);
  },
};
