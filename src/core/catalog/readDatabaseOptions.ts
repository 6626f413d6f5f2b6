/**
 * The database options a bacpac carries (DacFx's SqlDatabaseOptions: src/core/model/databaseOptions.ts), from
 * sys.databases and sys.database_query_store_options. What it cannot carry is reported ("Left out: …"): change
 * tracking, change data capture, a CUSTOM Query Store capture policy, a contained database's default languages and
 * database scoped configurations that differ from their defaults (MAXDOP, LEGACY_CARDINALITY_ESTIMATION…; model
 * SchemaVersion 3.x only).
 */
import { databaseOptionDefaults } from '../model/databaseOptions';
import type { DatabaseOptionsModel } from '../model/types';
import { bool, num, optNum, optStr, type Row } from './catalogRows';
import type { SecurityReadState } from './readSecurity';

/** sys.databases.page_verify_option (0 NONE, 1 TORN_PAGE_DETECTION, 2 CHECKSUM) → DacFx's PageVerifyMode. */
const pageVerifyModes: Record<number, number> = { 0: 3, 1: 2, 2: 1 };
/** sys.databases.recovery_model (1 FULL, 2 BULK_LOGGED, 3 SIMPLE) → DacFx's RecoveryMode. */
const recoveryModes: Record<number, number> = { 1: 3, 2: 2, 3: 1 };

export function readDatabaseOptions(state: SecurityReadState, row: Row | undefined, scopedConfigurations: Row[]): void {
  const leftOut: string[] = [];
  if (row) {
    const pageVerify = num(row, 'page_verify_option');
    const snapshot = num(row, 'snapshot_isolation_state');
    const options: DatabaseOptionsModel = {
      IsAnsiNullDefaultOn: bool(row, 'is_ansi_null_default_on'),
      IsAnsiNullsOn: bool(row, 'is_ansi_nulls_on'),
      IsAnsiPaddingOn: bool(row, 'is_ansi_padding_on'),
      IsAnsiWarningsOn: bool(row, 'is_ansi_warnings_on'),
      IsArithAbortOn: bool(row, 'is_arithabort_on'),
      IsConcatNullYieldsNullOn: bool(row, 'is_concat_null_yields_null_on'),
      IsQuotedIdentifierOn: bool(row, 'is_quoted_identifier_on'),
      IsNumericRoundAbortOn: bool(row, 'is_numeric_roundabort_on'),
      IsRecursiveTriggersOn: bool(row, 'is_recursive_triggers_on'),
      IsCursorCloseOnCommitOn: bool(row, 'is_cursor_close_on_commit_on'),
      IsCursorDefaultScopeGlobal: !bool(row, 'is_local_cursor_default'),
      IsAutoCloseOn: bool(row, 'is_auto_close_on'),
      IsAutoCreateStatisticsOn: bool(row, 'is_auto_create_stats_on'),
      IsAutoCreateStatisticsIncrementalOn: bool(row, 'is_auto_create_stats_incremental_on'),
      IsAutoShrinkOn: bool(row, 'is_auto_shrink_on'),
      IsAutoUpdateStatisticsOn: bool(row, 'is_auto_update_stats_on'),
      // DacFx writes TORN_PAGE_DETECTION as IsTornPageProtectionOn and the verify mode separately.
      IsTornPageProtectionOn: pageVerify === 1,
      RecoveryMode: recoveryModes[num(row, 'recovery_model')] ?? 3,
      IsFullTextEnabled: bool(row, 'is_fulltext_enabled'),
      IsDBChainingOn: bool(row, 'is_db_chaining_on'),
      IsTrustworthyOn: bool(row, 'is_trustworthy_on'),
      IsAutoUpdateStatisticsAsyncOn: bool(row, 'is_auto_update_stats_async_on'),
      PageVerifyMode: pageVerifyModes[pageVerify] ?? 1,
      ServiceBrokerOption: bool(row, 'is_broker_enabled') ? 1 : 2,
      IsDateCorrelationOptimizationOn: bool(row, 'is_date_correlation_on'),
      ParameterizationOption: bool(row, 'is_parameterization_forced') ? 2 : 1,
      IsAllowSnapshotIsolation: snapshot === 1 || snapshot === 3,
      IsReadCommittedSnapshot: bool(row, 'is_read_committed_snapshot_on'),
      IsMemoryOptimizedElevatedToSnapshot: bool(row, 'is_memory_optimized_elevate_to_snapshot_on'),
      IsEncryptionOn: bool(row, 'is_encrypted'),
      IsBrokerPriorityHonored: bool(row, 'is_honor_broker_priority_on'),
      Containment: num(row, 'containment'),
      TargetRecoveryTimePeriod: num(row, 'target_recovery_time_in_seconds'),
      DelayedDurabilityMode: num(row, 'delayed_durability'),
    };
    // Set (not NULL) in contained databases only.
    if (optNum(row, 'is_nested_triggers_on') !== undefined) options.IsNestedTriggersOn = bool(row, 'is_nested_triggers_on');
    if (optNum(row, 'is_transform_noise_words_on') !== undefined) options.IsTransformNoiseWordsOn = bool(row, 'is_transform_noise_words_on');
    const cutoff = optNum(row, 'two_digit_year_cutoff');
    if (cutoff !== undefined) options.TwoDigitYearCutoff = cutoff;
    const languages = [optStr(row, 'default_language_name'), optStr(row, 'default_fulltext_language_name')].filter((l): l is string => l !== undefined);
    if (languages.length > 0) leftOut.push(`this contained database's default languages (${languages.join(', ')})`);
    const desired = optNum(row, 'query_store_desired_state');
    if (desired !== undefined) {
      options.QueryStoreDesiredState = desired;
      const capture = num(row, 'query_store_capture_mode');
      if (capture >= 1 && capture <= 3) options.QueryStoreCaptureMode = capture;
      else leftOut.push(`the Query Store capture mode ${capture === 4 ? 'CUSTOM and its capture policy' : capture}: DacFx's model has ALL, AUTO and NONE only`);
      const numbers = [
        ['QueryStoreFlushInterval', 'query_store_flush_interval'], ['QueryStoreIntervalLength', 'query_store_interval_length'],
        ['QueryStoreMaxStorageSize', 'query_store_max_storage_size'], ['QueryStoreMaxPlansPerQuery', 'query_store_max_plans_per_query'],
        ['QueryStoreStaleQueryThreshold', 'query_store_stale_query_threshold'],
      ] as const;
      for (const [name, column] of numbers) {
        const v = optNum(row, column);
        if (v !== undefined) options[name] = v;
      }
    }
    // Only what differs from DacFx's defaults, like the model.xml DacFx writes (and what a parsed model.xml gives).
    for (const [name, def] of databaseOptionDefaults) if (options[name] === def) delete options[name];
    if (Object.keys(options).length > 0) state.model.options = options;
    if (bool(row, 'is_change_tracking_on')) leftOut.push('change tracking (ALTER DATABASE … SET CHANGE_TRACKING = ON and the tables it tracks)');
    if (bool(row, 'is_cdc_enabled')) leftOut.push('change data capture (sys.sp_cdc_enable_db and its capture instances)');
  }
  const scoped = scopedConfigurations.map((r) => optStr(r, 'configuration_name')).filter((n): n is string => n !== undefined);
  if (scoped.length > 0) leftOut.push(`the database scoped configurations ${scoped.join(', ')} (set differently from their defaults)`);
  for (const what of leftOut) state.warnings.push(`Left out: ${what}; set it again after a restore if it matters.`);
}
