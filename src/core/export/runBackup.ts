/**
 * One backup, start to finish: remove stale temporary files of killed runs → connect → read the schema and
 * every table inside one snapshot transaction → write model.xml and the BCP parts into a temporary file next
 * to the target → verify it → give it its final name → apply retention.
 *
 * A failed or cancelled backup never leaves a file under the final name, and removes its temporary file. A
 * transient fault after the connection is open (Azure reconfiguring or failing over, a dropped connection)
 * restarts the backup from the start, with a new snapshot and a new temporary file, a bounded number of times.
 * Once the file has its final name the backup has succeeded: what retention cannot do is a warning.
 */
import { mkdir } from 'node:fs/promises';
import type * as mssql from 'mssql';
import { readCatalog, tableKey } from '../catalog/readCatalog';
import { classifySqlError, isRetryableBackupError } from '../connection/classifySqlError';
import { weakenedTlsWarnings } from '../connection/tlsPosture';
import { abortableSleep, connectWithRetry, defaultRetryPolicy, retryDelayMs, type RetryPolicy, type Sleep } from '../connection/connectWithRetry';
import { BackupError, isBackupError, redactSecret, withoutSecret } from '../errors';
import { writeModelXml } from '../model/modelXmlWriter';
import type { DatabaseModel, TableModel } from '../model/types';
import { BacpacPackageWriter } from '../package/bacpacWriter';
import type { VerifyReport } from '../verify/types';
import { verifyBacpac } from '../verify/verifyBacpac';
import { carriedSecurity, describeCarried } from './carriedSummary';
import { beginConsistentRead, type ConsistentReader } from './consistency';
import { fileErrorReason, lockTolerant, removeIfPresent, type LockRetryOptions } from '../files/lockedFileRetry';
import { longWindowsPathWarning, platformPath, type PathApi } from '../files/platformPaths';
import { backupFilePaths, formatBackupFileName, retentionPatternProblem } from './fileNames';
import { nodeFolderFs, type FolderFs } from './folderFs';
import { ProgressTracker } from './progressTracker';
import { applyRetention } from './retention';
import { createDataExclusion } from './tableFilter';
import { assertNotAborted, exportTableData, forEachLimited, PartQueue } from './tableExporter';
import { removeStaleTempFiles, tempFileName, type StaleCleanupOptions } from './tempFiles';
import type { BackupCallbacks, BackupRequest, BackupResult, TableResult } from './types';

const defaultParallelism = 4;
const poolCloseTimeoutMs = 10_000;
/** Restarts of the whole backup after a transient fault once connected. */
export const backupRestartLimit = 3;

/** What a backup uses of the world, injectable for tests and platform layers. */
export interface BackupRuntime {
  /**
   * The output folder's file operations (listing, deleting, the final rename). Renames and deletes are retried
   * while another program holds the file (a scanner or indexer on Windows), bounded and logged.
   */
  fs?: FolderFs;
  /** Pauses between those retries, which error codes mean "locked" (default: this platform's), and the sleep. */
  lockRetry?: Pick<LockRetryOptions, 'delaysMs' | 'codes' | 'sleep'>;
  /** Path rules (default: the platform's); tests build paths with path.win32 and path.posix. */
  path?: PathApi;
  /** Delays between connection attempts and between restarts (default 5 s, doubling, capped at 60 s). */
  retry?: Partial<RetryPolicy>;
  sleep?: Sleep;
  /** Who owns a temporary file and whether its process runs (stale-temp cleanup). */
  tempFiles?: Omit<StaleCleanupOptions, 'fs'>;
}

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

