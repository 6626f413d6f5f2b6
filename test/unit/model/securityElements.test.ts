import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findRelationship, propertyValue, type ModelElement } from '../../../src/core/model/modelDom';
import { parseModelXml } from '../../../src/core/model/modelXmlParser';
import { writeModelXml } from '../../../src/core/model/modelXmlWriter';
import { randomPassword } from '../../../src/core/model/securityElements';
import type { DatabaseModel } from '../../../src/core/model/types';
import { sampleModel } from './sampleModel';

// The security model and database options as model.xml holds them, in the shapes DacFx 170.5.96 wrote for the
// same CREATE USER / ROLE / GRANT statements (tools/dacfx-check/experiments/RESULTS.md, "Security model").

function secured(): DatabaseModel {
  const m = sampleModel();
  m.schemas = [{ name: 'sales', owner: 'salesAdmin' }];
  m.users = [
    { name: 'app', authentication: 'login', login: 'app' },
    { name: 'salesAdmin', authentication: 'login', login: 'sales-admin-login', defaultSchema: 'sales' },
    { name: 'reporter', authentication: 'password', defaultSchema: 'dbo' },
    { name: 'entra@example.com', authentication: 'external' },
    { name: 'batch', authentication: 'withoutLogin' },
  ];
  m.roles = [{ name: 'readers' }, { name: 'writers', owner: 'salesAdmin' }];
  m.roleMemberships = [{ role: 'writers', member: 'batch' }, { role: 'db_owner', member: 'app' }, { role: 'db_datareader', member: 'readers' }];
  m.permissions = [
    { action: 'grant', permission: 'Connect', grantee: 'app', on: { kind: 'database' } },
    { action: 'deny', permission: 'Delete', grantee: 'writers', on: { kind: 'object', object: { schema: 'sales', name: 'Order' } } },
    { action: 'grant', permission: 'Insert', grantee: 'writers', withGrantOption: true, grantor: 'salesAdmin', on: { kind: 'object', object: { schema: 'sales', name: 'Order' } } },
    { action: 'grant', permission: 'Select', grantee: 'readers', on: { kind: 'schema', schema: 'dbo' } },
    { action: 'grant', permission: 'Select', grantee: 'batch', on: { kind: 'object', object: { schema: 'sales', name: 'Order' } }, excludedColumns: ['Rate'] },
    { action: 'grant', permission: 'Select', grantee: 'reporter', on: { kind: 'object', object: { schema: 'sales', name: 'Order' }, column: 'Amount' } },
    { action: 'grant', permission: 'Impersonate', grantee: 'app', on: { kind: 'user', name: 'batch' } },
    { action: 'grant', permission: 'Alter', grantee: 'salesAdmin', on: { kind: 'role', name: 'readers' } },
  ];
  return m;
}

function elements(model: DatabaseModel): ModelElement[] {
  return parseModelXml(writeModelXml(model).xml).elements;
}

const named = (els: ModelElement[], type: string, name: string): ModelElement => {
  const el = els.find((e) => e.type === type && e.name === name);
  assert.ok(el, `${type} ${name}`);
  return el;
};

