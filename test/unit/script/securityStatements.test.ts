import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchemaScript, databaseOptionStatements, renderSchemaScript } from '../../../src/core/script';
import { createdPrincipal, permissionSql, permissionStatements } from '../../../src/core/script/securityStatements';
import type { DatabaseModel } from '../../../src/core/model/types';
import { richSchemaModel } from '../../support/databases/richSchema';
import { addUmbracoSecurity } from '../../support/databases/umbraco/security';

// The script text for principals and options. The DacFx oracle (test/integration/dacfx/schemaScript.test.ts,
// --include-principals) proves DacFx reads the same security model back; these pin the text, the stages and what
// a skipped user takes with it.

function securedModel(): DatabaseModel {
  const model = richSchemaModel();
  addUmbracoSecurity(model);
  return model;
}

const fixedPassword = () => 'Fixed-Pa55word!';

test('by default no principal is scripted and a schema owned by a role is created for dbo', () => {
  const script = buildSchemaScript(securedModel());
  assert.deepEqual(script.principals, []);
  assert.deepEqual(script.permissions, []);
  assert.deepEqual(script.generatedPasswords, []);
  assert.ok(script.beforeData.some((b) => b.sql === 'CREATE SCHEMA [reporting];'));
  assert.doesNotMatch(renderSchemaScript(script), /CREATE USER|CREATE ROLE|GRANT |DENY /);
});

test('with principals: users of every kind and roles first, their owners before them; memberships and permissions last', () => {
  const script = buildSchemaScript(securedModel(), { includePrincipals: true, password: fixedPassword });
  assert.deepEqual(script.principals.map((b) => b.sql), [
    'CREATE USER [umbraco-cloud-live] FOR LOGIN [umbraco-cloud-live];',
    "CREATE USER [umbraco-reporting] WITH PASSWORD = N'Fixed-Pa55word!', DEFAULT_SCHEMA = [reporting];",
    'CREATE USER [ops@example.com] FROM EXTERNAL PROVIDER;',
    'CREATE USER [etl] WITHOUT LOGIN WITH DEFAULT_SCHEMA = [reporting];',
    'CREATE ROLE [umbracoReaders];',
    'CREATE ROLE [umbracoEditors] AUTHORIZATION [umbraco-cloud-live];',
  ]);
  assert.deepEqual(script.generatedPasswords, ['umbraco-reporting']);
  assert.ok(script.beforeData.some((b) => b.sql === 'CREATE SCHEMA [reporting] AUTHORIZATION [umbracoReaders];'));
  const permissions = script.permissions.map((b) => b.sql);
  assert.deepEqual(permissions.slice(0, 4), [
    'ALTER ROLE [db_owner] ADD MEMBER [umbraco-cloud-live];',
    'ALTER ROLE [umbracoReaders] ADD MEMBER [umbraco-reporting];',
    'ALTER ROLE [db_datareader] ADD MEMBER [umbracoReaders];',
    'ALTER ROLE [umbracoEditors] ADD MEMBER [etl];',
  ]);
  for (const sql of [
    'GRANT CONNECT TO [umbraco-cloud-live];',
    'GRANT VIEW ANY COLUMN ENCRYPTION KEY DEFINITION TO [public];',
    'GRANT EXECUTE TO [umbracoEditors] AS [umbraco-cloud-live];',
    'GRANT SELECT ON SCHEMA::[reporting] TO [umbraco-reporting];',
    'DENY DELETE ON OBJECT::[dbo].[umbracoLog] TO [umbracoEditors];',
    'GRANT UPDATE ON OBJECT::[dbo].[umbracoNode] TO [umbracoEditors] WITH GRANT OPTION;',
    'GRANT SELECT ON OBJECT::[dbo].[umbracoUser] ([userName]) TO [umbraco-reporting];',
    'GRANT IMPERSONATE ON USER::[etl] TO [umbraco-cloud-live];',
    'GRANT ALTER ON ROLE::[umbracoReaders] TO [umbracoEditors];',
  ]) assert.ok(permissions.includes(sql), `${sql} missing from\n${permissions.join('\n')}`);
  assert.ok(permissions.indexOf('GRANT SELECT ON OBJECT::[dbo].[umbracoUser] TO [etl];') + 1 === permissions.indexOf('REVOKE SELECT ON OBJECT::[dbo].[umbracoUser] ([userPassword]) FROM [etl];'));
  const text = renderSchemaScript(script);
  assert.ok(text.indexOf('CREATE ROLE [umbracoReaders];') < text.indexOf('CREATE SCHEMA [reporting]'));
  assert.ok(text.lastIndexOf('CREATE TABLE') < text.indexOf('ALTER ROLE [db_owner]'));
});

