/**
 * `npm run bench:render`: write a report again from the figures a run saved in
 * results/full.json (or the file given), after a change to the report code. The figures are the
 * run's own; only the text around them is made anew.
 *
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderReport, type BenchReport } from './report.js';

const benchDir = join(import.meta.dirname, '..');
const input = process.argv[2] ?? join(benchDir, 'results', 'full.json');
const report = JSON.parse(await readFile(input, 'utf8')) as BenchReport;
const out = process.argv[3] ?? report.options.out;
await writeFile(out, renderReport(report));
console.log(`[bench] ${out} written again from ${input}`);
