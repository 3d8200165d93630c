#!/usr/bin/env node
// The command. Built by `npm run build -w packages/audit` (and by prepack). In the repo, without
// a build: node --import tsx packages/audit/src/main.ts <url> …
import { main } from '../dist/index.js';

process.exitCode = await main(process.argv.slice(2));
