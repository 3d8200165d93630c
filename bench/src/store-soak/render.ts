/**
 * The store soak's Markdown section, and its place in RESULTS.md between two markers, so a
 * later full bench run and a soak run each replace only their own part.
 *
 * @module
 */
import type { LoadTally } from './load.js';
import type { SoakSample, SoakVerdict } from './verdict.js';

export interface StoreSoakResult extends LoadTally {
  store: string;
  durationS: number;
  elapsedS: number;
  samples: SoakSample[];
  verdict: SoakVerdict;
}

export const SECTION_START = '<!-- store-soak:start -->';
export const SECTION_END = '<!-- store-soak:end -->';

const yes = (ok: boolean): string => (ok ? 'yes' : '**no**');

/** A few evenly spaced samples, as "t s: value" pairs. */
function overTime(samples: readonly SoakSample[], pick: (s: SoakSample) => number, digits: number): string {
  const step = Math.max(1, Math.floor(samples.length / 6));
  return samples
    .filter((_, i) => i % step === 0 || i === samples.length - 1)
    .map((s) => `${s.atS} s: ${pick(s).toFixed(digits)}`)
    .join(', ');
}

export function renderStoreSoak(results: readonly StoreSoakResult[], whenIso: string): string {
  const rows = results.map((r) => {
    const rate = r.requests / Math.max(r.elapsedS, 1);
    return `| ${r.store} | ${r.durationS} | ${r.requests} (${rate.toFixed(0)}/s) | ${r.errors} | ${overTime(r.samples, (s) => s.rssMb, 0)} | ${r.verdict.rssGrowthMb.toFixed(1)} | ${overTime(r.samples, (s) => s.storeSize, 0)} | ${yes(r.verdict.rssFlat)} / ${yes(r.verdict.errorFree)} / ${yes(r.verdict.sizeBounded)} |`;
  });
  const errors = results.flatMap((r) => r.firstErrors.map((e) => `- ${r.store}: ${e}`));
  return [
    SECTION_START,
    '## Store soak',
    '',
    `Run ${whenIso} with \`npm run soak -w bench -- --soak-duration=<d>\`. Per store, one server process`,
    '(Express 5, Sesame, idle timeout 20 s, sweep every 5 s except on Redis, whose TTLs do it) under 16',
    'virtual users that sign in, read (70 %) or write (30 %) ten times, then sign out (80 %) or walk',
    'away. RSS is the server process; the store size counts sessions held, expired ones not yet',
    'swept included. Verdict: RSS flat (last quarter at most 20 MB above the second), no errors, size',
    'bounded (second half at most 1.5 × the first half’s peak).',
    '',
    '| store | seconds | requests | errors | RSS MB over time | RSS growth MB | store size over time | flat / 0 errors / bounded |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...(errors.length > 0 ? ['', 'First errors:', '', ...errors] : []),
    SECTION_END,
  ].join('\n');
}

/** `document` with its store-soak section replaced by `section`, or `section` appended. */
export function replaceSection(document: string, section: string): string {
  const start = document.indexOf(SECTION_START);
  const end = document.indexOf(SECTION_END);
  if (start === -1 || end === -1 || end < start) {
    return `${document.trimEnd()}${document.trim() === '' ? '' : '\n\n'}${section}\n`;
  }
  return `${document.slice(0, start)}${section}${document.slice(end + SECTION_END.length)}`;
}
