import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { BackupError } from '../../../src/core/errors';
import {
  buildBackupRequest,
  defaultBackupSettings,
  folderSegment,
  readBackupSettings,
  resolveBackupFolder,
  userOnlyValue,
  type BackupSettings,
} from '../../../src/vscode/model/backupSettings';
import type { CloudEnvironment } from '../../../src/vscode/model/cloudEnvironment';
import { englishL10n } from '../../../src/vscode/model/l10n';

const home = resolve('/home/ada');
const env: CloudEnvironment = {
  id: 'e1',
  project: 'Shop: Web',
  environment: 'Live',
  server: 'tcp:shop.database.windows.net,1433',
  database: 'shop-live',
  login: 'live-login',
  options: { encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 45 },
};

test('settings of the wrong type fall back to the defaults', () => {
  const raw: Record<string, unknown> = {
    backupsFolder: 42,
    fileNamePattern: '',
    keepLast: -1,
    compression: 'ultra',
    excludeTableData: ['dbo.umbracoLog', 7, ' ', ' dbo.umbracoAudit* '],
    consistency: 'serializable',
    parallelism: 1.5,
    connectionTimeoutSeconds: 9999,
    verifyAfterBackup: 'yes',
    rowReader: 'fast',
    backUpAllConcurrency: 0,
    scheduledBackups: 'no',
    restoreIncludeUsers: 'yes',
  };
  const s = readBackupSettings((key) => raw[key]);
  assert.deepEqual(s, { ...defaultBackupSettings, excludeTableData: ['dbo.umbracoLog', 'dbo.umbracoAudit*'] });
});

test('valid settings are taken as they are', () => {
  const raw: BackupSettings = {
    backupsFolder: '/data/backups',
    fileNamePattern: '{database}.bacpac',
    keepLast: 5,
    compression: 'max',
    excludeTableData: [],
    consistency: 'parallel',
    parallelism: 8,
    connectionTimeoutSeconds: 60,
    verifyAfterBackup: false,
    rowReader: 'driver',
    backUpAllConcurrency: 3,
    scheduledBackups: false,
    restoreIncludeUsers: true,
  };
  assert.deepEqual(readBackupSettings((key) => raw[key]), raw);
});

test('the default folder is per project and environment under the home folder', () => {
  assert.equal(
    resolveBackupFolder(defaultBackupSettings.backupsFolder, env, { home }, englishL10n),
    join(home, 'CloudDatabaseBackups', 'Shop_ Web', 'Live'),
  );
});

test('~, ${userHome}, ${workspaceFolder} and {database} expand; relative paths start at home', () => {
  const ws = resolve('/work/site');
  assert.equal(resolveBackupFolder('${workspaceFolder}/backups/{database}', env, { home, workspaceFolder: ws }, englishL10n), join(ws, 'backups', 'shop-live'));
  assert.equal(resolveBackupFolder('${userHome}/b', env, { home }, englishL10n), join(home, 'b'));
  assert.equal(resolveBackupFolder('~', env, { home }, englishL10n), home);
  assert.equal(resolveBackupFolder('backups/{environment}', env, { home }, englishL10n), join(home, 'backups', 'Live'));
});

test('${workspaceFolder} without an open folder is an invalid-settings error', () => {
  assert.throws(
    () => resolveBackupFolder('${workspaceFolder}/backups', env, { home }, englishL10n),
    (e: unknown) => e instanceof BackupError && e.kind === 'invalid' && /no folder is open/.test(e.message),
  );
});

test('names become safe folder names', () => {
  assert.equal(folderSegment('a/b\\c:d*e?f"g<h>i|j'), 'a_b_c_d_e_f_g_h_i_j');
  assert.equal(folderSegment('..'), '_');
  assert.equal(folderSegment('Live. '), 'Live');
  assert.equal(folderSegment(''), '_');
});

test('settings + environment + password → BackupRequest', () => {
  const settings: BackupSettings = {
    ...defaultBackupSettings,
    keepLast: 7,
    compression: 'fast',
    excludeTableData: ['dbo.umbracoLog'],
    consistency: 'parallel',
    parallelism: 6,
    verifyAfterBackup: false,
    rowReader: 'driver',
    backUpAllConcurrency: 3,
    scheduledBackups: false,
  };
  const request = buildBackupRequest(settings, env, 'pw', { home }, englishL10n);
  assert.deepEqual(request, {
    connection: {
      server: 'tcp:shop.database.windows.net,1433',
      database: 'shop-live',
      user: 'live-login',
      password: 'pw',
      encrypt: true,
      trustServerCertificate: false,
      connectTimeoutSeconds: 45,
      commandTimeoutSeconds: 0,
    },
    outputFolder: join(home, 'CloudDatabaseBackups', 'Shop_ Web', 'Live'),
    fileNamePattern: '{database}-{yyyy}-{MM}-{dd}-{HH}.{mm}.{ss}.bacpac',
    excludeData: ['dbo.umbracoLog'],
    compression: 'fast',
    consistency: 'parallel',
    parallelism: 6,
    retain: 7,
    verify: false,
    rowReader: 'driver',
  });
  assert.notEqual(request.excludeData, settings.excludeTableData, 'the request gets its own copy');
});

test('keepLast with a file name pattern retention cannot use is a settings error naming both settings, before connecting', () => {
  const settings = { ...defaultBackupSettings, keepLast: 3, fileNamePattern: '{yyyy}-{MM}-{dd}-{HH}.{mm}.{ss}.bacpac' };
  assert.throws(
    () => buildBackupRequest(settings, env, 'pw', { home }, englishL10n),
    (e: unknown) =>
      e instanceof BackupError && e.kind === 'invalid' && /cloudDatabaseBackup\.fileNamePattern/.test(e.message) && /cloudDatabaseBackup\.keepLast/.test(e.message) && /\{database\}/.test(e.message),
  );
  assert.equal(buildBackupRequest({ ...settings, keepLast: 0 }, env, 'pw', { home }, englishL10n).retain, 0, 'without retention the pattern is fine');
});

test('in a folder not trusted, a setting is the user value or the default, never the folder value', () => {
  assert.equal(userOnlyValue({ defaultValue: 0, globalValue: 5, workspaceValue: 1 }), 5);
  assert.equal(userOnlyValue({ defaultValue: 0, workspaceValue: 1, workspaceFolderValue: 1 }), 0);
  assert.deepEqual(userOnlyValue({ defaultValue: [], workspaceValue: ['*'] }), []);
  assert.equal(userOnlyValue(undefined), undefined);
});
