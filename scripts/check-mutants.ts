/**
 * The gate after `stryker run` (issue 17): reads Stryker's JSON report and fails when
 *
 * 1. a group of security modules scores under its threshold (token, CSRF, cookie and expiry at
 *    least 95 %, config, the engine's decisions and the adapter's request facts at least 90 %),
 *    counting the listed equivalent mutants out as Stryker does with mutants disabled in code, or
 * 2. a mutant survives (or runs under no test) without an entry in stryker-survivors.json giving a
 *    reason it is equivalent, or an entry's reason is still "TODO".
 *
 * Entries are keyed by file, mutator, original code and replacement, never by line: the modules
 * change under other work and a line number would go stale with every edit above it. Entries that
 * match no survivor any more are reported, not failed.
 *
 * `--update` rewrites the list from the report, keeping the reasons of entries that still match;
 * new survivors get `"reason": "TODO"` (which fails until someone writes why they are equivalent,
 * or better, kills them with a test).
 *
 * Usage: tsx scripts/check-mutants.ts [--update] [--report path] [--survivors path]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Position {
  line: number;
  column: number;
}

interface ReportMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  testsCompleted?: number;
  location: { start: Position; end: Position };
}

interface Report {
  files: Record<string, { source: string; mutants: ReportMutant[] }>;
}

/** One equivalent survivor, as kept in stryker-survivors.json. */
interface Entry {
  file: string;
  mutator: string;
  original: string;
  replacement: string;
  reason: string;
}

interface Group {
  name: string;
  threshold: number;
  matches(file: string): boolean;
}

const LIB = 'packages/sesame/src/';
const under = (dir: string) => (file: string) => file.startsWith(LIB + dir);
const GROUPS: readonly Group[] = [
  { name: 'token', threshold: 95, matches: under('token/') },
  { name: 'csrf', threshold: 95, matches: under('csrf/') },
  { name: 'cookie', threshold: 95, matches: under('cookie/') },
  { name: 'expiry', threshold: 95, matches: (f) => f === `${LIB}session/expiry.ts` },
  { name: 'config', threshold: 90, matches: (f) => f === `${LIB}config.ts` || under('config/')(f) },
  {
    name: 'engine',
    threshold: 90,
    matches: (f) =>
      [
        `${LIB}session/engine.ts`,
        `${LIB}session/renewal.ts`,
        `${LIB}session/token-lookup.ts`,
        `${LIB}session/csrf-verdict.ts`,
        `${LIB}session/transport-warning.ts`,
      ].includes(f),
  },
  { name: 'express facts', threshold: 90, matches: under('adapters/express/') },
];

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const MAX_SNIPPET = 200;

const { values: args } = parseArgs({
  options: {
    update: { type: 'boolean', default: false },
    report: { type: 'string', default: '.tmp/mutation/mutation.json' },
    survivors: { type: 'string', default: 'stryker-survivors.json' },
  },
});

/** The source text a mutant replaced, whitespace collapsed so reformatting keeps the key. */
function originalText(source: string, { start, end }: ReportMutant['location']): string {
  const lines = source.split('\n');
  const pieces: string[] = [];
  for (let line = start.line; line <= end.line; line++) {
    const text = lines[line - 1] ?? '';
    const from = line === start.line ? start.column - 1 : 0;
    const to = line === end.line ? end.column - 1 : text.length;
    pieces.push(text.slice(from, to));
  }
  return snippet(pieces.join('\n'));
}

function snippet(code: string): string {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SNIPPET ? `${flat.slice(0, MAX_SNIPPET)}…` : flat;
}

const keyOf = (e: Omit<Entry, 'reason'>): string =>
  JSON.stringify([e.file, e.mutator, e.original, e.replacement]);

function readEntries(path: string): Entry[] {
  if (!existsSync(path)) return [];
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { survivors?: Entry[] };
  return parsed.survivors ?? [];
}

function percent(detected: number, valid: number): number {
  return valid === 0 ? 100 : (detected / valid) * 100;
}

