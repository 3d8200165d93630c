/**
 * Token randomness (WSTG-SESS-01; ASVS 5.0 7.2.3, 11.5.1): collect a few hundred tokens and test
 * them the way Burp Sequencer or a tester following WSTG would: all unique, long enough, bits
 * balanced (monobit) and not patterned (runs), and an estimated entropy of at least 128 bits.
 * A black box cannot prove a CSPRNG: a keyed hash of a counter passes every test here. It does
 * catch counters, timestamps and short or partly fixed tokens.
 *
 * @module
 */
import { analyzeBits, SIGNIFICANCE } from '../analysis/bit-stats.js';
import { decodeTokens } from '../analysis/decode.js';
import { collectTokens } from '../site/collect-tokens.js';
import type { Check } from './check.js';
import { fail, pass, skip } from './check.js';

/** ASVS 5.0 7.2.3: reference tokens carry at least 128 bits of entropy. */
const MIN_ENTROPY_BITS = 128;
/** Below this many tokens the statistics say too little to judge. */
const MIN_SAMPLES = 100;
const TIME_LIMIT_MS = 120_000;

const formatP = (p: number | null): string =>
  p === null ? 'n/a' : p < 0.001 ? p.toExponential(1) : p.toFixed(3);

/** Unique, long, balanced, unpatterned tokens with an estimated entropy of at least 128 bits. */
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
    if (tokens.length < Math.min(MIN_SAMPLES, ctx.options.tokens)) {
      return skip(`${source}: too few to judge (need ${Math.min(MIN_SAMPLES, ctx.options.tokens)})`);
    }
    const duplicates = tokens.length - new Set(tokens).size;
    const decoded = decodeTokens(tokens);
    const bits = analyzeBits(decoded.bytes);
    const findings: string[] = [];
    if (duplicates > 0) findings.push(`${duplicates} duplicate tokens`);
    if (bits.bitsPerToken < MIN_ENTROPY_BITS) findings.push(`only ${bits.bitsPerToken} bits long`);
    if (bits.estimatedEntropyBits < MIN_ENTROPY_BITS) {
      findings.push(`estimated entropy ${bits.estimatedEntropyBits} bits is below ${MIN_ENTROPY_BITS}`);
    }
    if (bits.monobitP !== null && bits.monobitP < SIGNIFICANCE)
      findings.push(`bit frequency is biased (monobit p=${formatP(bits.monobitP)})`);
    if (bits.runsP !== null && bits.runsP < SIGNIFICANCE)
      findings.push(`bits are patterned (runs p=${formatP(bits.runsP)})`);
    const summary =
      `${source}; ${tokens.length - duplicates} unique; ${bits.bitsPerToken / 8} bytes decoded as ${decoded.encoding}; ` +
      `${bits.varyingBits} bits vary; estimated entropy ${bits.estimatedEntropyBits} bits; ` +
      `monobit p=${formatP(bits.monobitP)}, runs p=${formatP(bits.runsP)}`;
    return findings.length > 0
      ? fail(`${findings.join('; ')} (${summary})`)
      : pass(`${summary}: consistent with a CSPRNG (a black box cannot prove one)`);
  },
};
