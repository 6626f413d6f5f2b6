/**
 * SqlDatabaseOptions as DacFx writes it: every option whose value differs from DacFx's model default, in DacFx's
 * property order (the declaration order of DacFx 170.5.96's SqlDatabaseOptions). The defaults were read off DacFx
 * itself (tools/dacfx-check/experiments/RESULTS.md, "Database options"): a model built with every option false and
 * one with every option true, and the packages DacFx exported from real databases (the DemoStore and peer
 * fixtures: ANSI_PADDING OFF is written `IsAnsiPaddingOn=False`, cursor default GLOBAL `IsCursorDefaultScopeGlobal=True`).
 *
 * Only options that existed in model SchemaVersion 2.9 are listed (platform.ts): the database-scoped
 * configurations (MAXDOP…), CatalogCollation, ledger and accelerated recovery need 3.x and are not carried.
 */
import { dspNameFor } from './platform';
import type { DatabaseModel, DatabaseOptionsModel } from './types';

export type DatabaseOptionName = keyof DatabaseOptionsModel;

/** [name, DacFx 170.5.96's default] in DacFx's order; booleans write True/False, numbers their DacFx enum or value. */
export const databaseOptionDefaults: readonly (readonly [DatabaseOptionName, boolean | number | undefined])[] = [
  ['IsAnsiNullDefaultOn', false],
  ['IsAnsiNullsOn', false],
  ['IsAnsiPaddingOn', true],
  ['IsAnsiWarningsOn', false],
  ['IsArithAbortOn', false],
  ['IsConcatNullYieldsNullOn', false],
  ['IsQuotedIdentifierOn', true],
  ['IsNumericRoundAbortOn', false],
  ['IsRecursiveTriggersOn', false],
  ['IsCursorCloseOnCommitOn', false],
  ['IsCursorDefaultScopeGlobal', false],
  ['IsAutoCloseOn', false],
  ['IsAutoCreateStatisticsOn', true],
  ['IsAutoCreateStatisticsIncrementalOn', false],
  ['IsAutoShrinkOn', false],
  ['IsAutoUpdateStatisticsOn', true],
  ['IsTornPageProtectionOn', true],
  ['RecoveryMode', 3],
  ['IsFullTextEnabled', false],
  ['IsDBChainingOn', false],
  ['IsTrustworthyOn', false],
  ['IsAutoUpdateStatisticsAsyncOn', false],
  ['PageVerifyMode', 1],
  ['ServiceBrokerOption', 2],
  ['IsDateCorrelationOptimizationOn', false],
  ['ParameterizationOption', 1],
  ['IsAllowSnapshotIsolation', false],
  ['IsReadCommittedSnapshot', false],
  ['IsMemoryOptimizedElevatedToSnapshot', false],
  ['IsEncryptionOn', false],
  ['IsBrokerPriorityHonored', false],
  ['Containment', 0],
  ['IsNestedTriggersOn', true],
  ['IsTransformNoiseWordsOn', false],
  ['TwoDigitYearCutoff', 2049],
  ['TargetRecoveryTimePeriod', 0],
  ['DelayedDurabilityMode', 0],
  // No stable default: DacFx 16x read a missing value as OFF, DacFx 170 as READ_WRITE. Always written when known.
  ['QueryStoreDesiredState', undefined],
  ['QueryStoreCaptureMode', 1],
  ['QueryStoreFlushInterval', 900],
  ['QueryStoreIntervalLength', 60],
  ['QueryStoreMaxStorageSize', 100],
  ['QueryStoreMaxPlansPerQuery', 200],
  ['QueryStoreStaleQueryThreshold', 30],
];

const defaults = new Map<string, boolean | number | undefined>(databaseOptionDefaults);

export function isDatabaseOptionName(name: string): name is DatabaseOptionName {
  return defaults.has(name);
}

/** The options that differ from DacFx's defaults, in DacFx's order, as model.xml property values. */
export function nonDefaultDatabaseOptions(options: DatabaseOptionsModel | undefined): [DatabaseOptionName, string][] {
  if (!options) return [];
  const out: [DatabaseOptionName, string][] = [];
  for (const [name, def] of databaseOptionDefaults) {
    const v = options[name];
    if (v === undefined || v === def) continue;
    out.push([name, typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)]);
  }
  return out;
}

/** A model.xml property value back into the option's type (undefined for a value of the wrong shape). */
export function parseDatabaseOption(name: DatabaseOptionName, text: string): boolean | number | undefined {
  const def = defaults.get(name);
  if (typeof def === 'boolean') return text === 'True' ? true : text === 'False' ? false : undefined;
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * The compatibility level DacFx assumes when SqlDatabaseOptions has no CompatibilityMode: the DSP's own version
 * (Sql150 → 150). For SqlAzureV12 it is DacFx's newest level, which changes between DacFx releases, so the writer
 * always states Azure's level (undefined here).
 */
export function impliedCompatibilityLevel(dspName: string): number | undefined {
  const m = /\.Sql(\d+)0DatabaseSchemaProvider$/.exec(dspName);
  return m ? Number(m[1]) * 10 : undefined;
}

/**
 * Every SqlDatabaseOptions property after Collation, in DacFx's order: the non-default options with CompatibilityMode
 * between IsDBChainingOn and IsTrustworthyOn, where DacFx declares it. The compatibility level is written when it
 * differs from the level the DSP implies, and always for Azure SQL Database (see impliedCompatibilityLevel).
 */
export function databaseOptionProperties(model: DatabaseModel, dspName = dspNameFor(model.server)): [string, string][] {
  const options: [string, string][] = nonDefaultDatabaseOptions(model.options);
  const level = model.compatibilityLevel;
  if (level !== undefined && level !== impliedCompatibilityLevel(dspName)) {
    const after = options.findIndex(([name]) => order.get(name)! > order.get('IsDBChainingOn')!);
    options.splice(after < 0 ? options.length : after, 0, ['CompatibilityMode', String(level)]);
  }
  return options;
}

const order = new Map<string, number>(databaseOptionDefaults.map(([name], i) => [name, i]));
