/**
 * `npm run audit`: start the Sesame demo, register a user, and audit it with sesame-session-audit (extra
 * arguments are passed on, e.g. `npm run audit -- --json`). Exits with the audit's exit code.
 *
 * @module
 */
import { main } from '../src/cli.js';
import { demoExists, DEMO_SERVER, startDemo } from './demo-app.js';

if (!demoExists()) {
  process.stderr.write(`sesame-session-audit: ${DEMO_SERVER} does not exist in this checkout\n`);
  process.exit(2);
}
process.stderr.write('starting the demo (memory store, temporary data directory)…\n');
const demo = await startDemo();
try {
  process.exitCode = await main([
    demo.url,
    '--username',
    demo.username,
    `--password=${demo.password}`,
    '--logout-others-path',
    '/account/sessions/revoke-others',
    ...process.argv.slice(2),
  ]);
} finally {
  await demo.stop();
}
