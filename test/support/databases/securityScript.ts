/**
 * A DatabaseModel's security model as the T-SQL that creates it (CREATE LOGIN / USER / ROLE / SCHEMA, ALTER ROLE,
 * GRANT / DENY / REVOKE), with a minimal CREATE TABLE for every table a permission names, and its database
 * options as TSqlModelOptions settings: what `dacfx-check model-from-sql` needs to build DacFx's own model of the
 * same security, to compare with DacFx's model of our package.
 */
import type { DatabaseModel, PermissionStatementModel, SecuredTarget } from '../../../src/core/model/types';
import { quoteName as q } from '../../../src/core/model/types';

/** model.xml option name → TSqlModelOptions (and DacFx's DatabaseOptions API) name. */
export const modelOptionApiNames: Record<string, string> = {
  IsAnsiNullDefaultOn: 'AnsiNullDefaultOn', IsAnsiNullsOn: 'AnsiNullsOn', IsAnsiPaddingOn: 'AnsiPaddingOn', IsAnsiWarningsOn: 'AnsiWarningsOn',
  IsArithAbortOn: 'ArithAbortOn', IsConcatNullYieldsNullOn: 'ConcatNullYieldsNull', IsQuotedIdentifierOn: 'QuotedIdentifierOn',
  IsCursorDefaultScopeGlobal: 'CursorDefaultGlobalScope', IsTornPageProtectionOn: 'TornPageProtectionOn', IsFullTextEnabled: 'FullTextEnabled',
  IsAllowSnapshotIsolation: 'AllowSnapshotIsolation', IsReadCommittedSnapshot: 'TransactionIsolationReadCommittedSnapshot',
  IsEncryptionOn: 'WithEncryption', TargetRecoveryTimePeriod: 'TargetRecoveryTimePeriod', QueryStoreDesiredState: 'QueryStoreDesiredState',
  QueryStoreCaptureMode: 'QueryStoreCaptureMode', QueryStoreMaxStorageSize: 'QueryStoreMaxStorageSize', ServiceBrokerOption: 'ServiceBrokerOption',
  Containment: 'Containment', IsNestedTriggersOn: 'NestedTriggersOn', IsTransformNoiseWordsOn: 'TransformNoiseWords', TwoDigitYearCutoff: 'TwoDigitYearCutoff',
};

// A throwaway for the contained users of a model DacFx builds in memory from this script: it guards nothing, and
// DacFx's comparison never reads a password.
const password = "N'Pa55word!Pa55word!'";

function target(on: SecuredTarget): string {
  switch (on.kind) {
    case 'database': return '';
    case 'schema': return ` ON SCHEMA::${q(on.schema)}`;
    case 'object': return ` ON OBJECT::${q(on.object.schema, on.object.name)}${on.column !== undefined ? ` (${q(on.column)})` : ''}`;
    case 'type': return ` ON TYPE::${q(on.object.schema, on.object.name)}`;
    case 'user': return ` ON USER::${q(on.name)}`;
    case 'role': return ` ON ROLE::${q(on.name)}`;
  }
}

function sqlPermission(p: PermissionStatementModel): string {
  return p.permission.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

export function securityScript(model: DatabaseModel): string {
  const out: string[] = [];
  const tables = new Map<string, Set<string>>();
  for (const p of model.permissions ?? []) {
    if (p.on.kind !== 'object') continue;
    const key = q(p.on.object.schema, p.on.object.name);
    const columns = tables.get(key) ?? new Set<string>();
    for (const c of [...(p.on.column !== undefined ? [p.on.column] : []), ...(p.excludedColumns ?? [])]) columns.add(c);
    tables.set(key, columns);
  }
  for (const [table, columns] of tables) out.push(`CREATE TABLE ${table} ([id] int NOT NULL${[...columns].map((c) => `, ${q(c)} nvarchar(100) NULL`).join('')});`);
  for (const u of model.users ?? []) {
    if (u.authentication === 'login') out.push(`CREATE LOGIN ${q(u.login!)} WITH PASSWORD = ${password};`);
  }
  for (const u of model.users ?? []) {
    const schema = u.defaultSchema !== undefined ? `DEFAULT_SCHEMA = ${q(u.defaultSchema)}` : '';
    switch (u.authentication) {
      case 'login': out.push(`CREATE USER ${q(u.name)} FOR LOGIN ${q(u.login!)}${schema ? ` WITH ${schema}` : ''};`); break;
      case 'password': out.push(`CREATE USER ${q(u.name)} WITH PASSWORD = ${password}${schema ? `, ${schema}` : ''};`); break;
      case 'external': out.push(`CREATE USER ${q(u.name)} FROM EXTERNAL PROVIDER${schema ? ` WITH ${schema}` : ''};`); break;
      case 'withoutLogin': out.push(`CREATE USER ${q(u.name)} WITHOUT LOGIN${schema ? ` WITH ${schema}` : ''};`); break;
    }
  }
  for (const r of model.roles ?? []) out.push(`CREATE ROLE ${q(r.name)}${r.owner ? ` AUTHORIZATION ${q(r.owner)}` : ''};`);
  for (const s of model.schemas) out.push(`CREATE SCHEMA ${q(s.name)}${s.owner ? ` AUTHORIZATION ${q(s.owner)}` : ''};`);
  for (const m of model.roleMemberships ?? []) out.push(`ALTER ROLE ${q(m.role)} ADD MEMBER ${q(m.member)};`);
  for (const p of model.permissions ?? []) {
    const verb = p.action === 'deny' ? 'DENY' : 'GRANT';
    const grantee = p.grantee.toLowerCase() === 'public' ? '[public]' : q(p.grantee);
    out.push(`${verb} ${sqlPermission(p)}${target(p.on)} TO ${grantee}${p.withGrantOption ? ' WITH GRANT OPTION' : ''}${p.grantor ? ` AS ${q(p.grantor)}` : ''};`);
    for (const c of p.excludedColumns ?? []) {
      if (p.on.kind === 'object') out.push(`REVOKE ${sqlPermission(p)} ON OBJECT::${q(p.on.object.schema, p.on.object.name)} (${q(c)}) TO ${grantee};`);
    }
  }
  return out.join('\nGO\n') + '\nGO\n';
}

/** The model's options (and compatibility level) by their TSqlModelOptions names. */
export function modelOptionsJson(model: DatabaseModel): Record<string, boolean | number> {
  const json: Record<string, boolean | number> = {};
  for (const [name, value] of Object.entries(model.options ?? {})) {
    const api = modelOptionApiNames[name];
    if (!api) throw new Error(`securityScript: no TSqlModelOptions name for ${name}`);
    json[api] = value as boolean | number;
  }
  if (model.compatibilityLevel !== undefined) json.CompatibilityLevel = model.compatibilityLevel;
  return json;
}
