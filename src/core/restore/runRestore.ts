/**
 * runRestore: a .bacpac into a SQL Server database, without DacFx. The mirror of runBackup:
 *
 *   verify the package → model.xml → schema script (script/) → target database (targetDatabase.ts)
 *   → before-data stage → each table's BCP parts bulk-loaded (bulkLoadTable.ts), N tables at a time
 *   → after-data, programmability and extended-property stages → every table's row count against the package
 *   → rename into place.
 *
 * Any failure or cancel removes what the restore made (targetDatabase.ts says how) and says so in the error.
 * Principals (users, roles, memberships, permissions) are left out unless the request includes them
 * (principalStages.ts); the database options are applied one by one at the end, each refusal reported.
 */
import { stat } from 'node:fs/promises';
import type { Connection as TdsConnection } from 'tedious';
import type * as mssql from 'mssql';
import { connectWithRetry } from '../connection/connectWithRetry';
import { BackupError, isBackupError } from '../errors';
import { asConnectionLender, borrowConnection } from '../export/tableRowPump';
import { quoteName, type TableModel } from '../model/types';
import { BacpacPackageReader, type BcpPartInfo } from '../package/bacpacReader';
import { buildSchemaScript, type ScriptBatch, type ScriptStageName } from '../script';
import { dropStatements } from '../script/dropStatements';
import { createdPrincipal } from '../script/securityStatements';
import { readPackageModel } from '../script/packageModel';
import type { VerifyReport } from '../verify/types';
import { verifyBacpac } from '../verify/verifyBacpac';
import { runBatch } from './batchRunner';
import { applyDatabaseOptions, missingLoginUsers, principalsLeftOutWarning, runTolerantStage } from './principalStages';
import { planBulkTable } from './bulk/bulkColumns';
import { bulkLoadAvailable, bulkLoadTable } from './bulkLoadTable';
import { rowCountQuery } from './restoreQueries';
import { abandonTarget, finishTarget, prepareTarget, type TargetPlan } from './targetDatabase';
import type { RestoreOptions, RestoreProgress, RestoreRequest, RestoreResult, RestoredTable } from './types';

const defaultBatchBytes = 8 * 1024 * 1024;

const stageActions: Record<ScriptStageName, string> = {
  principals: 'creating users and roles in',
  permissions: 'granting permissions in',
  beforeData: 'creating the tables in',
  afterData: 'creating indexes and constraints in',
  programmability: 'creating views, functions, procedures and triggers in',
  extendedProperties: 'adding extended properties in',
};

function tableKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`.toLowerCase();
}

/** Runs one stage's batches on one connection, with the ANSI_NULLS / QUOTED_IDENTIFIER each needs. */
async function runStage(connection: TdsConnection, stage: ScriptStageName, batches: readonly ScriptBatch[], where: { server: string; database: string }, signal?: AbortSignal): Promise<void> {
  let ansiNulls = true;
  let quotedIdentifier = true;
  const context = { action: stageActions[stage], ...where };
  for (const batch of batches) {
    const wantAnsi = batch.ansiNulls ?? true;
    const wantQuoted = batch.quotedIdentifier ?? true;
    if (wantAnsi !== ansiNulls) await runBatch(connection, `SET ANSI_NULLS ${wantAnsi ? 'ON' : 'OFF'}`, context, signal);
    if (wantQuoted !== quotedIdentifier) await runBatch(connection, `SET QUOTED_IDENTIFIER ${wantQuoted ? 'ON' : 'OFF'}`, context, signal);
    ansiNulls = wantAnsi;
    quotedIdentifier = wantQuoted;
    try {
      await runBatch(connection, batch.sql, context, signal);
    } catch (e) {
      if (isBackupError(e) && e.kind !== 'cancelled') {
        const statement = batch.sql.split('\n')[0].slice(0, 160);
        throw new BackupError(e.kind, `${e.message} (statement: ${statement})`, { ...e.details, cause: e });
      }
      throw e;
    }
  }
  if (!ansiNulls) await runBatch(connection, 'SET ANSI_NULLS ON', context, signal);
  if (!quotedIdentifier) await runBatch(connection, 'SET QUOTED_IDENTIFIER ON', context, signal);
}

/**
 * Runs `work` for every item, at most `parallel` at a time. The first failure aborts the others (through the
 * signal each gets) and is what rejects.
 */
async function eachLimited<T>(items: readonly T[], parallel: number, outer: AbortSignal | undefined, work: (item: T, signal: AbortSignal) => Promise<void>): Promise<void> {
  const stop = new AbortController();
  const signal = outer ? AbortSignal.any([outer, stop.signal]) : stop.signal;
  let next = 0;
  let firstFailure: { error: unknown } | undefined;
  const worker = async () => {
    while (!firstFailure && next < items.length) {
      const item = items[next++];
      try {
        await work(item, signal);
      } catch (e) {
        firstFailure ??= { error: e };
        stop.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  if (firstFailure) throw firstFailure.error;
}

/** The verification handed over with the request, when the file is still the one it describes. */
async function stillVerified(request: RestoreRequest): Promise<VerifyReport | undefined> {
  const given = request.verified;
  if (!given?.report.ok) return undefined;
  const now = await stat(request.packagePath).catch(() => undefined);
  return now?.isFile() && now.size === given.size && now.mtimeMs === given.mtimeMs ? given.report : undefined;
}

export async function runRestore(request: RestoreRequest, options: RestoreOptions = {}): Promise<RestoreResult> {
  const started = Date.now();
  const { signal } = options;
  const target = request.target;
  const parallel = Math.max(1, Math.min(32, request.parallelism ?? 1));
  const progress: RestoreProgress = { stage: 'verify', rowsDone: 0, rowsTotal: 0 };
  const report = (patch: Partial<RestoreProgress>) => options.onProgress?.(Object.assign(progress, patch));
  if (!bulkLoadAvailable()) throw new BackupError('internal', 'The installed tedious has no Connection#makeRequest, which the bulk load needs.');

  report({ stage: 'verify' });
  const handedOver = await stillVerified(request);
  const verified = handedOver ?? (await verifyBacpac(request.packagePath, { signal }));
  if (signal?.aborted) throw new BackupError('cancelled', 'Restore cancelled while verifying the package.');
  if (!verified.ok) {
    const first = verified.errors.slice(0, 3).map((e) => e.message).join(' ');
    throw new BackupError('format', `The package does not verify, so it is not restored: ${first}`, { hint: 'Run "Verify Backup" on it for the full report, and take a new backup.' });
  }
  const packageRows = new Map(verified.tables.map((t) => [tableKey(t.schema, t.name), t.rows]));
  progress.rowsTotal = verified.totalRows;

  const reader = await BacpacPackageReader.open(request.packagePath);
  let plan: TargetPlan | undefined;
  let pool: mssql.ConnectionPool | undefined;
  const warnings: string[] = [];
  try {
    const parsed = await readPackageModel(reader);
    const model = parsed.model;
    const includePrincipals = request.includePrincipals === true;
    const leftOut = includePrincipals ? undefined : principalsLeftOutWarning(model, parsed.skipped);
    if (leftOut) warnings.push(leftOut);

    report({ stage: 'connect' });
    plan = await prepareTarget(target, model.collation, request.replace === true, request.confirmReplace, signal);
    report({ stage: 'create' });
    const where = { server: target.server, database: plan.workingDatabase };
    pool = await connectWithRetry({ ...target, database: plan.workingDatabase }, { signal, poolMax: parallel });
    const lender = asConnectionLender(pool);

    const scriptConnection = await borrowConnection(lender);
    let script: ReturnType<typeof buildSchemaScript>;
    try {
      const skipUsers = includePrincipals ? await missingLoginUsers(scriptConnection, model, where, warnings, signal) : new Set<string>();
      script = buildSchemaScript(model, { includePrincipals, skipUsers });
      if (script.principals.length > 0) {
        report({ stage: 'principals' });
        const refused = await runTolerantStage(script.principals.map((b) => b.sql), (sql) => runBatch(scriptConnection, sql, { action: stageActions.principals, ...where }, signal), warnings, 'not created');
        const madeUp = script.generatedPasswords.filter((name) => !refused.some((sql) => sql.startsWith(`CREATE USER ${quoteName(name)} `)));
        if (refused.length > 0) {
          // What names a principal the server refused would be refused too: the rest of the script goes without it.
          const names = refused.map(createdPrincipal).filter((n): n is string => n !== undefined);
          script = buildSchemaScript(model, { includePrincipals, skipUsers: new Set([...skipUsers, ...names]) });
          if (names.length > 0) warnings.push(`The memberships and permissions of ${names.join(', ')}, and the roles and schemas they own, were left to dbo or left out.`);
        }
        if (madeUp.length > 0) {
          warnings.push(`Contained users got a new random password, since a package cannot carry theirs: set one with ALTER USER … WITH PASSWORD = '…' for ${madeUp.join(', ')}.`);
        }
      }
      report({ stage: 'beforeData' });
      await runStage(scriptConnection, 'beforeData', script.beforeData, where, signal);
    } finally {
      lender.release(scriptConnection);
    }

    report({ stage: 'data' });
    const partsByTable = new Map<string, BcpPartInfo[]>();
    for (const part of reader.dataParts) {
      const key = tableKey(part.schema, part.table);
      partsByTable.set(key, [...(partsByTable.get(key) ?? []), part]);
    }
    for (const parts of partsByTable.values()) parts.sort((a, b) => a.range - b.range || a.file - b.file);
    const tablesWithData = model.tables.filter((t) => (packageRows.get(tableKey(t.schema, t.name)) ?? 0) > 0);
    let rowsDone = 0;
    await eachLimited(tablesWithData, parallel, signal, async (table: TableModel, loadSignal) => {
      const connection = await borrowConnection(lender);
      let counted = 0;
      try {
        const loaded = await bulkLoadTable(connection, reader, planBulkTable(table), partsByTable.get(tableKey(table.schema, table.name)) ?? [], {
          batchBytes: request.batchBytes ?? defaultBatchBytes,
          signal: loadSignal,
          server: target.server,
          database: plan!.workingDatabase,
          onRows: (rows) => {
            rowsDone += rows - counted;
            counted = rows;
            report({ stage: 'data', rowsDone, table: `${table.schema}.${table.name}` });
          },
        });
        rowsDone += loaded - counted;
      } finally {
        lender.release(connection);
      }
    });

    const stageConnection = await borrowConnection(lender);
    const tables: RestoredTable[] = [];
    try {
      for (const stage of ['afterData', 'programmability', 'permissions', 'extendedProperties'] as const) {
        if (stage === 'permissions') {
          if (script.permissions.length === 0) continue;
          report({ stage });
          await runTolerantStage(script.permissions.map((b) => b.sql), (sql) => runBatch(stageConnection, sql, { action: stageActions.permissions, ...where }, signal), warnings, 'not applied');
          continue;
        }
        report({ stage });
        await runStage(stageConnection, stage, script[stage], where, signal);
      }
      report({ stage: 'counts' });
      for (const table of model.tables) {
        const rows = await runBatch(stageConnection, rowCountQuery(table), { action: `counting the rows of [${table.schema}].[${table.name}] in`, ...where }, signal);
        const restoredRows = Number(rows[0]?.row_count ?? -1);
        tables.push({ schema: table.schema, name: table.name, packageRows: packageRows.get(tableKey(table.schema, table.name)) ?? 0, restoredRows });
      }
    } finally {
      lender.release(stageConnection);
    }
    const mismatched = tables.filter((t) => t.packageRows !== t.restoredRows);
    if (mismatched.length > 0) {
      throw new BackupError('internal', `Row counts differ from the package: ${mismatched.map((t) => `${t.schema}.${t.name} has ${t.restoredRows}, the package ${t.packageRows}`).join('; ')}.`, {
        hint: 'Please report this with the package.',
      });
    }
    await pool.close();
    pool = undefined;
    // On a connection of its own, after the others closed: READ_COMMITTED_SNAPSHOT and the broker need the database to themselves.
    report({ stage: 'options' });
    await applyDatabaseOptions(model, { ...target, database: plan.workingDatabase }, warnings, signal);
    report({ stage: 'finish' });
    await finishTarget(plan, target.database);
    return {
      database: target.database,
      server: target.server,
      mode: plan.mode,
      verification: handedOver ? 'as written' : 'now',
      tables,
      totalRows: tables.reduce((sum, t) => sum + t.restoredRows, 0),
      durationMs: Date.now() - started,
      warnings,
    };
  } catch (e) {
    await pool?.close().catch(() => undefined);
    let cleanup = '';
    if (plan) {
      const model = plan.mode === 'existing-empty' ? (await readPackageModel(reader).catch(() => undefined))?.model : undefined;
      cleanup = await abandonTarget(plan, async () => {
        const cleaner = await connectWithRetry({ ...target, database: plan!.workingDatabase });
        try {
          for (const sql of model ? dropStatements(model) : []) await cleaner.request().batch(sql);
        } finally {
          await cleaner.close();
        }
      });
    }
    const error = isBackupError(e) ? e : new BackupError('internal', `The restore failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    if (!cleanup) throw error;
    throw new BackupError(error.kind, `${error.message} ${cleanup}`, error.details);
  } finally {
    await plan?.master?.close().catch(() => undefined);
    await reader.close();
  }
}
