/**
 * The double's answers to src/core/catalog/securityQueries.ts, built from a DatabaseModel's users, roles,
 * memberships, permissions and options: the rows sys.database_principals, sys.database_role_members,
 * sys.database_permissions, sys.databases and sys.database_query_store_options would give. Extras add what the
 * model cannot hold (Windows users, permissions on certificates…), to test what the backup leaves out.
 */
import type { SqlValue } from '../../../../src/core/bcp/values';
import { databaseOptionDefaults } from '../../../../src/core/model/databaseOptions';
import type { DatabaseModel, DatabaseOptionsModel, PermissionStatementModel, SqlType } from '../../../../src/core/model/types';
import type { ResultColumn, ResultSet } from '../server';

/**
 * The options the catalog reader returns for a database served without `options`: page verify CHECKSUM, as every
 * new database has, which DacFx writes as IsTornPageProtectionOn=False (its model default is True).
 */
export const servedDefaultOptions = { IsTornPageProtectionOn: false } as const;

export interface SecurityExtras {
  /** Principals beyond the model's (e.g. type 'U' Windows users, 'A' application roles). */
  principals?: { name: string; type: string; authenticationType?: number }[];
  /** Raw sys.database_permissions rows beyond the model's (e.g. class 25 certificate permissions, state 'R'). */
  permissions?: { class: number; permission: string; state: string; grantee: string; grantor?: string; schema?: string; object?: string; column?: string }[];
  changeTracking?: boolean;
  cdc?: boolean;
  /** Names of database scoped configurations that differ from their defaults. */
  scopedConfigurations?: string[];
  /** Query Store capture mode as sys.database_query_store_options has it (4 = CUSTOM). */
  queryStoreCaptureMode?: number;
}

/** Column types as the catalog views declare them. */
const T = {
  sysname: { base: 'nvarchar', length: 128 }, char1: { base: 'char', length: 1 }, tinyint: { base: 'tinyint' }, smallint: { base: 'smallint' },
  int: { base: 'int' }, bigint: { base: 'bigint' }, bit: { base: 'bit' },
} satisfies Record<string, SqlType>;

function resultSet(specs: [string, SqlType][], rows: SqlValue[][]): ResultSet {
  const columns: ResultColumn[] = specs.map(([name, type]) => ({ name, type, nullable: true }));
  return { columns, rows: rows as ResultSet['rows'] };
}

const permissionNames: Record<string, string> = {};
/** DacFx name → sys.database_permissions.permission_name (`ViewDefinition` → `VIEW DEFINITION`). */
function sqlPermissionName(dacfx: string): string {
  return (permissionNames[dacfx] ??= dacfx.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase());
}

export class SecurityAnswers {
  constructor(
    private readonly model: DatabaseModel,
    private readonly extras: SecurityExtras = {},
  ) {}

  principals(azure: boolean): ResultSet {
    const m = this.model;
    const rows: SqlValue[][] = [];
    for (const u of m.users ?? []) {
      const type = u.authentication === 'external' ? 'E' : 'S';
      const auth = { login: 1, password: 2, external: 4, withoutLogin: 0 }[u.authentication];
      rows.push([u.name, type, auth, u.defaultSchema ?? 'dbo', 'dbo', u.authentication === 'login' && !azure ? u.login ?? null : null]);
    }
    for (const r of m.roles ?? []) rows.push([r.name, 'R', 0, null, r.owner ?? 'dbo', null]);
    for (const p of this.extras.principals ?? []) rows.push([p.name, p.type, p.authenticationType ?? 3, 'dbo', 'dbo', null]);
    return resultSet([['principal_name', T.sysname], ['principal_type', T.char1], ['authentication_type', T.int], ['default_schema_name', T.sysname],
      ['owner_name', T.sysname], ['login_name', T.sysname]], rows);
  }

  roleMembers(): ResultSet {
    return resultSet([['role_name', T.sysname], ['member_name', T.sysname]], (this.model.roleMemberships ?? []).map((ms) => [ms.role, ms.member]));
  }

