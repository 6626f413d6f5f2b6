/**
 * Pumps one table's rows from the driver straight into a consumer, one reused row at a time.
 *
 * This is the export's hot path. It talks to tedious directly on a connection borrowed from mssql (a pool, or
 * the snapshot transaction), because the mssql request layer adds per-row work we do not need (a second row
 * array, value correction, events), and an async iterator in between would add a queue and a promise round trip
 * per batch; together those cost more than encoding the row (bench/README.md, optimisation log, change 5).
 *
 * Backpressure: when the consumer returns a promise (a finished part waiting for the zip), the request is paused
 * until it settles. A row that still arrives while paused is decoded into its own array and delivered in order
 * afterwards, so the consumer never sees two rows at once and never a row it did not ask for.
 */
import { Request as TdsRequest, type Connection as TdsConnection } from 'tedious';
import type { SqlRow, SqlValue } from '../bcp/values';
import { classifySqlError } from '../connection/classifySqlError';
import { BackupError } from '../errors';
import type { TableReadPlan } from './tableReader';

/**
 * Lends tedious connections: mssql's ConnectionPool and Transaction both do (`acquire`/`release`, the methods
 * mssql's own Request uses). A transaction lends its one connection to one request at a time.
 */
export interface ConnectionLender {
  acquire(requester: unknown, callback: (err: unknown, connection?: TdsConnection) => void): unknown;
  release(connection: TdsConnection): unknown;
}

/** An mssql ConnectionPool or Transaction seen as a lender (their typings leave acquire/release out). */
export function asConnectionLender(source: object): ConnectionLender {
  const lender = source as Partial<ConnectionLender>;
  if (typeof lender.acquire !== 'function' || typeof lender.release !== 'function') {
    throw new BackupError('internal', 'The connection source cannot lend connections.');
  }
  return lender as ConnectionLender;
}

/** Takes one row; the row array is reused for the next row, so keep nothing from it. A promise pauses the read. */
export type RowConsumer = (row: SqlRow) => void | Promise<void>;

export interface PumpOptions {
  signal?: AbortSignal;
  /** Named in messages about a failed read ("… while reading table X of database Y on Z"). */
  target?: { server?: string; database?: string };
}

/** How long a cancelled request may take to hand its connection back before the pump stops waiting. */
const cancelSettleTimeoutMs = 10_000;

/** A column of a tedious row event. */
export interface TdsColumn {
  value: unknown;
}

/** Decodes one tedious row into `into` (the SqlRow layout of `plan`): NULL stays null, the rest goes through each column's decoder. */
export function decodeColumns(plan: TableReadPlan, columns: readonly TdsColumn[], into: SqlRow): SqlRow {
  const decoders = plan.columns;
  for (let i = 0; i < decoders.length; i++) {
    const v = columns[i].value;
    into[i] = v === null || v === undefined ? null : decoders[i].decode(v);
  }
  return into;
}

/** What a failed read rejects with: "cancelled" after an abort, our own failure as it is, the driver's classified. */
export function readFailure(failure: unknown, driverFailure: boolean, options: PumpOptions, cancelled: () => BackupError, table: string): unknown {
  if (options.signal?.aborted) return cancelled();
  if (failure instanceof BackupError || !driverFailure) return failure;
  return classifySqlError(failure, { ...options.target, action: `reading table ${table} of` });
}

/**
 * Stops the server sending the rest (an ATTENTION); the request's callback follows once the driver is done. Only then
 * is the connection free for the next request or the rollback; a driver that never answers is given up on after
 * a while (`giveUp`) rather than hanging the backup.
 */
export function cancelRequest(request: TdsRequest, giveUp: () => void): void {
  request.cancel();
  setTimeout(giveUp, cancelSettleTimeoutMs).unref();
}

/** Borrows a connection; give it back with `lender.release(connection)`. */
export function borrowConnection(lender: ConnectionLender, requester: object = {}): Promise<TdsConnection> {
  return new Promise((resolve, reject) => {
    lender.acquire(requester, (err, connection) => (err || !connection ? reject(err ?? new Error('No connection was lent.')) : resolve(connection)));
  });
}

/** Reads every row of `plan` into `consume`; resolves when the last row was consumed, rejects with a BackupError. */
export async function pumpTableRows(lender: ConnectionLender, plan: TableReadPlan, consume: RowConsumer, options: PumpOptions = {}): Promise<void> {
  const { signal } = options;
  const table = `${plan.table.schema}.${plan.table.name}`;
  const cancelled = () => new BackupError('cancelled', `Cancelled while reading ${table}.`);
  if (signal?.aborted) throw cancelled();

  const width = plan.columns.length;
  const requester = {};
  const connection = await borrowConnection(lender, requester).catch((err: unknown) => {
    throw classifySqlError(err, { ...options.target, action: `reading table ${table} of` });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      let failure: unknown;
      // Only what the driver reports is a database error to classify; our own failures (decoding, the consumer,
      // the part writes it waits for) keep their message.
      let driverFailure = false;
      let finished = false;
      let driverDone = false;
      let waiting: Promise<void> | undefined;
      const backlog: SqlRow[] = [];
      const shared: SqlRow = new Array<SqlValue>(width);

      // Ends only when the driver is done with the connection AND the consumer has no wait pending: a consumer still
      // writing a part when the read fails must finish (or fail) before the caller cleans up behind it.
      const settle = () => {
        if (finished || !driverDone || waiting) return;
        finished = true;
        signal?.removeEventListener('abort', onAbort);
        if (failure === undefined) resolve();
        else reject(readFailure(failure, driverFailure, options, cancelled, table));
      };
      const fail = (err: unknown) => {
        if (failure !== undefined) return;
        failure = err;
        if (!driverDone) {
          cancelRequest(request, () => {
            driverDone = true;
            settle();
          });
        }
        if (request.paused) request.resume();
        settle();
      };

      // Delivers backlog rows after a wait; resumes the driver once the consumer keeps up again.
      const drain = () => {
        waiting = undefined;
        while (failure === undefined && backlog.length > 0) {
          const next = consume(backlog.shift() as SqlRow);
          if (next) return wait(next);
        }
        if (failure === undefined && request.paused) request.resume();
        settle();
      };
      const wait = (pending: Promise<void>) => {
        waiting = pending;
        if (!driverDone) request.pause();
        pending.then(drain, (err: unknown) => {
          waiting = undefined;
          fail(err);
          settle();
        });
      };

      const request = new TdsRequest(plan.sql, (err) => {
        driverDone = true;
        if (err && failure === undefined) {
          failure = err;
          driverFailure = true;
        }
        settle();
      });
      request.on('row', (columns: TdsColumn[]) => {
        if (failure !== undefined) return;
        try {
          if (waiting) {
            backlog.push(decodeColumns(plan, columns, new Array<SqlValue>(width)));
            return;
          }
          const next = consume(decodeColumns(plan, columns, shared));
          if (next) wait(next);
        } catch (err) {
          // Thrown inside the driver's event it would break the connection; end the request instead.
          fail(err);
        }
      });
      const onAbort = () => fail(cancelled());
      signal?.addEventListener('abort', onAbort, { once: true });
      connection.execSql(request);
    });
  } finally {
    lender.release(connection);
  }
}
