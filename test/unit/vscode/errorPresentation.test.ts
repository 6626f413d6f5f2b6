import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackupError, type BackupErrorKind } from '../../../src/core/errors';
import { describeError, presentBackupError, redactSecret } from '../../../src/vscode/model/errorPresentation';
import { englishL10n } from '../../../src/vscode/model/l10n';

const subject = { title: 'Shop / Live', project: 'Shop' };
const ids = (kind: BackupErrorKind, details: ConstructorParameters<typeof BackupError>[2] = {}) =>
  presentBackupError(new BackupError(kind, `core says ${kind}`, details), subject, englishL10n).actions.map((a) => a.id);

test('firewall (40615): names the IP, the project and the portal; offers Copy IP', () => {
  const shown = presentBackupError(
    new BackupError('firewall', "Client with IP address '203.0.113.7' is not allowed", { clientIp: '203.0.113.7', sqlErrorNumber: 40615 }),
    subject,
    englishL10n,
  );
  assert.equal(shown.severity, 'error');
  assert.equal(shown.clientIp, '203.0.113.7');
  assert.match(shown.message, /^The backup of Shop \/ Live failed\. /);
  assert.match(shown.message, /Add 203\.0\.113\.7 to the SQL firewall rules of project "Shop" in the Umbraco Cloud portal/);
  assert.match(shown.message, /5 minutes/);
  assert.deepEqual(shown.actions.map((a) => a.id), ['copyIp', 'retry', 'showLog']);
  assert.deepEqual(shown.actions.map((a) => a.title), ['Copy IP', 'Retry', 'Show Log']);
});

test('firewall without a known IP has no Copy IP', () => {
  assert.deepEqual(ids('firewall'), ['retry', 'showLog']);
});

test('each kind gets its specific action and always Show Log', () => {
  const expected: Record<Exclude<BackupErrorKind, 'cancelled' | 'firewall'>, string[]> = {
    login: ['editEnvironment', 'showLog'],
    database: ['editEnvironment', 'showLog'],
    network: ['retry', 'showLog'],
    timeout: ['retry', 'showLog'],
    transient: ['retry', 'showLog'],
    invalid: ['openSettings', 'showLog'],
    io: ['openSettings', 'showLog'],
    unsupported: ['showLog'],
    locked: ['retry', 'showLog'],
    source: ['showLog'],
    format: ['showLog'],
    internal: ['showLog'],
  };
  for (const [kind, actions] of Object.entries(expected)) assert.deepEqual(ids(kind as BackupErrorKind), actions, kind);
});

test('login and database errors explain what to check; others keep the core message and hint', () => {
  assert.match(describeError(new BackupError('login', 'Login failed for user x'), subject, englishL10n), /login or password was not accepted/);
  assert.match(describeError(new BackupError('database', 'Cannot open database'), subject, englishL10n), /Connect to database/);
  assert.equal(
    describeError(new BackupError('io', 'EACCES: /backups', { hint: 'Choose another folder.' }), subject, englishL10n),
    'EACCES: /backups Choose another folder.',
  );
});

test('cancellation is information, not an error, and offers nothing', () => {
  const shown = presentBackupError(new BackupError('cancelled', 'aborted'), subject, englishL10n);
  assert.equal(shown.severity, 'info');
  assert.equal(shown.message, 'The backup of Shop / Live was cancelled.');
  assert.deepEqual(shown.actions, []);
});

test('anything that is not a BackupError is shown as an internal error with its message', () => {
  const shown = presentBackupError(new TypeError('x is undefined'), subject, englishL10n);
  assert.equal(shown.kind, 'internal');
  assert.match(shown.message, /x is undefined/);
  assert.equal(presentBackupError('plain string', subject, englishL10n).kind, 'internal');
});

test('unsupported objects are a warning', () => {
  assert.equal(presentBackupError(new BackupError('unsupported', 'x'), subject, englishL10n).severity, 'warning');
});

test('redactSecret removes every occurrence of the password', () => {
  assert.equal(redactSecret('pw=hunter2; again hunter2', 'hunter2'), 'pw=••••; again ••••');
  assert.equal(redactSecret('nothing', undefined), 'nothing');
  assert.equal(redactSecret('nothing', ''), 'nothing');
});