export async function runBackup(request: BackupRequest, callbacks: BackupCallbacks = {}, runtime: BackupRuntime = {}): Promise<BackupResult> {
  const { signal } = callbacks;
  const settings = request.connection;
  if (!settings.database?.trim()) {
    throw new BackupError('invalid', 'No database name: Umbraco Cloud logins can only open their own database, so the name is required.');
  }
  // Before connecting: a pattern retention cannot use would delete the wrong files.
  const patternProblem = request.retain ? retentionPatternProblem(request.fileNamePattern) : undefined;
  if (patternProblem) throw new BackupError('invalid', patternProblem, { hint: 'Change the file name pattern, or turn retention off.' });
  // Every line and error leaves with the password removed, whatever phase it comes from: a server may echo it.
  const log: Log = (level, message) => callbacks.onLog?.(level, redactSecret(message, request.connection.password));
  const warnings: string[] = [];
  const warn = (message: string) => {
    if (!warnings.includes(message)) warnings.push(message);
    log('warn', message);
  };
  // Scanners and indexers hold fresh files on Windows: renames and deletes wait for them (bounded, logged).
  const fs = lockTolerant(runtime.fs ?? nodeFolderFs, { ...runtime.lockRetry, signal, log });
  const path = runtime.path ?? platformPath;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...runtime.retry };
  const sleep = runtime.sleep ?? abortableSleep;
  let bytesWritten = () => 0;
  const progress = new ProgressTracker(callbacks.onProgress, () => bytesWritten());

  weakenedTlsWarnings(request.connection).forEach(warn);
  await cleanUpStaleTempFiles(request.outputFolder, fs, path, runtime, warn);
  for (let restart = 0; ; restart++) {
    const attempt: AttemptState = { connected: false };
    try {
      return await attemptBackup(request, { signal, log, warn, warnings, fs, path, policy, sleep, progress, attempt, setBytes: (f) => (bytesWritten = f) });
    } catch (err) {
      const error = signal?.aborted ? new BackupError('cancelled', 'The backup was cancelled; no file was kept.') : withoutSecret(toBackupError(err, settings), settings.password);
      // Faults while connecting were retried by connectWithRetry already; what it gave up on is final.
      if (attempt.connected && restart < backupRestartLimit && isRetryableBackupError(error)) {
        const delay = retryDelayMs(restart + 1, policy);
        const note = `${faultName(error)} ${attempt.failedIn ?? attempt.where ?? 'during the backup'}; retrying ${restart + 1} of ${backupRestartLimit} in ${Math.round(delay / 1000)} s`;
        warn(`${note} (the backup starts again with a new snapshot): ${error.message}`);
        progress.message(note);
        try {
          await sleep(delay, signal);
        } catch {
          const cancelled = new BackupError('cancelled', 'The backup was cancelled; no file was kept.');
          log('info', cancelled.message);
          throw cancelled;
        }
        progress.restart();
        continue;
      }
      log(error.kind === 'cancelled' ? 'info' : 'error', error.message);
      throw error;
    }
  }
}

interface AttemptState {
  /** The connection was open: a transient fault from here on restarts the backup. */
  connected: boolean;
  /** Where the attempt was when it failed, for the retry message: "in dbo.umbracoNode", "while reading the schema". */
  where?: string;
  /** The table whose read failed first (several run at once in parallel mode). */
  failedIn?: string;
}

interface AttemptContext {
  signal: AbortSignal | undefined;
  log: Log;
  warn: (message: string) => void;
  warnings: string[];
  fs: FolderFs;
  path: PathApi;
  policy: RetryPolicy;
  sleep: Sleep;
  progress: ProgressTracker;
  attempt: AttemptState;
  setBytes(bytes: () => number): void;
}

