/**
 * One backup, start to finish: connect → read the schema and every table inside one snapshot transaction →
 * write model.xml and the BCP parts into a temporary file next to the target → verify it → give it its final
 * name → apply retention. A failed or cancelled backup never leaves a file under the final name, and removes
 * its temporary file.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type * as mssql from 'mssql';
import { readCatalog, tableKey } from '../catalog/readCatalog';
import { classifySqlError } from '../connection/classifySqlError';
import { connectWithRetry } from '../connection/connectWithRetry';
import { BackupError, isBackupError } from '../errors';
import { writeModelXml } from '../model/modelXmlWriter';
import type { DatabaseModel, TableModel } from '../model/types';
import { BacpacPackageWriter } from '../package/bacpacWriter';
import { verifyBacpac } from '../verify/verifyBacpac';
import { beginConsistentRead, type ConsistentReader } from './consistency';
import { formatBackupFileName } from './fileNames';
import { ProgressTracker } from './progressTracker';
import { applyRetention } from './retention';
import { createDataExclusion } from './tableFilter';
import { assertNotAborted, exportTableData, forEachLimited, PartQueue } from './tableExporter';
import type { BackupCallbacks, BackupRequest, BackupResult, TableResult } from './types';

const defaultParallelism = 4;
const poolCloseTimeoutMs = 10_000;

export async function runBackup(request: BackupRequest, callbacks: BackupCallbacks = {}): Promise<BackupResult> {
  const { signal } = callbacks;
  const settings = request.connection;
  if (!settings.database?.trim()) {
    throw new BackupError('invalid', 'No database name: Umbraco Cloud logins can only open their own database, so the name is required.');
  }
  const startedAt = new Date();
  const log = (level: 'info' | 'warn' | 'error', message: string) => callbacks.onLog?.(level, message);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    log('warn', message);
  };
  let writer: BacpacPackageWriter | undefined;
  const progress = new ProgressTracker(callbacks.onProgress, () => writer?.bytesWritten ?? 0);
  const parallel = request.consistency === 'parallel';
  const parallelism = parallel ? Math.max(1, request.parallelism ?? defaultParallelism) : 1;
  const errorContext = { server: settings.server, database: settings.database, user: settings.user, password: settings.password };

  progress.phase('connecting');
  log('info', `Connecting to ${settings.database} on ${settings.server} as ${settings.user} (encrypt ${settings.encrypt ? 'on' : 'off'}).`);
  const pool = await connectWithRetry(settings, { signal, log, poolMax: parallelism }).catch((err: unknown) => {
    const error = toBackupError(err, errorContext);
    log(error.kind === 'cancelled' ? 'info' : 'error', error.message);
    throw error;
  });
  let reader: ConsistentReader | undefined;
  let tempPath: string | undefined;
  let succeeded = false;
  try {
    assertNotAborted(signal);
    if (parallel) {
      reader = { source: pool, consistency: 'read-committed', end: async () => undefined };
      warn(`Parallel mode reads ${parallelism} tables at a time on separate connections: faster, but not transactionally consistent.`);
    } else {
      reader = await beginConsistentRead(pool, warn);
      log('info', reader.consistency === 'snapshot' ? 'Reading schema and data in one snapshot transaction.' : 'Reading under read committed.');
    }

    progress.phase('reading-schema');
    const catalog = await readCatalog(reader.source, { signal, onLog: log });
    catalog.warnings.forEach(warn);
    const model = catalog.model;
    const rowsEstimated = [...catalog.rowEstimates.values()].reduce((a, b) => a + b, 0);
    log('info', `Schema read: ${model.tables.length} tables, about ${rowsEstimated.toLocaleString('en-US')} rows.`);

    progress.phase('writing-model', { rowsEstimated });
    const written = writeModelXml(model);
    await mkdir(request.outputFolder, { recursive: true });
    const finalPath = join(request.outputFolder, formatBackupFileName(request.fileNamePattern, model.name || settings.database, startedAt));
    if (await exists(finalPath)) {
      throw new BackupError('io', `A backup named ${finalPath} already exists.`, { hint: 'Wait a second and try again, or change the file name pattern.' });
    }
    // Hidden, in the target folder (same file system, so the final rename is atomic), never matching the final name.
    tempPath = join(request.outputFolder, `.${formatBackupFileName(request.fileNamePattern, model.name || settings.database, startedAt)}.${randomBytes(4).toString('hex')}.partial`);
    writer = await BacpacPackageWriter.create(tempPath, { compression: request.compression ?? 'normal' });
    await writer.writeModel(written.xml);
    await writer.writeDacMetadata(model.name || settings.database);

    const tables = await exportData(model, catalog.rowEstimates, reader.source, writer, request, parallelism, progress, log, signal);
    const totalRows = tables.reduce((s, t) => s + t.rows, 0);

    progress.phase('finishing');
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
    if (request.verify ?? true) {
      progress.phase('verifying');
      const report = await verifyBacpac(tempPath, { signal });
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
      log('info', `Verified: ${report.tables.length} tables with data, ${report.totalRows.toLocaleString('en-US')} rows.`);
    }

    assertNotAborted(signal);
    await rename(tempPath, finalPath);
    tempPath = undefined;
    log('info', `Backup written to ${finalPath} (${finished.bytes.toLocaleString('en-US')} bytes).`);

    const deleted = request.retain ? await applyRetention(request.outputFolder, request.fileNamePattern, model.name || settings.database, request.retain) : [];
    for (const d of deleted) log('info', `Retention: removed ${d}.`);

    const result: BackupResult = {
      path: finalPath,
      bytes: finished.bytes,
      durationMs: progress.elapsedMs,
      database: model.name || settings.database,
      consistency: parallel ? 'parallel' : reader.consistency,
      tables,
      totalRows,
      warnings,
      verified,
      deleted,
    };
    succeeded = true;
    progress.phase('done', { rowsDone: totalRows, rowsEstimated: Math.max(rowsEstimated, totalRows) });
    return result;
  } catch (err) {
    const error = signal?.aborted ? new BackupError('cancelled', 'The backup was cancelled; no file was kept.') : toBackupError(err, errorContext);
    log(error.kind === 'cancelled' ? 'info' : 'error', error.message);
    throw error;
  } finally {
    if (!succeeded) await writer?.abort().catch(() => undefined);
    if (tempPath) await rm(tempPath, { force: true }).catch(() => undefined);
    await reader?.end().catch(() => undefined);
    // Bounded: a connection the server never releases must not keep a finished or cancelled backup waiting.
    await Promise.race([pool.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, poolCloseTimeoutMs).unref())]);
  }
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
    const done = await exportTableData(source, table, model, queue, { signal, reader: request.rowReader, onRows: (n) => progress.rows(n) });
    results[index].rows = done.rows;
    results[index].parts = done.parts;
    const estimate = rowEstimates.get(name);
    log('info', `${name}: ${done.rows.toLocaleString('en-US')} rows in ${done.parts} part${done.parts === 1 ? '' : 's'}${estimate !== undefined && estimate !== done.rows ? ` (estimate was ${estimate.toLocaleString('en-US')})` : ''}.`);
  });
  return results;
}

function toBackupError(err: unknown, context: Parameters<typeof classifySqlError>[1]): BackupError {
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

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
