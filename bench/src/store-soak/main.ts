/**
 * `npm run soak -w bench [-- --soak-duration=10m --stores=memory,sqlite,redis,postgres --out=FILE]`:
 * the store soak alone (run.ts), written into bench/RESULTS.md unless `--out` says otherwise.
 *
 * @module
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runStoreSoak, STORES } from './run.js';
import { parseSoakDuration } from './verdict.js';

const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: { 'soak-duration': { type: 'string' }, stores: { type: 'string' }, out: { type: 'string' } },
});
await runStoreSoak(
  parseSoakDuration(values['soak-duration'] ?? '10m'),
  (values.stores ?? STORES.join(',')).split(',').map((s) => s.trim()),
  values.out ?? join(BENCH_DIR, 'RESULTS.md'),
);
