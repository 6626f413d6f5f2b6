#!/usr/bin/env node
// Both VS Code tiers in one command with one closing line for CI: setup, extension-host tests, UI tests.
// Each tier still runs (and prints its own summary) when an earlier one failed; the exit code is non-zero if
// any step failed. Usage: node test/vscode/runAll.mjs
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/vscode-tier/paths.mjs';

const SUMMARY = /^(\d+) passed, (\d+) failed$/;

/** Runs a node script, passing its output through while remembering its last summary line. */
function runStep(script) {
  return new Promise((resolveStep) => {
    const child = spawn(process.execPath, [join(projectRoot, script)], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let summary;
    let pending = '';
    child.stdout.on('data', (chunk) => {
      const text = pending + chunk.toString('utf8');
      const lines = text.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = SUMMARY.exec(line.trim());
        // Tier summaries are re-labelled so that only the combined line below stands alone.
        if (m) summary = { passed: Number(m[1]), failed: Number(m[2]) };
        process.stdout.write(m ? `${script}: ${line}\n` : `${line}\n`);
      }
    });
    child.on('close', (code, signal) => {
      if (pending) process.stdout.write(`${pending}\n`);
      resolveStep({ code: code ?? (signal ? 1 : 0), summary });
    });
  });
}

const started = Date.now();
const setup = await runStep('scripts/vscode-tier/setup.mjs');
let passed = 0;
let failed = 0;
if (setup.code !== 0) {
  failed = 1;
} else {
  for (const script of ['test/vscode/runExtensionTests.mjs', 'test/vscode/runUiTests.mjs']) {
    const step = await runStep(script);
    passed += step.summary?.passed ?? 0;
    // A tier that died without a summary, or whose exit code disagrees with it, counts as one failure.
    failed += step.summary?.failed ?? 0;
    if (step.code !== 0 && (step.summary?.failed ?? 0) === 0) failed += 1;
  }
}
console.log(`vscode tiers done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
