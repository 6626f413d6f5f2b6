/**
 * `--json`: what a backup run reports as data, one document on stdout at the end (progress and human
 * messages stay on stderr). The shapes are documented in the README ("Unattended runs"); fields are only ever
 * added. Error messages are the core's, which never contain a password.
 */
import { BackupError } from '../core/errors';
import type { BackupResult } from '../core/export/types';
import { UsageError } from './args';
import { exitCodeFor, ExitCode } from './exitCodes';

export interface JsonTable {
  schema: string;
  name: string;
  rows: number;
  parts: number;
  dataExcluded: boolean;
}

export interface JsonError {
  kind: string;
  message: string;
  hint?: string;
  sqlErrorNumber?: number;
  clientIp?: string;
}

export type JsonBackupReport =
  | {
      ok: true;
      exitCode: 0;
      name?: string;
      database: string;
      file: string;
      bytes: number;
      durationMs: number;
      consistency: BackupResult['consistency'];
      verified: boolean;
      totalRows: number;
      tables: JsonTable[];
      warnings: string[];
      deleted: string[];
    }
  | { ok: false; exitCode: number; name?: string; database?: string; error: JsonError };

export interface JsonBatchReport {
  ok: boolean;
  /** The worst (highest) exit code of the databases, which is also the process's. */
  exitCode: number;
  databases: JsonBackupReport[];
}

export function successReport(result: BackupResult, name?: string): JsonBackupReport {
  return {
    ok: true,
    exitCode: 0,
    ...(name !== undefined ? { name } : {}),
    database: result.database,
    file: result.path,
    bytes: result.bytes,
    durationMs: Math.round(result.durationMs),
    consistency: result.consistency,
    verified: result.verified,
    totalRows: result.totalRows,
    tables: result.tables.map((t) => ({ schema: t.schema, name: t.name, rows: t.rows, parts: t.parts, dataExcluded: t.dataExcluded })),
    warnings: [...result.warnings],
    deleted: [...result.deleted],
  };
}

export function failureReport(error: unknown, context: { name?: string; database?: string } = {}): JsonBackupReport {
  const exitCode = exitCodeOf(error);
  const e: JsonError =
    error instanceof BackupError
      ? {
          kind: error.kind,
          message: error.message,
          ...(error.details.hint ? { hint: error.details.hint } : {}),
          ...(error.details.sqlErrorNumber !== undefined ? { sqlErrorNumber: error.details.sqlErrorNumber } : {}),
          ...(error.details.clientIp ? { clientIp: error.details.clientIp } : {}),
        }
      : { kind: error instanceof UsageError ? 'usage' : 'internal', message: error instanceof Error ? error.message : String(error) };
  return { ok: false, exitCode, ...(context.name !== undefined ? { name: context.name } : {}), ...(context.database !== undefined ? { database: context.database } : {}), error: e };
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof BackupError) return exitCodeFor(error.kind);
  if (error instanceof UsageError) return ExitCode.usage;
  return ExitCode.failed;
}

export function printJson(document: unknown, out: NodeJS.WritableStream = process.stdout): void {
  out.write(JSON.stringify(document, null, 2) + '\n');
}
