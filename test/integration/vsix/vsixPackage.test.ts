import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readZipEntries } from '../../support/readZipEntries';
import { packageVsix } from '../../support/vsix/packageVsix';
import { vsixProblems } from '../../support/vsix/vsixProblems';

const projectRoot = resolve(__dirname, '..', '..', '..', '..');
const built = ['dist/extension.js', 'dist/cli.js'].every((f) => existsSync(join(projectRoot, f)));
const skip = built ? false : 'needs dist/: run `npm run build` first';
const folder = mkdtempSync(join(tmpdir(), 'vsix-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('the .vsix holds no native module and no path that only works on Linux', { skip }, () => {
  const entries = readZipEntries(packageVsix(projectRoot, folder));
  const names = entries.map((e) => e.name);
  for (const expected of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/cli.js', 'extension/dist/webview/connectForm.js']) {
    assert.ok(names.includes(expected), `${expected} is in the package: ${names.join(', ')}`);
  }
  assert.ok(!names.some((n) => n.includes('node_modules/')), 'everything is bundled; no node_modules');
  // The project's own folders (and the temporary copy's) exist only on this machine.
  assert.deepEqual(vsixProblems(entries, [projectRoot, folder]), []);
});