test('users: authentication, login, default schema and passwords as DacFx writes them', () => {
  const els = elements(secured());
  const app = named(els, 'SqlUser', '[app]');
  assert.equal(propertyValue(app, 'LoginIdentifierScript'), 'app');
  assert.equal(propertyValue(app, 'AuthenticationType'), '1');
  assert.equal(findRelationship(app, 'DefaultSchema'), undefined);
  // The login shares the user's name: it gets a Disambiguator, and the user's Login reference carries it.
  const login = named(els, 'SqlLogin', '[app]');
  assert.ok(login.disambiguator !== undefined && login.disambiguator > 1);
  assert.deepEqual(findRelationship(app, 'Login')?.entries[0].reference, { name: '[app]', disambiguator: login.disambiguator, externalSource: undefined });
  const admin = named(els, 'SqlUser', '[salesAdmin]');
  assert.equal(propertyValue(admin, 'LoginIdentifierScript'), '[sales-admin-login]', 'an irregular login name is bracket-quoted');
  assert.equal(named(els, 'SqlLogin', '[sales-admin-login]').disambiguator, undefined);
  assert.equal(findRelationship(admin, 'DefaultSchema')?.entries[0].reference?.name, '[sales]');
  const reporter = named(els, 'SqlUser', '[reporter]');
  assert.deepEqual(reporter.properties.map((p) => p.name), ['AuthenticationType', 'Password']);
  assert.equal(propertyValue(reporter, 'AuthenticationType'), '2');
  assert.deepEqual(named(els, 'SqlUser', '[entra@example.com]').properties, [{ name: 'AuthenticationType', value: '4' }]);
  assert.deepEqual(named(els, 'SqlUser', '[batch]').properties, [{ name: 'IsWithoutLogin', value: 'True' }]);
  // Passwords cannot be read from a database: each write makes new random ones.
  assert.notEqual(propertyValue(named(elements(secured()), 'SqlLogin', '[app]'), 'Password'), propertyValue(login, 'Password'));
});