  permissions(): ResultSet {
    const rows: SqlValue[][] = [];
    const principalType = (name: string): string | null => {
      if ((this.model.roles ?? []).some((r) => r.name === name)) return 'R';
      const u = (this.model.users ?? []).find((x) => x.name === name);
      return u ? (u.authentication === 'external' ? 'E' : 'S') : null;
    };
    const row = (p: PermissionStatementModel, state: string, column: string | null): SqlValue[] => {
      const on = p.on;
      const cls = { database: 0, object: 1, schema: 3, user: 4, role: 4, type: 6 }[on.kind];
      const schema = on.kind === 'object' || on.kind === 'type' ? on.object.schema : on.kind === 'schema' ? on.schema : null;
      const object = on.kind === 'object' || on.kind === 'type' ? on.object.name : on.kind === 'user' || on.kind === 'role' ? on.name : null;
      return [cls, sqlPermissionName(p.permission), state.padEnd(1), p.grantee, p.grantor ?? 'dbo', schema, object, column,
        on.kind === 'user' || on.kind === 'role' ? principalType(on.name) : null];
    };
    for (const p of this.model.permissions ?? []) {
      const state = p.action === 'deny' ? 'D' : p.withGrantOption ? 'W' : 'G';
      rows.push(row(p, state, p.on.kind === 'object' ? p.on.column ?? null : null));
      for (const c of p.excludedColumns ?? []) rows.push(row(p, 'R', c));
    }
    for (const x of this.extras.permissions ?? []) {
      rows.push([x.class, x.permission, x.state, x.grantee, x.grantor ?? 'dbo', x.schema ?? null, x.object ?? null, x.column ?? null, null]);
    }
    return resultSet([['class', T.tinyint], ['permission_name', { base: 'nvarchar', length: 128 }], ['state', T.char1], ['grantee_name', T.sysname],
      ['grantor_name', T.sysname], ['schema_name', T.sysname], ['object_name', T.sysname], ['column_name', T.sysname], ['target_principal_type', T.char1]], rows);
  }

