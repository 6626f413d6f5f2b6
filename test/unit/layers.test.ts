import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const projectRoot = resolve(__dirname, '..', '..', '..');
const checker = join(projectRoot, 'scripts', 'check-layers.mjs');

function runCheck(dir: string) {
  return spawnSync(process.execPath, [checker, dir], { encoding: 'utf8' });
}

function withCore(files: Record<string, string>, body: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'layers-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the real src/core imports nothing from vscode', () => {
  const result = runCheck(join(projectRoot, 'src', 'core'));
  assert.equal(result.status, 0, result.stderr);
});

for (const [label, source] of [
  ['an ES import', "import * as vscode from 'vscode';\n"],
  ['a named import', 'import { window } from "vscode";\n'],
  ['a require', "const vscode = require('vscode');\n"],
  ['a dynamic import', "const v = await import('vscode');\n"],
] as const) {
  test(`the layer check rejects ${label} of vscode under src/core`, () => {
    withCore({ 'export/ok.ts': 'export const a = 1;\n', 'export/bad.ts': source }, (dir) => {
      const result = runCheck(dir);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /bad\.ts/);
      assert.doesNotMatch(result.stderr, /ok\.ts/);
    });
  });
}

test('the layer check does not mistake a module named like vscode-something for vscode', () => {
  withCore({ 'a.ts': "import x from 'vscode-uri';\n// mentions vscode in a comment\n" }, (dir) => {
    assert.equal(runCheck(dir).status, 0);
  });
});
