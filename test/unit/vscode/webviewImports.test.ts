import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..', '..');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*import\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

test('the webview script imports only the shared protocol and rules, the elements and its stylesheet', () => {
  const allowed = (spec: string) =>
    spec === '../../shared/connectFormProtocol' ||
    spec === '../../shared/connectFormValidation' ||
    spec === './connectForm.css' ||
    spec.startsWith('@vscode-elements/elements/');
  const imports = importsOf(join(root, 'src', 'webview', 'connectForm', 'main.ts'));
  assert.ok(imports.length > 5);
  for (const spec of imports) assert.ok(allowed(spec), `the webview must not import ${spec}`);
});

test('src/shared imports nothing outside src/shared, so it runs in the browser and in Node', () => {
  const folder = join(root, 'src', 'shared');
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.ts'))) {
    for (const spec of importsOf(join(folder, name))) assert.match(spec, /^\.\/[\w]+$/, `${name} imports ${spec}`);
  }
});

test('the view-model files never import vscode, so they run under plain node --test', () => {
  const folder = join(root, 'src', 'vscode', 'model');
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.ts'))) {
    assert.ok(!importsOf(join(folder, name)).includes('vscode'), `${name} imports vscode`);
  }
});