async function attemptBackup(request: BackupRequest, ctx: AttemptContext): Promise<BackupResult> {
  const { signal, log, warn, warnings, fs, path, progress, attempt } = ctx;
  const settings = request.connection;
  const startedAt = new Date();
  const parallel = request.consistency === 'parallel';
  const parallelism = parallel ? Math.max(1, request.parallelism ?? defaultParallelism) : 1;

  progress.phase('connecting');
  log('info', `Connecting to ${settings.database} on ${settings.server} as ${settings.user} (encrypt ${settings.encrypt === 'strict' ? 'strict' : settings.encrypt ? 'on' : 'off'}).`);
  const pool = await connectWithRetry(settings, { signal, log, poolMax: parallelism, retry: ctx.policy, sleep: ctx.sleep });
  attempt.connected = true;
  let writer: BacpacPackageWriter | undefined;
  let reader: ConsistentReader | undefined;
  let tempPath: string | undefined;
  let renamed = false;
  let keptTemp = false;
  try {
    assertNotAborted(signal);
    attempt.where = 'while starting the snapshot';
    if (parallel) {
      reader = { source: pool, consistency: 'read-committed', end: async () => undefined };
      warn(`Parallel mode reads ${parallelism} tables at a time on separate connections: faster, but not transactionally consistent.`);
    } else {
      reader = await beginConsistentRead(pool, warn);
      log('info', reader.consistency === 'snapshot' ? 'Reading schema and data in one snapshot transaction.' : 'Reading under read committed.');
    }

    progress.phase('reading-schema');
    attempt.where = 'while reading the schema';
    const catalog = await readCatalog(reader.source, {
      signal, onLog: log, dataExcluded: createDataExclusion(request.excludeData), target: { server: settings.server, database: settings.database },
    });
    // readCatalog has logged them already; a restarted attempt reads them again.
    for (const w of catalog.warnings) if (!warnings.includes(w)) warnings.push(w);
    const model = catalog.model;
    const database = model.name || settings.database;
    const rowsEstimated = [...catalog.rowEstimates.values()].reduce((a, b) => a + b, 0);
    log('info', `Schema read: ${model.tables.length} tables, about ${rowsEstimated.toLocaleString('en-US')} rows.`);
    const carried = carriedSecurity(model);
    log('info', `Carried besides the tables: ${describeCarried(carried)}.`);

    progress.phase('writing-model', { rowsEstimated });
    attempt.where = 'while writing the package';
    const written = writeModelXml(model);
    await mkdir(request.outputFolder, { recursive: true });
    const finalName = formatBackupFileName(request.fileNamePattern, database, startedAt);
    // The temporary file is hidden, in the target folder (same file system, so the final rename is atomic), never
    // matches the final name, and names its owner so a later run can tell a leftover from a backup in progress.
    const paths = backupFilePaths(request.outputFolder, finalName, tempFileName(finalName), path);
    const finalPath = paths.finalPath;
    if (await exists(fs, finalPath)) {
      throw new BackupError('io', `A backup named ${finalPath} already exists.`, { hint: 'Wait a second and try again, or change the file name pattern.' });
    }
    const longPath = longWindowsPathWarning(finalPath, path);
    if (longPath) warn(longPath);
    tempPath = paths.tempPath;
    const packageWriter = await BacpacPackageWriter.create(tempPath, { compression: request.compression ?? 'normal' });
    writer = packageWriter;
    ctx.setBytes(() => packageWriter.bytesWritten);
    await writer.writeModel(written.xml);
    await writer.writeDacMetadata(database);

    const tables = await exportData(model, catalog.rowEstimates, reader.source, writer, request, parallelism, progress, log, signal, attempt);
    const totalRows = tables.reduce((s, t) => s + t.rows, 0);

    progress.phase('finishing');
    attempt.where = 'while finishing the package';
    const finished = await writer.finish({
      serverVersionText: model.server.versionText,
      objectCounts: written.objectCounts,
      totalRows,
      sourceDatabaseSizeKb: catalog.sizeKb,
      modelSchemaVersion: written.schemaVersion,
      operationStart: startedAt,
    });
    await reader.end();

    let verified = false;
    let verifyReport: VerifyReport | undefined;
    if (request.verify ?? true) {
      progress.phase('verifying');
      attempt.where = 'while verifying';
      // No model.xml limits: this process wrote the package, and already held its model.
      const report = await verifyBacpac(tempPath, { signal, modelXmlLimits: { bytes: Infinity, elements: Infinity } });
      if (!report.ok) {
        const first = report.errors.slice(0, 3).map((e) => `${e.code}: ${e.message}`).join('; ');
        throw new BackupError('format', `The backup did not pass verification, so it was not kept: ${first}`, {
          hint: 'This is a bug in Cloud Database Backup; please report it with the log.',
        });
      }
      if (report.totalRows !== totalRows) {
        throw new BackupError('format', `The backup holds ${report.totalRows} rows, but ${totalRows} were written.`);
      }
      verified = true;
      verifyReport = report;
      log('info', `Verified: ${report.tables.length} tables with data, ${report.totalRows.toLocaleString('en-US')} rows.`);
    }

    assertNotAborted(signal);
    try {
      await giveFinalName(fs, path, { tempPath, finalPath, verified }, signal);
    } catch (err) {
      keptTemp = err instanceof UnnamedBackupError;
      throw err;
    }
    renamed = true;
    tempPath = undefined;
    log('info', `Backup written to ${finalPath} (${finished.bytes.toLocaleString('en-US')} bytes).`);

    // From here on the backup has succeeded: nothing below may turn it into a failure.
    const verification = verifyReport && (await fileFacts(fs, finalPath).then((f) => f && { report: verifyReport!, ...f }));
    const deleted = await retainNewest(request, database, finalName, { fs, path }, log, warn);
    const result: BackupResult = {
      path: finalPath,
      bytes: finished.bytes,
      durationMs: progress.elapsedMs,
      database,
      consistency: parallel ? 'parallel' : reader.consistency,
      tables,
      totalRows,
      warnings,
      carried,
      verified,
      verification,
      deleted,
    };
    progress.phase('done', { rowsDone: totalRows, rowsEstimated: Math.max(rowsEstimated, totalRows) });
    return result;
  } finally {
    // abort() removes the temporary file, unless it holds the finished backup that could not be renamed.
    if (!renamed && !keptTemp) await writer?.abort().catch(() => undefined);
    if (tempPath && !keptTemp) {
      const temp = tempPath;
      await removeIfPresent(fs, temp).catch((error: unknown) =>
        log('warn', `The temporary file ${temp} could not be removed (${fileErrorReason(error)}); delete it yourself.`),
      );
    }
    await reader?.end().catch(() => undefined);
    // Bounded: a connection the server never releases must not keep a finished or cancelled backup waiting.
    await Promise.race([pool.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, poolCloseTimeoutMs).unref())]);
  }
}

