import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { backupContextValues, buildBackupFolderNode, isBackupFileName, type BackupFileInfo } from '../../../src/vscode/model/backupsTree';
import type { CloudEnvironment } from '../../../src/vscode/model/cloudEnvironment';
import { englishL10n } from '../../../src/vscode/model/l10n';
import type { VerificationRecord } from '../../../src/vscode/model/verificationCache';

const env: CloudEnvironment = {
  id: 'e1',
  project: 'Shop',
  environment: 'Live',
  server: 's',
  database: 'shop',
  login: 'l',
  options: { encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 30 },
};
const folder = join('/backups', 'Shop', 'Live');
const file = (name: string, mtimeMs: number, size = 1024): BackupFileInfo => ({ path: join(folder, name), size, mtimeMs });

test('finished .bacpac files only', () => {
  assert.equal(isBackupFileName('shop-2026-11-26-04.00.00.bacpac'), true);
  assert.equal(isBackupFileName('SHOP.BACPAC'), true);
  assert.equal(isBackupFileName('shop.tmp.bacpac'), false);
  assert.equal(isBackupFileName('.shop.bacpac'), false);
  assert.equal(isBackupFileName('shop.bacpac.zip'), false);
  assert.equal(isBackupFileName('notes.txt'), false);
});

test('files newest first, with date, size and verification state', () => {
  const older = file('a.bacpac', 1_000, 2048);
  const newer = file('b.bacpac', 2_000, 3 * 1024 * 1024);
  const failed = file('c.bacpac', 1_500);
  const records = new Map<string, VerificationRecord>([
    [newer.path, { ok: true, errors: 0, warnings: 1, checkedAt: 3_000 }],
    [failed.path, { ok: false, errors: 2, warnings: 0, checkedAt: 3_000 }],
  ]);
  const node = buildBackupFolderNode(env, folder, { files: [older, newer, failed] }, (f) => records.get(f.path), englishL10n);
  assert.equal(node.label, 'Shop / Live');
  assert.equal(node.contextValue, backupContextValues.folder);
  assert.equal(node.environmentId, 'e1');
  assert.equal(node.description, '3 backups, 3.00 MB');
  const files = node.children.map((c) => (c.kind === 'file' ? c : assert.fail('expected files')));
  assert.deepEqual(files.map((f) => f.label), ['b.bacpac', 'c.bacpac', 'a.bacpac']);
  assert.deepEqual(files.map((f) => f.verification), ['verified', 'failed', 'unverified']);
  assert.deepEqual(files.map((f) => f.icon.id), ['pass', 'error', 'package']);
  assert.match(files[0].description, /3\.00 MB · verified$/);
  assert.match(files[2].description, /2\.00 KB · not verified$/);
  assert.match(files[1].tooltip, /2 errors, 0 warnings/);
  assert.ok(files.every((f) => f.contextValue === backupContextValues.file));
});

test('an empty or unreadable folder shows one message node', () => {
  const empty = buildBackupFolderNode(env, folder, { files: [] }, () => undefined, englishL10n);
  assert.equal(empty.children.length, 1);
  assert.equal(empty.children[0].kind, 'message');
  assert.equal(empty.children[0].label, 'No backups yet');
  assert.equal(empty.description, '');
  const broken = buildBackupFolderNode(env, folder, { error: 'EACCES: permission denied' }, () => undefined, englishL10n);
  assert.equal(broken.children[0].label, 'EACCES: permission denied');
  assert.equal(broken.children[0].contextValue, backupContextValues.message);
});
