#!/usr/bin/env node
// The `raceless` command: runs the built CLI (dist/ is built by `npm ci` through `prepare`).
import { main } from '../dist/lab/cli.js';

process.exitCode = await main(process.argv.slice(2));
