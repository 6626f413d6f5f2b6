/**
 * Writing one response message: result sets row by row (ROW or NBCROW), DML counts, the DONE family in
 * SQL Server's order, and the scripted faults (error or drop after n rows, slow rows). Rows are pulled
 * from the handler's (async) iterable only as fast as the socket takes them.
 */
import type { SqlRow } from '../../../src/core/bcp/values';
import type { ResponseAction, ResponseItem, ResultSet } from './api';
import type { MessageWriter } from './packets';
import {
  CURCMD_SELECT, DoneStatus, Token, writeColMetadata, writeDone, writeError, writeInfo, writeReturnStatus,
} from './tokens';
import { ColumnEncoder, EncoderContext, columnEncoder } from './typeEncoders';

export type RequestKind = 'batch' | 'rpc';

/** What a response needs from its connection. */
export interface ResponseTarget {
  writer: MessageWriter;
  serverName: string;
  encoderContext: EncoderContext;
  nbcRow: 'auto' | 'never' | 'always';
  /** Sends rows no faster than this many bytes a second (see TdsServerOptions.linkBytesPerSecond). */
  linkBytesPerSecond?: number;
  /** End the message after ATTENTION (the acknowledgement follows as its own message). */
  endAborted(): void;
  /** Flush what was written and cut the connection. */
  drop(): Promise<void>;
}

function isResultSet(item: ResponseItem): item is ResultSet {
  return 'columns' in item;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export const untilAborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

/** The end of a response: DONE for a batch; (DONEINPROC on error,) RETURNSTATUS and DONEPROC for an RPC. */
export function writeFinalDone(w: MessageWriter, kind: RequestKind, status: number): void {
  if (kind === 'rpc') {
    if (status & DoneStatus.ERROR) writeDone(w, Token.DONEINPROC, status, 0, 0);
    writeReturnStatus(w, status & DoneStatus.ERROR ? -6 : 0);
    writeDone(w, Token.DONEPROC, status, 0, 0);
  } else {
    writeDone(w, Token.DONE, status, 0, 0);
  }
}

/** Streams result sets and DML counts, honouring faults, backpressure and ATTENTION. */
export async function streamResponse(target: ResponseTarget, items: ResponseItem[], action: ResponseAction, kind: RequestKind, signal: AbortSignal): Promise<void> {
  const w = target.writer;
  const doneToken = kind === 'rpc' ? Token.DONEINPROC : Token.DONE;
  const nbc = target.nbcRow;
  const aborted = untilAborted(signal);
  let rowsSent = 0;
  const link = target.linkBytesPerSecond ? { rate: target.linkBytesPerSecond, start: performance.now(), sent: w.bytesWritten } : undefined;
  for (const info of action.infoMessages ?? []) writeInfo(w, { ...info, serverName: target.serverName });
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const last = i === items.length - 1;
    const more = !last || kind === 'rpc' ? DoneStatus.MORE : 0;
    if (!isResultSet(item)) {
      writeDone(w, doneToken, DoneStatus.COUNT | more, 0xc3, item.rowsAffected);
      continue;
    }
    const encoders = item.columns.map((c) => columnEncoder(c, target.encoderContext));
    writeColMetadata(w, encoders);
    let count = 0;
    const rows = item.rows;
    const sync = !(Symbol.asyncIterator in rows);
    const iterator = sync ? (rows as Iterable<SqlRow>)[Symbol.iterator]() : (rows as AsyncIterable<SqlRow>)[Symbol.asyncIterator]();
    for (;;) {
      if (signal.aborted) return target.endAborted();
      if (action.dropAfterRows !== undefined && rowsSent >= action.dropAfterRows) return target.drop();
      if (action.errorAfterRows !== undefined && rowsSent >= action.errorAfterRows) {
        writeError(w, { ...(action.error ?? { number: 50000, message: 'TDS double: scripted error' }), serverName: target.serverName });
        writeDone(w, doneToken, DoneStatus.ERROR | DoneStatus.COUNT | (kind === 'rpc' ? DoneStatus.MORE : 0), CURCMD_SELECT, count);
        if (kind === 'rpc') writeFinalDone(w, 'rpc', DoneStatus.ERROR);
        w.endMessage();
        return;
      }
      const step = sync ? (iterator as Iterator<SqlRow>).next() : await (iterator as AsyncIterator<SqlRow>).next();
      if (step.done) break;
      writeRow(w, encoders, step.value, nbc);
      count++;
      rowsSent++;
      if (action.delayMsPerRow) {
        w.flushPartial();
        await sleep(action.delayMsPerRow, signal);
      }
      if (link) {
        // Ahead of the link's schedule: wait until the bytes sent so far would have gone through it.
        const ahead = ((w.bytesWritten - link.sent) / link.rate) * 1000 - (performance.now() - link.start);
        if (ahead > 2) await sleep(ahead, signal);
      }
      if (w.needsDrain) await Promise.race([w.waitForDrain(), aborted]);
    }
    writeDone(w, doneToken, DoneStatus.COUNT | more, CURCMD_SELECT, count);
  }
  if (action.errorAfterRows !== undefined && rowsSent >= action.errorAfterRows) {
    writeError(w, { ...(action.error ?? { number: 50000, message: 'TDS double: scripted error' }), serverName: target.serverName });
    writeFinalDone(w, kind, DoneStatus.ERROR);
    w.endMessage();
    return;
  }
  if (action.dropAfterRows !== undefined) return target.drop();
  if (kind === 'rpc') writeFinalDone(w, 'rpc', DoneStatus.FINAL);
  else if (items.length === 0) writeDone(w, Token.DONE, DoneStatus.FINAL, 0, 0);
  w.endMessage();
}


/** ROW, or NBCROW when the NULL bitmap is cheaper than the NULLs it replaces. */
export function writeRow(w: MessageWriter, encoders: ColumnEncoder[], row: SqlRow, nbc: 'auto' | 'never' | 'always'): void {
  const n = encoders.length;
  if (row.length !== n) throw new Error(`TDS double: row has ${row.length} values for ${n} columns`);
  let useNbc = nbc === 'always';
  if (nbc === 'auto') {
    let saved = 0;
    for (let i = 0; i < n; i++) if (row[i] === null) saved += encoders[i].nullCost;
    useNbc = saved > (n + 7) >> 3;
  }
  if (!useNbc) {
    w.u8(Token.ROW);
    for (let i = 0; i < n; i++) encoders[i].writeValue(w, row[i]);
    return;
  }
  w.u8(Token.NBCROW);
  for (let byte = 0; byte < n; byte += 8) {
    let bits = 0;
    for (let b = 0; b < 8 && byte + b < n; b++) if (row[byte + b] === null) bits |= 1 << b;
    w.u8(bits);
  }
  for (let i = 0; i < n; i++) if (row[i] !== null) encoders[i].writeValue(w, row[i]);
}
