#!/usr/bin/env node
// Built entry point (npm run build -w packages/audit). In the repo, without a build:
//   node --import tsx packages/audit/src/main.ts <url> …
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
