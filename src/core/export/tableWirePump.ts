/**
 * Reads one table's rows as BCP bytes straight off the wire: the driver (tedious) runs the query on a borrowed
 * connection, and its response passes through filterRowTokens (wire/rowTokenFilter.ts), which transcodes the row
 * tokens into the part sink before the driver would parse them. No JavaScript value is made for most columns, so
 * the reading thread does a fraction of the driver's own per-row work (bench/README.md, change 10).
 *
 * The hook is tedious's `createTokenStreamParser(message, handler)`, the one place a response message becomes
 * tokens; it is overridden on the borrowed connection for this one request and restored afterwards. It is internal
 * to tedious, so `wireReadAvailable` checks for it and the export falls back to the driver path
 * (tableRowPump.ts) when a tedious version lacks it; a unit test pins that the installed version has it.
 *
 * Backpressure needs no pause/resume: while a finished part waits for room, the filter awaits, so the driver's
 * parser waits for bytes and the socket fills.
 */
import { Connection as TdsConnectionClass, Request as TdsRequest, type Connection as TdsConnection } from 'tedious';
import { classifySqlError } from '../connection/classifySqlError';
import { BackupError } from '../errors';
import type { TableReadPlan } from './tableReader';
import { borrowConnection, cancelRequest, readFailure, type ConnectionLender, type PumpOptions } from './tableRowPump';
import { filterRowTokens, type BcpRowTarget, type FilterControl } from './wire/rowTokenFilter';

/** The tedious internals the hook relies on. */
interface HookableConnection {
  createTokenStreamParser(message: AsyncIterable<Buffer>, handler: unknown): unknown;
  request?: unknown;
  state?: unknown;
  STATE?: { SENT_CLIENT_REQUEST?: unknown };
}

/** True when the installed tedious has the hook this reader needs. */
export function wireReadAvailable(): boolean {
  const proto = TdsConnectionClass.prototype as unknown as Partial<HookableConnection>;
  return typeof proto.createTokenStreamParser === 'function' && proto.STATE?.SENT_CLIENT_REQUEST !== undefined;
}

/** Routes the response to `request` (and only that) through `filter`; returns the undo. */
function interceptResponse(connection: TdsConnection, request: TdsRequest, filter: (message: AsyncIterable<Buffer>) => AsyncIterable<Buffer>): () => void {
  const hookable = connection as unknown as HookableConnection;
  const own = Object.prototype.hasOwnProperty.call(hookable, 'createTokenStreamParser');
  const original = hookable.createTokenStreamParser;
  let used = false;
  hookable.createTokenStreamParser = function (this: HookableConnection, message, handler) {
    // The first response read for this request; the attention acknowledgement after a cancel goes by unfiltered.
    if (!used && this.request === request && this.state === this.STATE?.SENT_CLIENT_REQUEST) {
      used = true;
      return original.call(this, filter(message), handler);
    }
    return original.call(this, message, handler);
  };
  return () => {
    if (own) hookable.createTokenStreamParser = original;
    else delete (hookable as Partial<HookableConnection>).createTokenStreamParser;
  };
}

/** Reads every row of `plan` into `target` as BCP; resolves with the row count, rejects with a BackupError. */
export async function pumpTableBcp(lender: ConnectionLender, plan: TableReadPlan, target: BcpRowTarget, options: PumpOptions = {}): Promise<number> {
  const { signal } = options;
  const table = `${plan.table.schema}.${plan.table.name}`;
  const cancelled = () => new BackupError('cancelled', `Cancelled while reading ${table}.`);
  if (signal?.aborted) throw cancelled();

  const connection = await borrowConnection(lender, {}).catch((err: unknown) => {
    throw classifySqlError(err, { ...options.target, action: `reading table ${table} of` });
  });
  let restore = () => {};
  try {
    return await new Promise<number>((resolve, reject) => {
      let failure: unknown;
      let driverFailure = false;
      let driverDone = false;
      let finished = false;
      let rows = 0;
      let reportedRows: number | undefined;
      // A part write the filter is waiting for: the caller must not clean up behind it.
      let waiting: Promise<void> | undefined;

      const settle = () => {
        if (finished || !driverDone || waiting) return;
        finished = true;
        signal?.removeEventListener('abort', onAbort);
        if (failure === undefined && reportedRows !== undefined && reportedRows !== rows) {
          failure = new BackupError('internal', `The server counted ${reportedRows} rows in ${table} but ${rows} were read.`);
        }
        if (failure === undefined) resolve(rows);
        else reject(readFailure(failure, driverFailure, options, cancelled, table));
      };
      const fail = (err: unknown) => {
        if (failure !== undefined) return;
        failure = err instanceof BackupError || err instanceof Error ? err : new Error(String(err));
        if (!(failure instanceof BackupError)) {
          failure = new BackupError('internal', `Reading ${table} off the wire failed: ${(failure as Error).message}`, {
            hint: 'Run the backup again with the row reader set to "driver" (setting Cloud Database Backup: Row Reader, or --row-reader driver), and please report this.',
            cause: failure,
          });
        }
        if (!driverDone) {
          cancelRequest(request, () => {
            driverDone = true;
            settle();
          });
        }
        settle();
      };
      const control: FilterControl = {
        get stopped() {
          return failure !== undefined;
        },
        fail,
      };
      const counting: BcpRowTarget = {
        get sink() {
          return target.sink;
        },
        rowWritten(bytes) {
          rows++;
          const next = target.rowWritten(bytes);
          if (!next) return undefined;
          const pending = next.finally(() => {
            waiting = undefined;
            settle();
          });
          waiting = pending;
          return pending;
        },
      };

      const request = new TdsRequest(plan.sql, (err) => {
        driverDone = true;
        if (err && failure === undefined) {
          failure = err;
          driverFailure = true;
        }
        settle();
      });
      const count = (rowCount: number | undefined) => {
        if (rowCount !== undefined) reportedRows = (reportedRows ?? 0) + rowCount;
      };
      request.on('done', count);
      request.on('doneInProc', count);
      request.on('doneProc', count);
      const onAbort = () => fail(cancelled());
      signal?.addEventListener('abort', onAbort, { once: true });
      restore = interceptResponse(connection, request, (message) => filterRowTokens(message, plan, counting, control));
      connection.execSql(request);
    });
  } finally {
    restore();
    lender.release(connection);
  }
}
