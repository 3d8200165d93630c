import { describe, expect, it } from 'vitest';
import { judgeSoak, parseSoakDuration, type SoakSample } from './verdict.js';

const samples = (rss: (i: number) => number, size: (i: number) => number, n = 20): SoakSample[] =>
  Array.from({ length: n }, (_, i) => ({ atS: i * 5, rssMb: rss(i), storeSize: size(i) }));

describe('parseSoakDuration', () => {
  it('reads seconds, minutes, hours and bare numbers', () => {
    expect(parseSoakDuration('10m')).toBe(600);
    expect(parseSoakDuration('30s')).toBe(30);
    expect(parseSoakDuration('1h')).toBe(3_600);
    expect(parseSoakDuration('45')).toBe(45);
    expect(parseSoakDuration(' 1.5m ')).toBe(90);
  });

  it('refuses anything else with the option name', () => {
    for (const bad of ['', 'ten', '-1m', '5 minutes', '1d']) {
      expect(() => parseSoakDuration(bad)).toThrow(/--soak-duration/);
    }
  });
});

describe('judgeSoak', () => {
  it('passes a flat RSS, a store size that levels off and no errors', () => {
    const verdict = judgeSoak(
      samples(
        (i) => 120 + (i % 3),
        (i) => Math.min(i * 100, 800),
      ),
      0,
    );
    expect(verdict).toMatchObject({ rssFlat: true, sizeBounded: true, errorFree: true });
  });

  it('ignores the warm-up quarter when judging RSS', () => {
    expect(
      judgeSoak(
        samples(
          (i) => (i < 5 ? 60 + i * 10 : 130),
          () => 10,
        ),
        0,
      ).rssFlat,
    ).toBe(true);
  });

  it('fails RSS that keeps growing, a store that keeps growing, and any error', () => {
    const leaking = judgeSoak(
      samples(
        (i) => 100 + i * 5,
        (i) => i * 100,
      ),
      3,
    );
    expect(leaking).toMatchObject({ rssFlat: false, sizeBounded: false, errorFree: false });
    expect(leaking.rssGrowthMb).toBeGreaterThan(20);
    expect(leaking.sizeRatio).toBeGreaterThan(1.5);
  });
});

describe('replaceSection', () => {
  it('appends the section once, then replaces only it', async () => {
    const { replaceSection, SECTION_START, SECTION_END } = await import('./render.js');
    const first = replaceSection('# Results\n\nbody\n', `${SECTION_START}\nA\n${SECTION_END}`);
    expect(first).toBe(`# Results\n\nbody\n\n${SECTION_START}\nA\n${SECTION_END}\n`);
    const second = replaceSection(`${first}tail\n`, `${SECTION_START}\nB\n${SECTION_END}`);
    expect(second).toBe(`# Results\n\nbody\n\n${SECTION_START}\nB\n${SECTION_END}\ntail\n`);
  });
});

describe('npm run bench --soak-duration', () => {
  it('defaults to 10 minutes per store, 0 with --quick, and reads a duration', async () => {
    const { parseOptions } = await import('../options.js');
    expect(parseOptions([], {}, '/bench').storeSoakS).toBe(600);
    expect(parseOptions(['--quick'], {}, '/bench').storeSoakS).toBe(0);
    expect(parseOptions(['--soak-duration=30s'], {}, '/bench').storeSoakS).toBe(30);
    expect(parseOptions(['--soak-duration=0'], {}, '/bench').storeSoakS).toBe(0);
    expect(() => parseOptions(['--soak-duration=soon'], {}, '/bench')).toThrow(/--soak-duration/);
  });
});
