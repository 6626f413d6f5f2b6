/**
 * The demo site's security model and database options, as an Umbraco Cloud database has them (cf. the DemoStore
 * package DacFx exported: the user its login maps to, in db_owner, GRANT CONNECT, the two default grants to public)
 * plus what the backup must also carry: a contained user, an Entra user, a user without login, two roles (one owned
 * by a user), a schema owned by a role, memberships of fixed and user roles, grants and denies on the database,
 * schemas, tables, a column, a user and a role, WITH GRANT OPTION, a grantor other than dbo, a column left out of a
 * table-level grant, and Azure's non-default options (snapshot isolation, read-committed snapshot, Query Store…).
 */
import type { DatabaseModel } from '../../../../src/core/model/types';

export function addUmbracoSecurity(model: DatabaseModel): void {
  const dbo = (name: string) => ({ schema: 'dbo', name });
  model.schemas.push({ name: 'reporting', owner: 'umbracoReaders' });
  // Azure SQL Database does not tell a database which login a user maps to: the backup names it after the user.
  model.users = [
    { name: 'umbraco-cloud-live', authentication: 'login', login: 'umbraco-cloud-live' },
    { name: 'umbraco-reporting', authentication: 'password', defaultSchema: 'reporting' },
    { name: 'ops@example.com', authentication: 'external' },
    { name: 'etl', authentication: 'withoutLogin', defaultSchema: 'reporting' },
  ];
  model.roles = [
    { name: 'umbracoReaders' },
    { name: 'umbracoEditors', owner: 'umbraco-cloud-live' },
  ];
  model.roleMemberships = [
    { role: 'db_owner', member: 'umbraco-cloud-live' },
    { role: 'umbracoReaders', member: 'umbraco-reporting' },
    { role: 'db_datareader', member: 'umbracoReaders' },
    { role: 'umbracoEditors', member: 'etl' },
  ];
  model.permissions = [
    { action: 'grant', permission: 'Connect', grantee: 'umbraco-cloud-live', on: { kind: 'database' } },
    { action: 'grant', permission: 'Connect', grantee: 'umbraco-reporting', on: { kind: 'database' } },
    { action: 'grant', permission: 'Connect', grantee: 'ops@example.com', on: { kind: 'database' } },
    { action: 'grant', permission: 'ViewAnyColumnEncryptionKeyDefinition', grantee: 'public', on: { kind: 'database' } },
    { action: 'grant', permission: 'ViewAnyColumnMasterKeyDefinition', grantee: 'public', on: { kind: 'database' } },
    { action: 'grant', permission: 'ViewDefinition', grantee: 'umbracoReaders', on: { kind: 'database' } },
    { action: 'grant', permission: 'Execute', grantee: 'umbracoEditors', grantor: 'umbraco-cloud-live', on: { kind: 'database' } },
    { action: 'grant', permission: 'Select', grantee: 'umbracoReaders', on: { kind: 'schema', schema: 'dbo' } },
    { action: 'grant', permission: 'Select', grantee: 'umbraco-reporting', on: { kind: 'schema', schema: 'reporting' } },
    { action: 'deny', permission: 'Delete', grantee: 'umbracoEditors', on: { kind: 'object', object: dbo('umbracoLog') } },
    { action: 'grant', permission: 'Insert', grantee: 'umbracoEditors', withGrantOption: true, on: { kind: 'object', object: dbo('umbracoNode') } },
    { action: 'grant', permission: 'Update', grantee: 'umbracoEditors', withGrantOption: true, on: { kind: 'object', object: dbo('umbracoNode') } },
    { action: 'grant', permission: 'Select', grantee: 'etl', on: { kind: 'object', object: dbo('umbracoUser') }, excludedColumns: ['userPassword'] },
    { action: 'grant', permission: 'Select', grantee: 'umbraco-reporting', on: { kind: 'object', object: dbo('umbracoUser'), column: 'userName' } },
    { action: 'grant', permission: 'Impersonate', grantee: 'umbraco-cloud-live', on: { kind: 'user', name: 'etl' } },
    { action: 'grant', permission: 'Alter', grantee: 'umbracoEditors', on: { kind: 'role', name: 'umbracoReaders' } },
  ];
  model.options = {
    IsAnsiPaddingOn: false,
    IsQuotedIdentifierOn: false,
    IsCursorDefaultScopeGlobal: true,
    IsTornPageProtectionOn: false,
    IsFullTextEnabled: true,
    ServiceBrokerOption: 1,
    IsAllowSnapshotIsolation: true,
    IsReadCommittedSnapshot: true,
    IsEncryptionOn: true,
    TargetRecoveryTimePeriod: 60,
    QueryStoreDesiredState: 2,
    QueryStoreCaptureMode: 2,
    QueryStoreMaxStorageSize: 1000,
  };
}
