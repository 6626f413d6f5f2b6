#!/usr/bin/env node
// Runs the compiled test tiers with Node's built-in runner, so CI reads one summary.
// Usage: node scripts/run-tests.mjs [tier…]   (tiers: unit golden integration; default: all present)
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const all = ['unit', 'golden', 'integration'];
const tiers = (process.argv.length > 2 ? process.argv.slice(2) : all).map((t) => `out/test/${t}`).filter(existsSync);
if (tiers.length === 0) {
  console.error('No compiled tests found under out/test. Run `npm run compile` first.');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...tiers], { stdio: 'inherit' });
process.exit(result.status ?? 1);