/** Retention after a successful backup: its problems are warnings that name the file, never a failure. */
async function retainNewest(
  request: BackupRequest,
  database: string,
  justWritten: string,
  ports: { fs: FolderFs; path: PathApi },
  log: Log,
  warn: (m: string) => void,
): Promise<string[]> {
  if (!request.retain) return [];
  try {
    const outcome = await applyRetention({ folder: request.outputFolder, pattern: request.fileNamePattern, database, keep: request.retain, justWritten, ...ports });
    for (const d of outcome.deleted) log('info', `Retention: removed ${d}.`);
    outcome.warnings.forEach(warn);
    return outcome.deleted;
  } catch (err) {
    warn(`Retention did not run to the end: ${(err as Error).message}`);
    return [];
  }
}

/** Removes what killed or crashed runs left in the folder, and says what came back. Never fails the backup. */
async function cleanUpStaleTempFiles(folder: string, fs: FolderFs, path: PathApi, runtime: BackupRuntime, warn: (m: string) => void): Promise<void> {
  try {
    const outcome = await removeStaleTempFiles(folder, { ...runtime.tempFiles, fs, path });
    if (outcome.removed.length > 0) {
      const bytes = outcome.removed.reduce((sum, r) => sum + r.bytes, 0);
      const names = outcome.removed.map((r) => r.path).join(', ');
      // A warning, not an info line: disk space went missing earlier, and a person should hear about it once.
      warn(`Removed ${outcome.removed.length} temporary file${outcome.removed.length === 1 ? '' : 's'} left by interrupted backups (${bytes.toLocaleString('en-US')} bytes freed): ${names}.`);
    }
    outcome.warnings.forEach(warn);
  } catch (err) {
    warn(`Temporary files of interrupted backups could not be checked: ${(err as Error).message}`);
  }
}

/** A finished backup that could not get its final name: its temporary file is kept, and the message says where. */
class UnnamedBackupError extends BackupError {}