test('a skipped user takes its memberships, permissions, role ownership and schema ownership with it', () => {
  const model = securedModel();
  model.schemas.push({ name: 'ops', owner: 'umbraco-cloud-live' });
  const script = buildSchemaScript(model, { includePrincipals: true, skipUsers: new Set(['UMBRACO-CLOUD-LIVE']), password: fixedPassword });
  const all = [...script.principals, ...script.permissions].map((b) => b.sql).join('\n');
  assert.doesNotMatch(all, /umbraco-cloud-live/);
  assert.ok(script.principals.some((b) => b.sql === 'CREATE ROLE [umbracoEditors];'));
  assert.ok(script.beforeData.some((b) => b.sql === 'CREATE SCHEMA [ops];'));
});

test('a role owned by another role comes after it', () => {
  const model = securedModel();
  model.roles = [{ name: 'a', owner: 'b' }, { name: 'b' }];
  const script = buildSchemaScript(model, { includePrincipals: true, password: fixedPassword });
  assert.deepEqual(script.principals.filter((b) => b.sql.startsWith('CREATE ROLE')).map((b) => b.sql), ['CREATE ROLE [b];', 'CREATE ROLE [a] AUTHORIZATION [b];']);
});

test('permission names and securables', () => {
  assert.equal(permissionSql('ViewAnyColumnMasterKeyDefinition'), 'VIEW ANY COLUMN MASTER KEY DEFINITION');
  assert.equal(permissionSql('AlterAnyDatabaseDdlTrigger'), 'ALTER ANY DATABASE DDL TRIGGER');
  assert.equal(permissionSql('Showplan'), 'SHOWPLAN');
  assert.deepEqual(permissionStatements({ action: 'grant', permission: 'Execute', grantee: 'r]x', on: { kind: 'type', object: { schema: 'dbo', name: 'Ids' } } }), ['GRANT EXECUTE ON TYPE::[dbo].[Ids] TO [r]]x];']);
  assert.deepEqual(permissionStatements({ action: 'deny', permission: 'Select', grantee: 'u', grantor: 'dbo', on: { kind: 'object', object: { schema: 's', name: 't' }, column: 'c' } }), ['DENY SELECT ON OBJECT::[s].[t] ([c]) TO [u];']);
});

test('database options: one ALTER DATABASE per option that differs from the default; what cannot be set says why', () => {
  const model = securedModel();
  model.compatibilityLevel = 160;
  const statements = databaseOptionStatements(model);
  const sql = statements.filter((s) => s.sql).map((s) => s.sql);
  assert.deepEqual(sql, [
    'ALTER DATABASE CURRENT SET COMPATIBILITY_LEVEL = 160;',
    'ALTER DATABASE CURRENT SET ANSI_PADDING OFF;',
    'ALTER DATABASE CURRENT SET QUOTED_IDENTIFIER OFF;',
    'ALTER DATABASE CURRENT SET CURSOR_DEFAULT GLOBAL;',
    'ALTER DATABASE CURRENT SET TORN_PAGE_DETECTION OFF;',
    'ALTER DATABASE CURRENT SET ENABLE_BROKER;',
    'ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;',
    'ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON;',
    'ALTER DATABASE CURRENT SET TARGET_RECOVERY_TIME = 60 SECONDS;',
    'ALTER DATABASE CURRENT SET QUERY_STORE = ON (OPERATION_MODE = READ_WRITE, QUERY_CAPTURE_MODE = AUTO, MAX_STORAGE_SIZE_MB = 1000);',
  ]);
  assert.deepEqual(statements.filter((s) => !s.sql).map((s) => s.option), ['IsFullTextEnabled', 'IsEncryptionOn']);
  model.options = { QueryStoreDesiredState: 0, RecoveryMode: 1, IsNestedTriggersOn: false, Containment: 1 };
  model.compatibilityLevel = undefined;
  assert.deepEqual(databaseOptionStatements(model).map((s) => s.sql), [
    'ALTER DATABASE CURRENT SET RECOVERY SIMPLE;',
    'ALTER DATABASE CURRENT SET CONTAINMENT = PARTIAL;',
    'ALTER DATABASE CURRENT SET NESTED_TRIGGERS = OFF;',
    'ALTER DATABASE CURRENT SET QUERY_STORE = OFF;',
  ]);
  assert.deepEqual(databaseOptionStatements({ ...model, options: undefined }), []);
});

test('the principal a CREATE USER or CREATE ROLE statement creates', () => {
  assert.equal(createdPrincipal("CREATE USER [a]]b] WITH PASSWORD = N'x';"), 'a]b');
  assert.equal(createdPrincipal('CREATE ROLE [r] AUTHORIZATION [u];'), 'r');
  assert.equal(createdPrincipal('GRANT CONNECT TO [u];'), undefined);
});
