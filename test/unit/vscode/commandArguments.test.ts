import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backupPathOf, environmentIdOf } from '../../../src/vscode/model/commandArguments';

test('environment commands accept environment and backup-folder nodes, ids, or nothing', () => {
  assert.equal(environmentIdOf({ kind: 'environment', environmentId: 'e1' }), 'e1');
  assert.equal(environmentIdOf({ kind: 'folder', environmentId: 'e2' }), 'e2');
  assert.equal(environmentIdOf('e3'), 'e3');
  assert.equal(environmentIdOf(undefined), undefined);
  assert.equal(environmentIdOf({ kind: 'project', environmentId: 'x' }), undefined);
  assert.equal(environmentIdOf({ kind: 'file', path: '/b/x.bacpac' }), undefined);
});

test('backup file commands accept file nodes, paths and file URIs', () => {
  assert.equal(backupPathOf({ kind: 'file', path: '/b/x.bacpac' }), '/b/x.bacpac');
  assert.equal(backupPathOf('/b/y.bacpac'), '/b/y.bacpac');
  assert.equal(backupPathOf({ scheme: 'file', fsPath: '/b/z.bacpac', path: '/b/z.bacpac' }), '/b/z.bacpac');
  assert.equal(backupPathOf({ scheme: 'untitled', fsPath: 'x' }), undefined);
  assert.equal(backupPathOf(undefined), undefined);
});