  /** sys.databases + sys.database_query_store_options: the model's options, SQL Server's defaults for the rest. */
  databaseOptions(): ResultSet {
    const o: DatabaseOptionsModel = { ...Object.fromEntries(databaseOptionDefaults.filter(([, v]) => v !== undefined)), ...this.model.options };
    // CHECKSUM unless the model says otherwise: every new database has it (DacFx then writes IsTornPageProtectionOn=False).
    const pageVerify = { 1: 2, 2: 1, 3: 0 }[o.PageVerifyMode ?? 1] ?? 2;
    const recovery = { 1: 3, 2: 2, 3: 1 }[o.RecoveryMode ?? 3] ?? 1;
    const x = this.extras;
    const queryStore = o.QueryStoreDesiredState !== undefined;
    const specs: [string, SqlType][] = [
      ['is_ansi_null_default_on', T.bit], ['is_ansi_nulls_on', T.bit], ['is_ansi_padding_on', T.bit], ['is_ansi_warnings_on', T.bit], ['is_arithabort_on', T.bit],
      ['is_concat_null_yields_null_on', T.bit], ['is_quoted_identifier_on', T.bit], ['is_numeric_roundabort_on', T.bit], ['is_recursive_triggers_on', T.bit],
      ['is_cursor_close_on_commit_on', T.bit], ['is_local_cursor_default', T.bit], ['is_auto_close_on', T.bit], ['is_auto_create_stats_on', T.bit],
      ['is_auto_create_stats_incremental_on', T.bit], ['is_auto_shrink_on', T.bit], ['is_auto_update_stats_on', T.bit], ['page_verify_option', T.tinyint],
      ['recovery_model', T.tinyint], ['is_fulltext_enabled', T.bit], ['is_db_chaining_on', T.bit], ['is_trustworthy_on', T.bit], ['is_auto_update_stats_async_on', T.bit],
      ['is_date_correlation_on', T.bit], ['is_parameterization_forced', T.bit], ['snapshot_isolation_state', T.tinyint], ['is_read_committed_snapshot_on', T.bit],
      ['is_memory_optimized_elevate_to_snapshot_on', T.bit], ['is_encrypted', T.bit], ['is_honor_broker_priority_on', T.bit],
      ['target_recovery_time_in_seconds', T.int], ['delayed_durability', T.int], ['is_cdc_enabled', T.bit], ['is_broker_enabled', T.bit],
      ['containment', T.tinyint], ['is_nested_triggers_on', T.bit], ['is_transform_noise_words_on', T.bit], ['two_digit_year_cutoff', T.smallint],
      ['default_language_name', T.sysname], ['default_fulltext_language_name', T.sysname],
      ['is_change_tracking_on', T.bit],
      ['query_store_desired_state', T.smallint], ['query_store_capture_mode', T.smallint], ['query_store_flush_interval', T.bigint],
      ['query_store_interval_length', T.bigint], ['query_store_max_storage_size', T.bigint], ['query_store_max_plans_per_query', T.bigint],
      ['query_store_stale_query_threshold', T.bigint],
    ];
    const b = (v: boolean | number | undefined): boolean => v === true;
    return resultSet(specs, [[
      b(o.IsAnsiNullDefaultOn), b(o.IsAnsiNullsOn), b(o.IsAnsiPaddingOn), b(o.IsAnsiWarningsOn), b(o.IsArithAbortOn), b(o.IsConcatNullYieldsNullOn),
      b(o.IsQuotedIdentifierOn), b(o.IsNumericRoundAbortOn), b(o.IsRecursiveTriggersOn), b(o.IsCursorCloseOnCommitOn), !b(o.IsCursorDefaultScopeGlobal),
      b(o.IsAutoCloseOn), b(o.IsAutoCreateStatisticsOn), b(o.IsAutoCreateStatisticsIncrementalOn), b(o.IsAutoShrinkOn), b(o.IsAutoUpdateStatisticsOn),
      pageVerify, recovery, b(o.IsFullTextEnabled), b(o.IsDBChainingOn), b(o.IsTrustworthyOn), b(o.IsAutoUpdateStatisticsAsyncOn),
      b(o.IsDateCorrelationOptimizationOn), o.ParameterizationOption === 2, o.IsAllowSnapshotIsolation ? 1 : 0, b(o.IsReadCommittedSnapshot),
      b(o.IsMemoryOptimizedElevatedToSnapshot), b(o.IsEncryptionOn), b(o.IsBrokerPriorityHonored), o.TargetRecoveryTimePeriod ?? 0,
      o.DelayedDurabilityMode ?? 0, x.cdc ?? false, o.ServiceBrokerOption === 1, o.Containment ?? 0,
      // NULL unless the database is contained, as in sys.databases.
      o.Containment === 1 ? o.IsNestedTriggersOn !== false : null, o.Containment === 1 ? b(o.IsTransformNoiseWordsOn) : null,
      o.Containment === 1 ? o.TwoDigitYearCutoff ?? 2049 : null, o.Containment === 1 ? 'us_english' : null, o.Containment === 1 ? 'English' : null,
      x.changeTracking ?? false,
      queryStore ? o.QueryStoreDesiredState! : null, queryStore ? x.queryStoreCaptureMode ?? o.QueryStoreCaptureMode ?? 1 : null,
      queryStore ? BigInt(o.QueryStoreFlushInterval ?? 900) : null, queryStore ? BigInt(o.QueryStoreIntervalLength ?? 60) : null,
      queryStore ? BigInt(o.QueryStoreMaxStorageSize ?? 100) : null, queryStore ? BigInt(o.QueryStoreMaxPlansPerQuery ?? 200) : null,
      queryStore ? BigInt(o.QueryStoreStaleQueryThreshold ?? 30) : null,
    ]]);
  }

  scopedConfigurations(): ResultSet {
    return resultSet([['configuration_name', { base: 'nvarchar', length: 60 }]], (this.extras.scopedConfigurations ?? []).map((n) => [n]));
  }
}

export const securityAnswerNames = {
  'cdb:catalog:principals': (a: SecurityAnswers) => a.principals(false),
  'cdb:catalog:principals-azure': (a: SecurityAnswers) => a.principals(true),
  'cdb:catalog:role-members': (a: SecurityAnswers) => a.roleMembers(),
  'cdb:catalog:permissions': (a: SecurityAnswers) => a.permissions(),
  'cdb:catalog:database-options': (a: SecurityAnswers) => a.databaseOptions(),
  'cdb:catalog:scoped-configurations': (a: SecurityAnswers) => a.scopedConfigurations(),
} as Record<string, (a: SecurityAnswers) => ResultSet>;
