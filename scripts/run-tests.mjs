#!/usr/bin/env node
// Runs every test tier and ends with one closing line for CI: "total: N passed, N failed, N skipped".
//   node scripts/run-tests.mjs [unit] [golden] [integration] [vscode]     (default: all of them)
// The Node tiers run with Node's built-in test runner over the compiled tests in out/test; the VS Code tier
// (extension host + UI in code-server, installed on first use into .tools/) runs through test/vscode/runAll.mjs.
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';

const nodeTiers = ['unit', 'golden', 'integration'];
const requested = process.argv.length > 2 ? process.argv.slice(2) : [...nodeTiers, 'vscode'];
const unknown = requested.filter((t) => ![...nodeTiers, 'vscode'].includes(t));
if (unknown.length > 0) {
  console.error(`Unknown test tier: ${unknown.join(', ')}. Tiers: ${[...nodeTiers, 'vscode'].join(', ')}.`);
  process.exit(2);
}

const totals = { passed: 0, failed: 0, skipped: 0 };

/** Runs a command, passing its output through, and returns its exit code and the lines it printed. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = [];
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const parts = (pending + chunk.toString('utf8')).split('\n');
      pending = parts.pop() ?? '';
      lines.push(...parts);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), lines: pending ? [...lines, pending] : lines }));
  });
}

const nodeDirs = requested.filter((t) => nodeTiers.includes(t)).map((t) => `out/test/${t}`).filter(existsSync);
if (requested.some((t) => nodeTiers.includes(t))) {
  if (nodeDirs.length === 0) {
    console.error('No compiled tests found under out/test. Run `npm run compile` first.');
    process.exit(1);
  }
  const { code, lines } = await run(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=600000', ...nodeDirs]);
  const count = (name) => Number(lines.map((l) => new RegExp(`^[#ℹ] ${name} (\\d+)$`).exec(l.trim())).filter(Boolean).at(-1)?.[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped');
  if (code !== 0 && count('fail') + count('cancelled') === 0) totals.failed += 1;
}

if (requested.includes('vscode')) {
  const { code, lines } = await run(process.execPath, ['test/vscode/runAll.mjs']);
  const summary = lines.map((l) => /^(\d+) passed, (\d+) failed$/.exec(l.trim())).filter(Boolean).at(-1);
  totals.passed += Number(summary?.[1] ?? 0);
  totals.failed += Number(summary?.[2] ?? 0);
  if (code !== 0 && Number(summary?.[2] ?? 0) === 0) totals.failed += 1;
}

console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
