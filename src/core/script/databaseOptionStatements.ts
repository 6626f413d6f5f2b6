/**
 * The model's database options → one `ALTER DATABASE CURRENT SET …` per option, for the restore to apply one by
 * one (a server refuses some: Azure SQL Database most file and recovery options, an edition or a version others;
 * each refusal is reported, the rest still applied). Only options that differ from DacFx's defaults are in a
 * model (databaseOptions.ts), plus the compatibility level. Options no SET statement changes, or that need more
 * than the package holds, come back with a `reason` instead of `sql`.
 */
import { nonDefaultDatabaseOptions, type DatabaseOptionName } from '../model/databaseOptions';
import type { DatabaseModel, DatabaseOptionsModel } from '../model/types';

export interface DatabaseOptionStatement {
  /** DacFx's option name (CompatibilityMode for the compatibility level). */
  option: string;
  sql?: string;
  /** Why the option is not applied (no `sql`). */
  reason?: string;
}

const onOff = (v: boolean) => (v ? 'ON' : 'OFF');

/** Boolean options that are `SET NAME ON|OFF`. */
const switches: Partial<Record<DatabaseOptionName, string>> = {
  IsAnsiNullDefaultOn: 'ANSI_NULL_DEFAULT', IsAnsiNullsOn: 'ANSI_NULLS', IsAnsiPaddingOn: 'ANSI_PADDING',
  IsAnsiWarningsOn: 'ANSI_WARNINGS', IsArithAbortOn: 'ARITHABORT', IsConcatNullYieldsNullOn: 'CONCAT_NULL_YIELDS_NULL',
  IsQuotedIdentifierOn: 'QUOTED_IDENTIFIER', IsNumericRoundAbortOn: 'NUMERIC_ROUNDABORT',
  IsRecursiveTriggersOn: 'RECURSIVE_TRIGGERS', IsCursorCloseOnCommitOn: 'CURSOR_CLOSE_ON_COMMIT', IsAutoCloseOn: 'AUTO_CLOSE',
  IsAutoCreateStatisticsOn: 'AUTO_CREATE_STATISTICS', IsAutoShrinkOn: 'AUTO_SHRINK', IsAutoUpdateStatisticsOn: 'AUTO_UPDATE_STATISTICS',
  IsTornPageProtectionOn: 'TORN_PAGE_DETECTION', IsDBChainingOn: 'DB_CHAINING', IsTrustworthyOn: 'TRUSTWORTHY',
  IsAutoUpdateStatisticsAsyncOn: 'AUTO_UPDATE_STATISTICS_ASYNC', IsDateCorrelationOptimizationOn: 'DATE_CORRELATION_OPTIMIZATION',
  IsAllowSnapshotIsolation: 'ALLOW_SNAPSHOT_ISOLATION', IsReadCommittedSnapshot: 'READ_COMMITTED_SNAPSHOT',
  IsBrokerPriorityHonored: 'HONOR_BROKER_PRIORITY',
};

/** Options set with `NAME = ON|OFF` (contained-database settings, and MEMORY_OPTIMIZED_ELEVATE_TO_SNAPSHOT). */
const assignments: Partial<Record<DatabaseOptionName, string>> = {
  IsNestedTriggersOn: 'NESTED_TRIGGERS', IsTransformNoiseWordsOn: 'TRANSFORM_NOISE_WORDS',
  IsMemoryOptimizedElevatedToSnapshot: 'MEMORY_OPTIMIZED_ELEVATE_TO_SNAPSHOT',
};

const enums: Partial<Record<DatabaseOptionName, (n: number) => string | undefined>> = {
  RecoveryMode: (n) => ({ 1: 'RECOVERY SIMPLE', 2: 'RECOVERY BULK_LOGGED', 3: 'RECOVERY FULL' })[n],
  PageVerifyMode: (n) => ({ 1: 'PAGE_VERIFY CHECKSUM', 2: 'PAGE_VERIFY TORN_PAGE_DETECTION', 3: 'PAGE_VERIFY NONE' })[n],
  ServiceBrokerOption: (n) => ({ 1: 'ENABLE_BROKER', 2: 'DISABLE_BROKER' })[n],
  ParameterizationOption: (n) => ({ 1: 'PARAMETERIZATION SIMPLE', 2: 'PARAMETERIZATION FORCED' })[n],
  Containment: (n) => ({ 0: 'CONTAINMENT = NONE', 1: 'CONTAINMENT = PARTIAL' })[n],
  DelayedDurabilityMode: (n) => ({ 0: 'DELAYED_DURABILITY = DISABLED', 1: 'DELAYED_DURABILITY = ALLOWED', 2: 'DELAYED_DURABILITY = FORCED' })[n],
  TwoDigitYearCutoff: (n) => `TWO_DIGIT_YEAR_CUTOFF = ${n}`,
  TargetRecoveryTimePeriod: (n) => `TARGET_RECOVERY_TIME = ${n} SECONDS`,
};