if (!existsSync(args.report)) {
  console.error(`check-mutants: no report at ${args.report}; run \`npx stryker run\` first.`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(args.report, 'utf8')) as Report;

type Outcome = 'detected' | 'undetected' | 'invalid';

interface Found extends Omit<Entry, 'reason'> {
  group: string;
  line: number;
  status: string;
  outcome: Outcome;
}

function outcomeOf(mutant: ReportMutant): Outcome {
  // Stryker's Vitest runner reports a mutant that makes a module throw while it loads (say, a
  // negative buffer size at the top of generate.ts) as surviving zero tests: every test file
  // failed to import, which Vitest itself counts as a failure.
  if (mutant.status === 'Survived' && mutant.testsCompleted === 0) return 'detected';
  if (DETECTED.has(mutant.status)) return 'detected';
  return UNDETECTED.has(mutant.status) ? 'undetected' : 'invalid';
}

const found: Found[] = [];
let ungrouped = 0;
for (const [rawFile, { source, mutants }] of Object.entries(report.files)) {
  const file = rawFile.replace(/\\/g, '/');
  const group = GROUPS.find((g) => g.matches(file));
  if (group === undefined) {
    ungrouped += mutants.length;
    continue;
  }
  for (const mutant of mutants) {
    found.push({
      file,
      group: group.name,
      mutator: mutant.mutatorName,
      original: originalText(source, mutant.location),
      replacement: snippet(mutant.replacement ?? ''),
      line: mutant.location.start.line,
      status: mutant.status,
      outcome: outcomeOf(mutant),
    });
  }
}
const survivors = found.filter((m) => m.outcome === 'undetected');
const existing = new Set(found.map(keyOf));

let entries = readEntries(args.survivors);
if (args.update) {
  // Keep every entry whose mutant still exists (one that timed out this run may survive the next);
  // drop those whose code is gone; add new survivors as TODO.
  const reasonOf = new Map(entries.map((e) => [keyOf(e), e.reason]));
  const next = new Map<string, Entry>();
  for (const e of entries) if (existing.has(keyOf(e))) next.set(keyOf(e), e);
  for (const s of survivors) {
    const key = keyOf(s);
    if (!next.has(key)) {
      const { file, mutator, original, replacement } = s;
      next.set(key, { file, mutator, original, replacement, reason: reasonOf.get(key) ?? 'TODO' });
    }
  }
  const order = new Map(found.map((m, index) => [keyOf(m), index]));
  entries = [...next.values()].sort((a, b) => (order.get(keyOf(a)) ?? 0) - (order.get(keyOf(b)) ?? 0));
  const comment =
    'Mutants that survive the fast suites because they are equivalent: no test could tell them apart. ' +
    'Each needs a one-line reason. After `npx stryker run`, `npx tsx scripts/check-mutants.ts --update` ' +
    'adds new survivors as TODO and drops entries whose code is gone.';
  writeFileSync(args.survivors, `${JSON.stringify({ $comment: comment, survivors: entries }, null, 2)}\n`);
  const todoCount = entries.filter((e) => e.reason === 'TODO').length;
  console.log(`Wrote ${entries.length} entries to ${args.survivors} (${todoCount} TODO).\n`);
}

const reasons = new Map(entries.map((e) => [keyOf(e), e.reason]));
const isEquivalent = (m: Found): boolean => {
  const reason = reasons.get(keyOf(m));
  return reason !== undefined && reason !== 'TODO' && reason.trim() !== '';
};
let failed = false;

console.log(
  'Mutation score per group: detected / (all valid mutants but the listed equivalent ones); ' +
    "in brackets Stryker's raw score, which counts those as survivors.",
);
for (const group of GROUPS) {
  const mine = found.filter((m) => m.group === group.name);
  const detected = mine.filter((m) => m.outcome === 'detected').length;
  const undetected = mine.filter((m) => m.outcome === 'undetected');
  const equivalent = undetected.filter(isEquivalent).length;
  const valid = detected + undetected.length;
  const score = percent(detected, valid - equivalent);
  const ok = valid > 0 && score >= group.threshold;
  if (!ok) failed = true;
  const note = valid === 0 ? '  no mutants: does stryker.config.json mutate this group?' : '';
  console.log(
    `  ${ok ? 'ok  ' : 'FAIL'} ${group.name.padEnd(14)} ${score.toFixed(1).padStart(5)} % ` +
      `(raw ${percent(detected, valid).toFixed(1)} %: ${detected}/${valid} detected, ` +
      `${undetected.length - equivalent} survived, ${equivalent} equivalent; at least ${group.threshold} %)${note}`,
  );
}
if (ungrouped > 0) console.log(`  (${ungrouped} mutants in files outside every group)`);
const brokeLoading = found.filter((m) => m.status === 'Survived' && m.outcome === 'detected').length;
if (brokeLoading > 0)
  console.log(`  (${brokeLoading} counted as detected: no test file could load with them)`);

const unlisted = survivors.filter((m) => !reasons.has(keyOf(m)));
const todo = survivors.filter((m) => reasons.has(keyOf(m)) && !isEquivalent(m));
const show = (m: Found) =>
  `  ${m.file}:${m.line} ${m.status} ${m.mutator}: ${m.original}  →  ${m.replacement}`;
if (unlisted.length > 0) {
  failed = true;
  console.log(
    `\n${unlisted.length} survivor(s) not in ${args.survivors}: kill them with a test, or (if no test ` +
      'could tell them apart) add them with a reason (`--update` adds them as TODO):',
  );
  for (const m of unlisted) console.log(show(m));
}
if (todo.length > 0) {
  failed = true;
  console.log(`\n${todo.length} survivor(s) listed without a reason (TODO):`);
  for (const m of todo) console.log(show(m));
}

const stale = entries.filter((e) => !existing.has(keyOf(e)));
if (stale.length > 0) {
  console.log(
    `\n${stale.length} listed mutant(s) no longer exist (the code changed; \`--update\` drops them):`,
  );
  for (const e of stale) console.log(`  ${e.file} ${e.mutator}: ${e.original}  →  ${e.replacement}`);
}

console.log(failed ? '\nMutation check failed.' : '\nMutation check passed.');
process.exit(failed ? 1 : 0);
