import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { REPORT, STOPPED } from '../../test/fixtures/sample-report.js';
import { renderSarif } from './sarif.js';

// The OASIS SARIF 2.1.0 schema, vendored unchanged (see test/fixtures/sarif/README.md).
const SCHEMA = JSON.parse(
  readFileSync(new URL('../../test/fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
) as object;

describe('renderSarif against the SARIF 2.1.0 schema', () => {
  // The schema's `language` pattern has a stray `]` that only non-unicode regular expressions accept.
  const validate = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false }).compile(
    SCHEMA,
  );

  it('is a valid SARIF 2.1.0 log', () => {
    const valid = validate(JSON.parse(renderSarif(REPORT, '0.1.0')));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is a valid SARIF 2.1.0 log for a run that stopped part-way', () => {
    const valid = validate(JSON.parse(renderSarif(STOPPED, '0.1.0')));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema rejects what it should (the validator is really checking)', () => {
    const broken = JSON.parse(renderSarif(REPORT, '0.1.0')) as { runs: { results: { level: string }[] }[] };
    const first = broken.runs[0]?.results[0];
    if (first !== undefined) first.level = 'catastrophic';
    expect(validate(broken)).toBe(false);
  });
});
