/**
 * Loads one table's BCP parts into the server as TDS bulk loads: per batch an INSERT BULK statement, then a
 * BULK_LOAD message (packet type 0x07) of COLMETADATA, ROW tokens transcoded from the BCP bytes (bulk/), and DONE.
 * The parts are inflated and transcoded as the socket takes the bytes (tedious pulls the payload with
 * backpressure), so memory stays flat whatever the table's size.
 *
 * tedious sends the message: its public BulkLoad builds rows from JavaScript values (and has no sql_variant), so
 * this goes one level down, to `Connection#makeRequest(request, packetType, payload)`, the method its own
 * execBulkLoad ends in. It is internal; `bulkLoadAvailable()` checks the installed tedious has it, and a unit test
 * pins that it does.
 */
import { Connection as TdsConnectionClass, Request as TdsRequest, type Connection as TdsConnection } from 'tedious';
import { classifySqlError } from '../connection/classifySqlError';
import { BackupError } from '../errors';
import { cancelRequest } from '../export/tableRowPump';
import type { BacpacPackageReader, BcpPartInfo } from '../package/bacpacReader';
import { cancelledRestore, runBatch } from './batchRunner';
import { BcpToTdsRows } from './bulk/bcpToTdsRows';
import { bulkColMetadata, bulkDoneToken, insertBulkStatement, type BulkTablePlan } from './bulk/bulkColumns';

const BULK_LOAD_PACKET = 0x07;

interface BulkCapableConnection {
  makeRequest(request: unknown, packetType: number, payload: AsyncIterable<Buffer> & { toString(indent?: string): string }): void;
  databaseCollation?: { toBuffer(): Buffer };
}

/** True when the installed tedious has the method the bulk load sends its message through. */
export function bulkLoadAvailable(): boolean {
  return typeof (TdsConnectionClass.prototype as unknown as Partial<BulkCapableConnection>).makeRequest === 'function';
}

/** The 5-byte collation sent with nvarchar columns: the database's, as the server announced it at login. */
function collationOf(connection: TdsConnection): Buffer {
  const collation = (connection as unknown as BulkCapableConnection).databaseCollation;
  return collation ? collation.toBuffer() : Buffer.alloc(5);
}

export interface BulkLoadTableOptions {
  batchBytes: number;
  signal?: AbortSignal;
  /** Rows sent so far in this table (called after every chunk). */
  onRows?: (rows: number) => void;
  server: string;
  database: string;
}

/** Chunks of ROW tokens with the rows they hold, read from the table's parts in order. */
async function* rowChunks(reader: BacpacPackageReader, parts: readonly BcpPartInfo[], plan: BulkTablePlan): AsyncGenerator<{ bytes: Buffer; rows: number }> {
  const transcoder = new BcpToTdsRows(plan);
  for (const part of parts) {
    let before = transcoder.rows;
    for await (const chunk of reader.openPart(part.entry)) {
      transcoder.push(chunk);
      if (transcoder.out.pos > 0) {
        yield { bytes: transcoder.out.take(), rows: transcoder.rows - before };
        before = transcoder.rows;
      }
    }
    // A part always ends at a row boundary (DacFx splits between rows); rows still carried are transcoded here.
    transcoder.end();
    if (transcoder.out.pos > 0) yield { bytes: transcoder.out.take(), rows: transcoder.rows - before };
  }
}

/**
 * Turns Nagle's algorithm off for this connection's socket (TCP_NODELAY), as SqlClient does for every socket it
 * opens. tedious leaves it on, which costs nothing for requests that wait for their answer, but a bulk load is a
 * long run of client packets with no answer until its end: each packet smaller than a TCP segment then waits for
 * the server's delayed ACK, and the data stage ran at half speed (bench/README.md, "Restore").
 */
export function sendPacketsAtOnce(connection: TdsConnection): void {
  (connection as unknown as { socket?: { setNoDelay?(noDelay?: boolean): unknown } }).socket?.setNoDelay?.(true);
}

/** Sends one BULK_LOAD message; resolves with the rows the server reports. */
function sendBulkMessage(connection: TdsConnection, payload: AsyncIterable<Buffer>, table: string, options: BulkLoadTableOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let rowCount = 0;
    const onAbort = () => cancelRequest(request, () => finish(cancelledRestore(`loading ${table}`)));
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) reject(cancelledRestore(`loading ${table}`));
      else if (err instanceof BackupError) reject(err);
      else if (err) reject(loadFailure(err, table, options));
      else resolve(rowCount);
    };
    const request = new TdsRequest(`bulk load of ${table}`, (err) => finish(err ?? undefined));
    request.on('done', (count?: number) => {
      if (count !== undefined) rowCount += count;
    });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const message = Object.assign(payload, { toString: (indent = '') => `${indent}bulk load of ${table}` });
    sendPacketsAtOnce(connection);
    (connection as unknown as BulkCapableConnection).makeRequest(request, BULK_LOAD_PACKET, message);
  });
}

/** A failure of ours (a package row that does not transcode) keeps its message; the server's is classified. */
function loadFailure(err: unknown, table: string, options: BulkLoadTableOptions): BackupError {
  const code = (err as { code?: unknown }).code;
  if (err instanceof Error && code === undefined && (err as { number?: unknown }).number === undefined) {
    return new BackupError('format', `The package's data for ${table} cannot be loaded: ${err.message}`, {
      hint: 'Check the file with "Verify Backup"; if it verifies, please report this.',
      cause: err,
    });
  }
  return classifySqlError(err, { action: `bulk loading ${table} into`, server: options.server, database: options.database });
}

/**
 * Loads every row of `parts` into `plan.table` in batches of about `batchBytes`; resolves with the rows loaded.
 * Rows go in as the parts hold them; identity values are kept (bulk/bulkColumns.ts).
 */
export async function bulkLoadTable(connection: TdsConnection, reader: BacpacPackageReader, plan: BulkTablePlan, parts: readonly BcpPartInfo[], options: BulkLoadTableOptions): Promise<number> {
  const table = `[${plan.table.schema}].[${plan.table.name}]`;
  if (plan.sent.length === 0) throw new BackupError('unsupported', `${table} has no column a bulk load can fill (only rowversion or computed columns).`);
  const source = rowChunks(reader, parts, plan)[Symbol.asyncIterator]();
  const metadata = bulkColMetadata(plan, collationOf(connection));
  const statement = insertBulkStatement(plan);
  let loaded = 0;
  let next: IteratorResult<{ bytes: Buffer; rows: number }> = await source.next();
  try {
    while (!next.done) {
      await runBatch(connection, statement, { action: `starting the bulk load of ${table} into`, server: options.server, database: options.database }, options.signal);
      let batchRows = 0;
      async function* payload(): AsyncGenerator<Buffer> {
        yield metadata;
        let bytes = 0;
        while (!next.done) {
          const { value } = next;
          yield value.bytes;
          batchRows += value.rows;
          bytes += value.bytes.length;
          options.onRows?.(loaded + batchRows);
          next = await source.next();
          if (bytes >= options.batchBytes) break;
        }
        yield bulkDoneToken();
      }
      const reported = await sendBulkMessage(connection, payload(), table, options);
      if (reported !== batchRows) {
        throw new BackupError('internal', `The server took ${reported} rows of a batch of ${batchRows} into ${table}.`, {
          hint: 'The database is incomplete; it has been removed. Please report this.',
        });
      }
      loaded += batchRows;
    }
  } finally {
    await source.return?.(undefined);
  }
  return loaded;
}
