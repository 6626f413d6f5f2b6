import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..', '..');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*import\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

test('the webview scripts import only the shared protocols and rules, the form client, the elements and the stylesheet', () => {
  const allowed = (spec: string) =>
    /^\.\.\/\.\.\/shared\/(connectForm|localTargetForm)(Protocol|Validation)$/.test(spec) ||
    spec === '../shared/formClient' ||
    spec === './connectForm.css' ||
    spec === '../connectForm/connectForm.css' ||
    spec.startsWith('@vscode-elements/elements/');
  for (const script of [['connectForm', 'main.ts'], ['localTargetForm', 'main.ts'], ['shared', 'formClient.ts']]) {
    const imports = importsOf(join(root, 'src', 'webview', ...script));
    assert.ok(imports.length > 2, script.join('/'));
    for (const spec of imports) assert.ok(allowed(spec) || spec === '../../shared/formProtocol', `${script.join('/')} must not import ${spec}`);
  }
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
