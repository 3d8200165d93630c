/**
 * The closing lines of a CI run (`.ci/run`). Vitest's summary is not one the CI reader knows, and
 * only the end of the log may reach whoever reads it: restate the counts as "N passed, N failed"
 * (each step of the packaging check counted as one test, the Node.js 22 run added in) and name
 * what failed above them, so a one-off failure can be told apart from a flaky one without the
 * whole log. Prints nothing when `npm test` wrote no report.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';

/** The parts of Vitest's JSON report read here. */
interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

/** What scripts/check-packages.ts writes. */
interface PackagesTally {
  passed: number;
  failed: number;
  failures?: string[];
}

function read<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

const firstLine = (text: string | undefined): string => (text ?? '').split('\n')[0] ?? '';

/** "file › describe › test: first line of the message" for each failed test or file of a report. */
function failures(report: Report, label: string, root: string): string[] {
  const lines: string[] = [];
  for (const file of report.testResults) {
    const name = file.name.startsWith(`${root}/`) ? file.name.slice(root.length + 1) : file.name;
    const failed = file.assertionResults.filter((test) => test.status === 'failed');
    for (const test of failed) {
      lines.push(`${label}${name} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    }
    // A file that failed before any of its tests ran: an import error, a failing hook.
    if (file.status === 'failed' && failed.length === 0) {
      lines.push(`${label}${name}: ${firstLine(file.message)}`);
    }
  }
  return lines;
}

function main(): void {
  const unit = read<Report>('.tmp/vitest-results.json');
  if (unit === undefined) return;
  const packages = read<PackagesTally>('.tmp/check-packages-results.json') ?? { passed: 0, failed: 0 };
  const node22 = read<Report>('.tmp/vitest-node22-results.json');
  const root = process.cwd();

  const failed = [
    ...failures(unit, '', root),
    ...(packages.failures ?? []).map((step) => `check:packages › ${step}`),
    // A Node.js 22 run that wrote no report failed.
    ...(node22 === undefined
      ? ['Node.js 22: the run wrote no report']
      : failures(node22, 'Node.js 22 › ', root)),
  ];
  if (failed.length > 0) {
    console.log('Failed:');
    for (const line of failed) console.log(`  ${line.slice(0, 300)}`);
  }
  const passed = unit.numPassedTests + (node22?.numPassedTests ?? 0) + packages.passed;
  const failedCount = unit.numFailedTests + (node22?.numFailedTests ?? 1) + packages.failed;
  const skipped =
    unit.numPendingTests + unit.numTodoTests + (node22?.numPendingTests ?? 0) + (node22?.numTodoTests ?? 0);
  console.log(`Tests: ${passed} passed, ${failedCount} failed, ${skipped} skipped`);
}

main();
