/**
 * The verdict on a sample of session tokens (WSTG-SESS-01; ASVS 5.0 7.2.3): unique, at least 128
 * bits that vary, an estimated entropy of at least 128 bits, no statistical test that rejects
 * "uniform and independent" over the token's own alphabet, and no structure a compressor finds.
 * Every p-value is compared with one family-wide significance split over all tests (Bonferroni),
 * so a CSPRNG passes all but about once in a million samples; counters, timestamps, short or
 * patterned tokens miss by many orders of magnitude. A signed token is judged on what was signed:
 * its signature is a function of the id and adds no entropy, yet its 256 bits would pass any
 * test and carry a 48-bit id or a counter past the 128-bit minimum.
 *
 * @module
 */
import { deflateRawSync } from 'node:zlib';
import type { Alphabet } from './alphabet.js';
import { detectAlphabet } from './alphabet.js';
import { analyzeBitsOf } from './bit-tests.js';
import { cookieSignedValue } from './signed-formats.js';
import type { PartAnalysis, PValue } from './symbol-tests.js';
import { analyzeSymbols } from './symbol-tests.js';
import { tokenColumns } from './token-segments.js';

/** Chance that a fair generator fails some test of one sample. */
export const FAMILY_ALPHA = 1e-6;
/** ASVS 5.0 7.2.3: reference tokens carry at least 128 bits of entropy. */
export const MIN_ENTROPY_BITS = 128;
/**
 * A sample that deflates to less than this share of its estimated entropy repeats itself
 * (halves copied, shared chunks): the estimate, blind to such repeats, is too high. Random
 * symbols never deflate below their entropy; deflate's own overhead keeps them above 1.
 */
export const MIN_COMPRESSION_RATIO = 0.9;

/** One part of the token, as analysed. */
export interface PartVerdict extends PartAnalysis {
  alphabet: Alphabet;
  length: number;
}

/** What a token sample says. */
export interface RandomnessVerdict {
  samples: number;
  duplicates: number;
  /** The signature format set aside (every token signed that way), or `null`. */
  signature: 'cookie-signature' | null;
  parts: PartVerdict[];
  nominalBits: number;
  entropyBits: number;
  /** Compressed size of the sample over its estimated entropy, or `null` when that is 0. */
  compressionRatio: number | null;
  pValues: PValue[];
  /** Empty when the sample looks like a CSPRNG's. */
  findings: string[];
}

const formatP = (p: number): string => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

function analyzePart(values: readonly string[]): PartVerdict {
  const alphabet = detectAlphabet(values);
  const analysis = alphabet.powerOfTwo
    ? analyzeBitsOf(values, alphabet, FAMILY_ALPHA)
    : analyzeSymbols(values, alphabet, FAMILY_ALPHA);
  return { ...analysis, alphabet, length: Math.min(...values.map((v) => [...v].length)) };
}

/**
 * Judge a sample of tokens (at least two; a few hundred for the tests to have power).
 *
 * @example
 * const verdict = assessTokens(tokens);
 * if (verdict.findings.length > 0) console.log(verdict.findings.join('; '));
 */
export function assessTokens(sample: readonly string[]): RandomnessVerdict {
  const ids = sample.map(cookieSignedValue);
  const signed = sample.length > 0 && ids.every((id) => id !== null);
  const tokens = signed ? ids : sample;
  const duplicates = tokens.length - new Set(tokens).size;
  const parts = tokenColumns(tokens).map(analyzePart);
  const nominalBits = parts.reduce((a, p) => a + p.nominalBits, 0);
  const entropyBits = Math.round(parts.reduce((a, p) => a + p.entropyBits, 0) * 10) / 10;
  const pValues = parts.flatMap((part, i) =>
    part.pValues.map((v) => ({ label: parts.length > 1 ? `part ${i + 1} ${v.label}` : v.label, p: v.p })),
  );
  const compressedBits = deflateRawSync(Buffer.from(tokens.join(''), 'utf8'), { level: 9 }).length * 8;
  const expectedBits = entropyBits * tokens.length;
  const compressionRatio = expectedBits > 0 ? Math.round((compressedBits / expectedBits) * 100) / 100 : null;

  const findings: string[] = [];
  if (duplicates > 0) findings.push(`${duplicates} duplicate tokens`);
  if (nominalBits < MIN_ENTROPY_BITS) findings.push(`only ${Math.floor(nominalBits)} bits vary`);
  if (entropyBits < MIN_ENTROPY_BITS)
    findings.push(`estimated entropy ${entropyBits} bits is below ${MIN_ENTROPY_BITS}`);
  const threshold = FAMILY_ALPHA / Math.max(1, pValues.length);
  for (const { label, p } of pValues) {
    if (p < threshold) findings.push(`${label} is not uniform (p=${formatP(p)})`);
  }
  if (compressionRatio !== null && compressionRatio < MIN_COMPRESSION_RATIO) {
    findings.push(
      `the sample deflates to ${Math.round(compressionRatio * 100)}% of its estimated entropy: tokens repeat parts of themselves or each other`,
    );
  }
  return {
    samples: tokens.length,
    duplicates,
    signature: signed ? 'cookie-signature' : null,
    parts,
    nominalBits,
    entropyBits,
    compressionRatio,
    pValues,
    findings,
  };
}

/** One line for the evidence: alphabet and length of each part, entropy, the smallest p-value. */
export function describeVerdict(verdict: RandomnessVerdict): string {
  const parts = verdict.parts
    .map(
      (p) =>
        `${p.length} × ${p.alphabet.name}${p.alphabet.powerOfTwo ? '' : ` (${p.alphabet.bitsPerSymbol.toFixed(2)} bits each)`}`,
    )
    .join(' . ');
  const smallest = verdict.pValues.reduce<PValue | null>(
    (min, v) => (min === null || v.p < min.p ? v : min),
    null,
  );
  const signed =
    verdict.signature === null
      ? ''
      : `signed (${verdict.signature}): judged on the id before the signature; `;
  return (
    `${verdict.samples - verdict.duplicates} unique; ${signed}${parts}; ${Math.floor(verdict.nominalBits)} bits vary; ` +
    `estimated entropy ${verdict.entropyBits} bits; ${verdict.pValues.length} tests` +
    (smallest === null ? '' : `, smallest p=${formatP(smallest.p)} (${smallest.label})`) +
    (verdict.compressionRatio === null
      ? ''
      : `; deflates to ${verdict.compressionRatio}× the entropy estimate`)
  );
}