const notSettable: Partial<Record<DatabaseOptionName, string>> = {
  IsFullTextEnabled: 'full-text is always enabled on SQL Server 2008 and later; there is nothing to set',
  IsEncryptionOn: 'encryption (TDE) needs a database encryption key on the target, which a package cannot carry: turn it on yourself if you need it',
  IsAutoCreateStatisticsIncrementalOn: 'set it with AUTO_CREATE_STATISTICS ON (INCREMENTAL = ON) if the target supports incremental statistics',
};

const queryStoreOptions: [DatabaseOptionName, (n: number) => string | undefined][] = [
  ['QueryStoreDesiredState', (n) => ({ 1: 'OPERATION_MODE = READ_ONLY', 2: 'OPERATION_MODE = READ_WRITE' })[n]],
  ['QueryStoreCaptureMode', (n) => ({ 1: 'QUERY_CAPTURE_MODE = ALL', 2: 'QUERY_CAPTURE_MODE = AUTO', 3: 'QUERY_CAPTURE_MODE = NONE' })[n]],
  ['QueryStoreFlushInterval', (n) => `DATA_FLUSH_INTERVAL_SECONDS = ${n}`],
  ['QueryStoreIntervalLength', (n) => `INTERVAL_LENGTH_MINUTES = ${n}`],
  ['QueryStoreMaxStorageSize', (n) => `MAX_STORAGE_SIZE_MB = ${n}`],
  ['QueryStoreMaxPlansPerQuery', (n) => `MAX_PLANS_PER_QUERY = ${n}`],
  ['QueryStoreStaleQueryThreshold', (n) => `CLEANUP_POLICY = (STALE_QUERY_THRESHOLD_DAYS = ${n})`],
];

const set = (clause: string) => `ALTER DATABASE CURRENT SET ${clause};`;

/** Query Store is one statement: ON with its settings, or OFF. */
function queryStoreStatement(options: DatabaseOptionsModel, names: ReadonlySet<string>): DatabaseOptionStatement | undefined {
  const present = queryStoreOptions.filter(([name]) => names.has(name));
  if (present.length === 0) return undefined;
  const option = present.map(([name]) => name).join(', ');
  if (options.QueryStoreDesiredState === 0) return { option, sql: set('QUERY_STORE = OFF') };
  const clauses = present.map(([name, clause]) => clause(options[name] as number)).filter((c): c is string => c !== undefined);
  return { option, sql: set(`QUERY_STORE = ON (${clauses.join(', ')})`) };
}

export function databaseOptionStatements(model: DatabaseModel): DatabaseOptionStatement[] {
  const options = model.options ?? {};
  const changed = nonDefaultDatabaseOptions(options).map(([name]) => name);
  const out: DatabaseOptionStatement[] = [];
  if (model.compatibilityLevel !== undefined) out.push({ option: 'CompatibilityMode', sql: set(`COMPATIBILITY_LEVEL = ${model.compatibilityLevel}`) });
  for (const name of changed) {
    const value = options[name]!;
    const switchName = switches[name] ?? assignments[name];
    if (name === 'IsCursorDefaultScopeGlobal') out.push({ option: name, sql: set(`CURSOR_DEFAULT ${value ? 'GLOBAL' : 'LOCAL'}`) });
    else if (switchName) out.push({ option: name, sql: set(assignments[name] ? `${switchName} = ${onOff(value as boolean)}` : `${switchName} ${onOff(value as boolean)}`) });
    else if (enums[name]) {
      const clause = enums[name]!(value as number);
      out.push(clause ? { option: name, sql: set(clause) } : { option: name, reason: `the package's value ${value} is not one this tool knows` });
    } else if (notSettable[name]) out.push({ option: name, reason: notSettable[name] });
  }
  const queryStore = queryStoreStatement(options, new Set(changed));
  if (queryStore) out.push(queryStore);
  return out;
}
