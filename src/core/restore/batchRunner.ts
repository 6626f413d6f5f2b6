/**
 * Runs T-SQL batches one after another on one borrowed connection, so that session settings (SET ANSI_NULLS …)
 * hold for the batches that follow, as they do in sqlcmd. Cancellation sends an ATTENTION and waits for the
 * driver to settle before the connection is handed back.
 */
import { Request as TdsRequest, type Connection as TdsConnection } from 'tedious';
import { classifySqlError, type SqlErrorContext } from '../connection/classifySqlError';
import { BackupError } from '../errors';
import { cancelRequest } from '../export/tableRowPump';

export type ResultRow = Record<string, unknown>;

export function cancelledRestore(what: string): BackupError {
  return new BackupError('cancelled', `Restore cancelled while ${what}.`);
}

/** Runs one batch; resolves with the rows of its result sets (by column name). */
export function runBatch(connection: TdsConnection, sql: string, context: SqlErrorContext & { action: string }, signal?: AbortSignal): Promise<ResultRow[]> {
  const what = context.action;
  if (signal?.aborted) return Promise.reject(cancelledRestore(what));
  return new Promise((resolve, reject) => {
    const rows: ResultRow[] = [];
    let settled = false;
    const onAbort = () => cancelRequest(request, () => finish(cancelledRestore(what)));
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(cancelledRestore(what));
      else if (err) reject(err instanceof BackupError ? err : classifySqlError(err, context));
      else resolve(rows);
    };
    const request = new TdsRequest(sql, (err) => finish(err ?? undefined));
    request.on('row', (columns: { value: unknown; metadata: { colName: string } }[]) => {
      const row: ResultRow = {};
      for (const c of columns) row[c.metadata.colName] = c.value;
      rows.push(row);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    connection.execSqlBatch(request);
  });
}
