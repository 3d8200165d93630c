import { describe, expect, it } from 'vitest';
import { REPORT, STOPPED } from '../../test/fixtures/sample-report.js';
import { renderJson } from './json.js';
import { renderSarif } from './sarif.js';
import { renderTable, summaryLine } from './table.js';

describe('renderJson', () => {
  it('has exactly the shape of issue 6, plus the severity of a failure (issue 14)', () => {
    const parsed = JSON.parse(renderJson(REPORT)) as Record<string, unknown> & {
      checks: Record<string, unknown>[];
    };
    expect(Object.keys(parsed)).toEqual(['target', 'startedAt', 'checks']);
    for (const check of parsed.checks) {
      expect(Object.keys(check)).toEqual([
        'id',
        'title',
        'status',
        'severity',
        'wstg',
        'asvs',
        'evidence',
        'fix',
      ]);
    }
    expect(parsed.checks.map((c) => c.status)).toEqual(['fail', 'pass', 'skip']);
    expect(parsed.checks.map((c) => c.severity)).toEqual(['medium', null, null]);
  });

  it('says why and where a run stopped, before the checks that finished', () => {
    const parsed = JSON.parse(renderJson(STOPPED)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['target', 'startedAt', 'aborted', 'checks']);
    expect(parsed.aborted).toEqual(STOPPED.aborted);
  });
});

describe('renderSarif', () => {
  it('is SARIF 2.1.0 with one rule and one result per check', () => {
    const sarif = JSON.parse(renderSarif(REPORT, '9.9.9')) as {
      version: string;
      runs: {
        tool: {
          driver: { name: string; version: string; rules: { id: string; properties: { tags: string[] } }[] };
        };
        results: { ruleId: string; level: string; kind: string; message: { text: string } }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const [run] = sarif.runs;
    expect(run?.tool.driver).toMatchObject({ name: 'sesame-session-audit', version: '9.9.9' });
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(['cookie-attributes', 'csrf', 'idle-timeout']);
    expect(run?.tool.driver.rules[0]?.properties.tags).toEqual(['security', 'WSTG-SESS-02', 'ASVS-3.3.1']);
    expect(run?.results.map((r) => [r.ruleId, r.level, r.kind])).toEqual([
      ['cookie-attributes', 'warning', 'fail'],
      ['csrf', 'none', 'pass'],
      ['idle-timeout', 'none', 'notApplicable'],
    ]);
    expect(run?.results[0]?.message.text).toContain('Fix: Set Secure.');
  });
});

describe('renderTable', () => {
  it('shows every check, the fix for failures only, and a summary', () => {
    const table = renderTable(REPORT);
    expect(table).toContain('FAIL  cookie-attributes');
    expect(table).toContain('severity: medium; fix: Set Secure.');
    expect(table).not.toContain('fix: Check Origin.');
    expect(table).toContain('WSTG-SESS-05 · ASVS 3.5.1');
    expect(summaryLine(REPORT)).toBe('1 failed, 1 passed, 1 skipped');
    expect(table).not.toContain('audit stopped');
  });

  it('shows no empty ASVS label for a check that names no requirement', () => {
    const [first] = REPORT.checks;
    if (first === undefined) throw new Error('sample report has no checks');
    const table = renderTable({ ...REPORT, checks: [{ ...first, wstg: ['WSTG-SESS-09'], asvs: [] }] });
    expect(table).toContain('(WSTG-SESS-09)');
    expect(table).not.toContain('ASVS');
  });

  it('ends a stopped run with where and why it stopped', () => {
    const table = renderTable(STOPPED);
    expect(table.replace(/\s+/g, ' ')).toContain(
      'audit stopped during idle-timeout (unreachable): POST http://127.0.0.1:3000/logout: other side closed; not run: idle-timeout',
    );
    expect(table).toContain('1 failed, 1 passed, 0 skipped');
  });
});