test('random passwords are 48 characters with upper and lower case letters, digits and symbols', () => {
  for (let i = 0; i < 50; i++) {
    const p = randomPassword();
    assert.equal(p.length, 48);
    for (const re of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]) assert.match(p, re);
    assert.doesNotMatch(p, /['"[\]\\]/);
  }
});

test('roles, memberships and schema owners', () => {
  const els = elements(secured());
  assert.equal(findRelationship(named(els, 'SqlRole', '[readers]'), 'Authorizer')?.entries[0].reference?.externalSource, 'BuiltIns');
  assert.equal(findRelationship(named(els, 'SqlRole', '[writers]'), 'Authorizer')?.entries[0].reference?.name, '[salesAdmin]');
  assert.equal(findRelationship(named(els, 'SqlSchema', '[sales]'), 'Authorizer')?.entries[0].reference?.name, '[salesAdmin]');
  const memberships = els.filter((e) => e.type === 'SqlRoleMembership').map((e) => [
    findRelationship(e, 'Member')?.entries[0].reference?.name, findRelationship(e, 'Role')?.entries[0].reference?.name,
  ]);
  assert.deepEqual(memberships, [['[app]', '[db_owner]'], ['[batch]', '[writers]'], ['[readers]', '[db_datareader]']], 'by member, fixed roles as BuiltIns');
  // An owner the model does not hold (the catalog reader warned) falls back to dbo instead of a dangling reference.
  const m = secured();
  m.schemas = [{ name: 'sales', owner: 'gone' }];
  assert.equal(findRelationship(named(elements(m), 'SqlSchema', '[sales]'), 'Authorizer')?.entries[0].reference?.name, '[dbo]');
});

test('permission statements: names, DENY, WITH GRANT OPTION, grantor, column, excluded columns and securables', () => {
  const els = elements(secured());
  const connect = named(els, 'SqlPermissionStatement', '[Grant.Connect.Database].[app].[dbo]');
  assert.deepEqual(connect.properties, [{ name: 'Permission', value: '1035' }]);
  assert.deepEqual(findRelationship(connect, 'SecuredObject')?.entries[0].reference, { name: undefined, externalSource: undefined, disambiguator: 1 });
  const deny = named(els, 'SqlPermissionStatement', '[Deny.Delete.Object].[writers].[dbo].[sales].[Order]');
  assert.deepEqual(deny.properties, [{ name: 'PermissionAction', value: '1' }, { name: 'Permission', value: '4' }]);
  const insert = named(els, 'SqlPermissionStatement', '[Grant.Insert.Object].[writers].[salesAdmin].[sales].[Order]');
  assert.deepEqual(insert.properties, [{ name: 'IsWithGrantOption', value: 'True' }, { name: 'Permission', value: '1' }]);
  assert.deepEqual(insert.relationships.map((r) => r.name), ['Grantee', 'Grantor', 'SecuredObject']);
  assert.deepEqual(findRelationship(named(els, 'SqlPermissionStatement', '[Grant.Select.Schema].[readers].[dbo].[dbo]'), 'SecuredObject')?.entries[0].reference,
    { name: '[dbo]', externalSource: 'BuiltIns', disambiguator: undefined, type: 'SqlSchema' });
  const excluded = named(els, 'SqlPermissionStatement', '[Grant.Select.Object].[batch].[dbo].[sales].[Order]');
  assert.deepEqual(excluded.relationships.map((r) => r.name), ['ExcludedColumns', 'Grantee', 'SecuredObject']);
  assert.equal(findRelationship(excluded, 'ExcludedColumns')?.entries[0].reference?.name, '[sales].[Order].[Rate]');
  named(els, 'SqlPermissionStatement', '[Grant.Select.Object].[reporter].[dbo].[sales].[Order].[Amount]');
  named(els, 'SqlPermissionStatement', '[Grant.Impersonate.User].[app].[dbo].[batch]');
  named(els, 'SqlPermissionStatement', '[Grant.Alter.Role].[salesAdmin].[dbo].[readers]');
});

test('the security model round-trips through model.xml', () => {
  const m = secured();
  const parsed = parseModelXml(writeModelXml(m).xml);
  assert.deepEqual(parsed.danglingReferences, []);
  assert.deepEqual(parsed.skipped, []);
  // Passwords are random on every write; a default schema of dbo is not written, so it comes back absent.
  const comparable = (users: DatabaseModel['users']) => (users ?? [])
    .map(({ password: _p, defaultSchema, ...u }) => (defaultSchema && defaultSchema !== 'dbo' ? { ...u, defaultSchema } : u))
    .sort((a, b) => a.name.localeCompare(b.name));
  assert.deepEqual(comparable(parsed.model.users), comparable(m.users));
  assert.deepEqual(parsed.model.roles, m.roles);
  assert.equal(parsed.model.permissions?.length, m.permissions!.length);
  assert.deepEqual(parsed.model.schemas, [{ name: 'sales', owner: 'salesAdmin' }]);
});

test('database options: non-defaults in DacFx order; CompatibilityMode unless the DSP implies it; Query Store state always', () => {
  const m = sampleModel();
  m.options = { IsReadCommittedSnapshot: true, IsAnsiPaddingOn: false, IsAutoCreateStatisticsOn: true, QueryStoreDesiredState: 0, RecoveryMode: 1, TargetRecoveryTimePeriod: 60,
    ServiceBrokerOption: 1, Containment: 1, TwoDigitYearCutoff: 2049, IsNestedTriggersOn: false };
  m.compatibilityLevel = 150;
  const options = (model: DatabaseModel) => elements(model).find((e) => e.type === 'SqlDatabaseOptions')!.properties.map((p) => `${p.name}=${p.value}`);
  assert.deepEqual(options(m), ['Collation=SQL_Latin1_General_CP1_CI_AS', 'IsAnsiPaddingOn=False', 'RecoveryMode=1', 'CompatibilityMode=150',
    'ServiceBrokerOption=1', 'IsReadCommittedSnapshot=True', 'Containment=1', 'IsNestedTriggersOn=False', 'TargetRecoveryTimePeriod=60',
    'QueryStoreDesiredState=0']);
  m.compatibilityLevel = 160; // SQL Server 2022: Sql160, which implies 160
  assert.ok(!options(m).some((o) => o.startsWith('CompatibilityMode')));
  m.server = { ...m.server, isAzureSqlDatabase: true }; // Azure: DacFx's implied level changes between releases
  assert.ok(options(m).includes('CompatibilityMode=160'));
  const parsed = parseModelXml(writeModelXml(m).xml).model;
  assert.deepEqual(parsed.options, { IsAnsiPaddingOn: false, RecoveryMode: 1, ServiceBrokerOption: 1, IsReadCommittedSnapshot: true, Containment: 1,
    IsNestedTriggersOn: false, TargetRecoveryTimePeriod: 60, QueryStoreDesiredState: 0 });
  assert.equal(parsed.compatibilityLevel, 160);
});