/**
 * Renames the finished temporary file to the backup's name. When that finally fails (a file still locked after the
 * retries, a permission taken away), the finished package is worth more than a clean folder: it stays under its
 * temporary name and the message says where it is — unless the person cancelled, which removes it as promised.
 */
async function giveFinalName(
  fs: FolderFs,
  path: PathApi,
  { tempPath, finalPath, verified }: { tempPath: string; finalPath: string; verified: boolean },
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    await fs.rename(tempPath, finalPath);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new UnnamedBackupError(
      'io',
      `The backup was written${verified ? ' and verified' : ''}, but it could not be renamed to ${finalPath}: ${fileErrorReason(error)}. It is kept as ${tempPath}.`,
      { hint: `Rename that file to ${path.basename(finalPath)} yourself once no other program holds it.`, cause: error },
    );
  }
}

/** The short name of a fault for the retry line: "connection lost", "Azure SQL error 40613", "timeout". */
function faultName(error: BackupError): string {
  if (error.kind === 'transient') return `Azure SQL error ${error.details.sqlErrorNumber ?? ''}`.trim();
  if (error.kind === 'timeout') return 'timeout';
  return 'connection lost';
}

async function exportData(
  model: DatabaseModel,
  rowEstimates: Map<string, number>,
  source: { request(): mssql.Request },
  writer: BacpacPackageWriter,
  request: BackupRequest,
  parallelism: number,
  progress: ProgressTracker,
  log: (level: 'info' | 'warn' | 'error', message: string) => void,
  signal: AbortSignal | undefined,
  attempt: AttemptState,
): Promise<TableResult[]> {
  const isExcluded = createDataExclusion(request.excludeData);
  const queue = new PartQueue(writer);
  const results: TableResult[] = model.tables.map((t) => ({ schema: t.schema, name: t.name, rows: 0, dataExcluded: isExcluded(t), parts: 0 }));
  const toRead = model.tables.map((table, index) => ({ table, index })).filter(({ index }) => !results[index].dataExcluded);
  for (const r of results.filter((r) => r.dataExcluded)) log('info', `Data of ${r.schema}.${r.name} excluded (its schema is kept).`);
  progress.phase('exporting-data');
  let started = 0;
  await forEachLimited(toRead, parallelism, async ({ table, index }: { table: TableModel; index: number }) => {
    assertNotAborted(signal);
    const name = tableKey(table);
    progress.table(++started, toRead.length, name);
    attempt.where = `in ${name}`;
    const target = { server: request.connection.server, database: model.name || request.connection.database };
    const done = await exportTableData(source, table, model, queue, { signal, reader: request.rowReader, onRows: (n) => progress.rows(n), target }).catch((err: unknown) => {
      attempt.failedIn ??= `in ${name}`;
      throw err;
    });
    results[index].rows = done.rows;
    results[index].parts = done.parts;
    const estimate = rowEstimates.get(name);
    log('info', `${name}: ${done.rows.toLocaleString('en-US')} rows in ${done.parts} part${done.parts === 1 ? '' : 's'}${estimate !== undefined && estimate !== done.rows ? ` (estimate was ${estimate.toLocaleString('en-US')})` : ''}.`);
  });
  return results;
}

function toBackupError(err: unknown, settings: BackupRequest['connection']): BackupError {
  const context = { server: settings.server, database: settings.database, user: settings.user, password: settings.password };
  if (isBackupError(err)) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && ['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EEXIST', 'ENOENT', 'EISDIR'].includes(code)) {
    return new BackupError('io', `The backup file could not be written: ${(err as Error).message}`, {
      hint: code === 'ENOSPC' ? 'Free some disk space, or choose another backups folder.' : 'Check the backups folder and its permissions.',
      cause: err,
    });
  }
  return classifySqlError(err, { ...context, action: 'backing up' });
}

/** Size and modification time of the file just named, or undefined when it cannot be read (nothing depends on it). */
async function fileFacts(fs: FolderFs, path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    const info = await fs.lstat(path);
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

async function exists(fs: FolderFs, path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
