/**
 * Entry point for running the CLI from source (`node --import tsx src/main.ts …`); the published
 * bin (bin/sesame-session-audit.js) runs the built `main` the same way.
 *
 * @module
 */
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
