import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectFormFields } from '../../../src/shared/connectFormProtocol';
import { parseServerName, validateConnectForm, validateField } from '../../../src/shared/connectFormValidation';

const valid: ConnectFormFields = {
  project: 'Shop',
  environment: 'Live',
  server: 'tcp:shop.database.windows.net,1433',
  login: 'shop-live',
  password: 'secret',
  rememberPassword: true,
  database: 'shop-live-db',
  encrypt: 'mandatory',
  trustServerCertificate: false,
  connectTimeoutSeconds: '30',
  schedule: 'off',
  scheduleTime: '03:00',
  scheduleHours: '24',
};
const add = { passwordRemembered: false };

test('a complete form has no issues', () => {
  assert.deepEqual(validateConnectForm(valid, add), []);
});

test('required fields, in focus order', () => {
  const empty = { ...valid, server: ' ', login: '', database: '', project: '', environment: '' };
  assert.deepEqual(
    validateConnectForm(empty, add).map((i) => `${i.field}:${i.code}`),
    ['server:required', 'login:required', 'database:required', 'project:required', 'environment:required'],
  );
});

test('the database is required: Umbraco Cloud logins are database-scoped', () => {
  assert.deepEqual(validateField('database', { ...valid, database: '' }, add), [{ field: 'database', code: 'required' }]);
});

test('server names the portal and SSMS use are accepted', () => {
  for (const server of [
    'tcp:shop.database.windows.net,1433',
    'shop.database.windows.net',
    'TCP:Shop.Database.Windows.Net',
    'localhost,14330',
    '127.0.0.1',
    'sql01\\SQLEXPRESS',
    'my_container',
  ]) {
    assert.deepEqual(validateField('server', { ...valid, server }, add), [], server);
  }
  assert.deepEqual(parseServerName('tcp:a.b.c,1433'), { host: 'a.b.c', port: 1433 });
  assert.deepEqual(parseServerName(' a.b '), { host: 'a.b' });
});

test('malformed server names and ports are rejected', () => {
  for (const server of ['https://x.database.windows.net', 'a b', 'x;database=y', 'x,', 'x,abc', '.x', 'x..y', 'x:1433', 'x,123456']) {
    assert.deepEqual(validateField('server', { ...valid, server }, add), [{ field: 'server', code: 'serverSyntax' }], server);
  }
  assert.deepEqual(validateField('server', { ...valid, server: 'x,0' }, add), [{ field: 'server', code: 'portRange' }]);
  assert.deepEqual(validateField('server', { ...valid, server: 'x,65536' }, add), [{ field: 'server', code: 'portRange' }]);
  assert.deepEqual(validateField('server', { ...valid, server: 'x,65535' }, add), []);
});

test('timeout must be a whole number of seconds between 1 and 600', () => {
  const code = (connectTimeoutSeconds: string) =>
    validateField('connectTimeoutSeconds', { ...valid, connectTimeoutSeconds }, add).map((i) => i.code);
  assert.deepEqual(code('1'), []);
  assert.deepEqual(code('600'), []);
  assert.deepEqual(code(' 45 '), []);
  assert.deepEqual(code('0'), ['timeoutRange']);
  assert.deepEqual(code('601'), ['timeoutRange']);
  assert.deepEqual(code('1.5'), ['timeoutNumber']);
  assert.deepEqual(code('-3'), ['timeoutNumber']);
  assert.deepEqual(code(''), ['timeoutNumber']);
  assert.deepEqual(code('abc'), ['timeoutNumber']);
});

test('names longer than SQL Server allows are rejected', () => {
  assert.deepEqual(validateField('database', { ...valid, database: 'd'.repeat(129) }, add), [{ field: 'database', code: 'tooLong' }]);
  assert.deepEqual(validateField('database', { ...valid, database: 'd'.repeat(128) }, add), []);
});

test('remembering needs a password unless one is remembered already', () => {
  const noPassword = { ...valid, password: '' };
  assert.deepEqual(validateField('password', noPassword, add), [{ field: 'password', code: 'passwordToRemember' }]);
  assert.deepEqual(validateField('password', noPassword, { passwordRemembered: true }), []);
  assert.deepEqual(validateField('password', { ...noPassword, rememberPassword: false }, add), []);
});

test('Encrypt is one of Mandatory, Optional and Strict; anything else is an issue, not a silent default', () => {
  for (const encrypt of ['mandatory', 'optional', 'strict']) {
    assert.deepEqual(validateConnectForm({ ...valid, encrypt }, add), [], encrypt);
  }
  for (const encrypt of ['true', 'Strict', '']) {
    assert.deepEqual(validateField('encrypt', { ...valid, encrypt }, add), [{ field: 'encrypt', code: 'encryptChoice' }], encrypt);
  }
  assert.deepEqual(
    validateConnectForm({ ...valid, encrypt: 'yes', connectTimeoutSeconds: 'x' }, add).map((i) => `${i.field}:${i.code}`),
    ['encrypt:encryptChoice', 'connectTimeoutSeconds:timeoutNumber'],
    'in focus order: Encrypt sits above the timeout',
  );
});
