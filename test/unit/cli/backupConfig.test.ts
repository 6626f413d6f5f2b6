// The --config file: the shipped schema uses only what the checker applies, every key of the schema reaches the
// request, and the checker's messages name the path of each problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupConfigSchema, configuredBackups } from '../../../src/cli/config/backupConfig';
import { checkAgainstSchema, unsupportedKeywords, type SchemaNode } from '../../../src/cli/config/jsonSchemaCheck';

const root = resolve(__dirname, '..', '..', '..', '..');

test('the shipped schema is the one the checker reads, and uses no keyword the checker would ignore', () => {
  const shipped = JSON.parse(readFileSync(join(root, 'schemas', 'backups.schema.json'), 'utf8'));
  assert.deepEqual(backupConfigSchema, shipped);
  assert.deepEqual(unsupportedKeywords(shipped), []);
  assert.deepEqual(unsupportedKeywords({ type: 'object', properties: { a: { type: 'string', format: 'email' } }, oneOf: [] }), ['.a: format', '(root): oneOf']);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: ['backups.json', '*.backups.json'], url: './schemas/backups.schema.json' }]);
});

test('every key of the schema reaches the backup request', () => {
  const entry = {
    name: 'Shop / Live',
    server: 'tcp:s.database.windows.net,1433',
    database: 'shop',
    user: 'u',
    passwordEnv: 'PW',
    out: 'b',
    fileNamePattern: '{database}-{yyyy}{MM}{dd}.bacpac',
    retain: 3,
    excludeData: ['dbo.umbracoLog'],
    compression: 'max',
    parallel: 4,
    verify: false,
    rowReader: 'driver',
    encrypt: false,
    trustServerCertificate: true,
    connectTimeout: 12,
    waitForLock: 5,
  };
  const items = (backupConfigSchema.properties!.databases.items as SchemaNode).properties!;
  assert.deepEqual(Object.keys(entry).sort(), Object.keys(items).sort(), 'the test sets every key of the schema');
  const [backup] = configuredBackups({ databases: [entry] }, '/etc/cdb/backups.json', { PW: 'secret' });
  assert.equal(backup.label, 'Shop / Live');
  assert.equal(backup.waitForLockMs, 5000);
  assert.deepEqual(backup.request, {
    connection: { server: 'tcp:s.database.windows.net,1433', database: 'shop', user: 'u', password: 'secret', encrypt: false, trustServerCertificate: true, connectTimeoutSeconds: 12, commandTimeoutSeconds: 0 },
    outputFolder: resolve('/etc/cdb/b'),
    fileNamePattern: '{database}-{yyyy}{MM}{dd}.bacpac',
    excludeData: ['dbo.umbracoLog'],
    compression: 'max',
    consistency: 'parallel',
    parallelism: 4,
    retain: 3,
    verify: false,
    rowReader: 'driver',
  });
});

test('every problem is reported with its path, in one message', () => {
  const issues = checkAgainstSchema({ databases: [{ server: '', database: 'd', user: 'u', passwordEnv: 'not a name', out: 'o', compression: 'ultra', parallel: 0, extra: 1 }], more: true }, backupConfigSchema);
  assert.deepEqual(issues.map((i) => `${i.path} ${i.message}`), [
    'databases[0].server must not be empty',
    'databases[0].passwordEnv is not a valid value ("not a name")',
    'databases[0].compression must be one of "none", "fast", "normal", "max", not "ultra"',
    'databases[0].parallel must be at least 1',
    'databases[0].extra is not a known key',
    'more is not a known key',
  ]);
  assert.throws(() => configuredBackups([], '/x/backups.json', {}), /\/x\/backups\.json: \(the file\) must be an object, not array\./);
});

test('two entries with the same folder but a file name pattern without {database} collide too', () => {
  const base = { server: 's', user: 'u', passwordEnv: 'PW', out: 'b', fileNamePattern: 'backup.bacpac' };
  assert.throws(() => configuredBackups({ databases: [{ ...base, database: 'a' }, { ...base, database: 'b' }] }, '/x/c.json', { PW: 'p' }), /databases\[1\] writes to the same target as databases\[0\]/);
  assert.equal(configuredBackups({ databases: [{ ...base, database: 'a', fileNamePattern: '{database}.bacpac' }, { ...base, database: 'b', fileNamePattern: '{database}.bacpac' }] }, '/x/c.json', { PW: 'p' }).length, 2);
});

test('retain with a file name pattern that has no {database} or date is refused before anything connects, like --retain', () => {
  const entry = { server: 's', database: 'a', user: 'u', passwordEnv: 'PW', out: 'b', retain: 3 };
  assert.throws(
    () => configuredBackups({ databases: [{ ...entry, fileNamePattern: 'nightly-{yyyy}-{MM}-{dd}.bacpac' }] }, '/x/c.json', { PW: 'p' }),
    /\/x\/c\.json: databases\[0\]\.retain cannot be used with its fileNamePattern: .*has no \{database\}/,
  );
  assert.equal(configuredBackups({ databases: [entry] }, '/x/c.json', { PW: 'p' }).length, 1, 'the default pattern is fine');
});
