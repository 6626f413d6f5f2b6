#!/usr/bin/env node
// Fails when any file under the given folder (default src/core) imports the `vscode` module.
// The core must stay plain Node so the CLI, the tests and the benchmark can run it without an editor.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? 'src/core';
const importsVscode = /(?:\bfrom\s*['"]vscode['"])|(?:\brequire\(\s*['"]vscode['"]\s*\))|(?:\bimport\s*\(\s*['"]vscode['"]\s*\))|(?:^\s*import\s*['"]vscode['"])/m;

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(c|m)?[jt]sx?$/.test(name)) yield path;
  }
}

const offenders = [...sourceFiles(root)].filter((f) => importsVscode.test(readFileSync(f, 'utf8')));
if (offenders.length > 0) {
  console.error(`Layer violation: ${root} must not import 'vscode', but these files do:`);
  for (const f of offenders) console.error(`  ${relative(process.cwd(), f)}`);
  console.error('Move editor-specific code to src/vscode and pass what the core needs as plain values.');
  process.exit(1);
}
console.log(`Layer check passed: nothing under ${root} imports 'vscode'.`);
