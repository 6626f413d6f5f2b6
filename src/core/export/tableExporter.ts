/**
 * Streams tables into the package: rows from the driver → BCP → whole ~4 MiB parts → the zip. Each row's TDS bytes
 * are transcoded into BCP as they arrive (tableWirePump.ts; or, without that, decoded and encoded in the driver's
 * row event, tableRowPump.ts), and a finished part holds the read until the part before it is in the zip.
 *
 * Up to two parts may be compressed and written while the next is being encoded (`inFlight`), which overlaps the
 * thread-pool deflate with reading and encoding; at most three parts per reader are in memory, whatever the
 * table's size. Parts go into the zip one at a time through `PartQueue`, so parallel readers interleave parts of
 * different tables in the zip — import reads parts through the central directory, so order does not matter —
 * while each table's parts stay numbered in order.
 */
import { TablePartWriter } from '../bcp';
import { BackupError } from '../errors';
import type { TableModel } from '../model/types';
import type { RowReader } from './types';
import type { BacpacPackageWriter, PartResult } from '../package/bacpacWriter';
import { planTableRead, type ReadOrderModel, type RequestSource } from './tableReader';
import { asConnectionLender, pumpTableRows, type PumpOptions } from './tableRowPump';
import { pumpTableBcp, wireReadAvailable } from './tableWirePump';

/**
 * Serialises whole-part writes into the one zip writer; compression runs ahead, in parallel. It also caps the
 * parts queued by all readers together, so parallel readers do not each keep their own parts in flight.
 */
export class PartQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly writer: BacpacPackageWriter, private readonly maxPending = 3) {}

  /** True while `maxPending` parts are compressing or waiting to be written. */
  get full(): boolean {
    return this.pending >= this.maxPending;
  }

  /** Resolves when a queued part has been written (or failed): there may be room again. */
  room(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Starts compressing `data` at once (thread pool); only the writing waits for the parts queued before it. */
  submit(table: TableModel, fileIndex: number, data: Buffer): Promise<PartResult> {
    this.pending++;
    const compressed = this.writer.compressPart(data);
    compressed.catch(() => undefined);
    const write = this.tail.then(async () => this.writer.writeCompressedPart(table.schema, table.name, fileIndex, await compressed));
    this.tail = write.catch(() => undefined);
    const settled = () => {
      this.pending--;
      for (const wake of this.waiting.splice(0)) wake();
    };
    write.then(settled, settled);
    return write;
  }
}

/** Parts of one table compressed or written while the next is encoded: two keep both cores busy, and memory flat (~3 parts). */
const maxPartsInFlight = 2;

export interface TableExportResult {
  rows: number;
  parts: number;
  bcpBytes: number;
}

export interface TableExportOptions {
  signal?: AbortSignal;
  /** Called with the number of rows encoded since the last call. */
  onRows?: (rows: number) => void;
  /**
   * 'wire' (default) transcodes the driver's row tokens straight into BCP (tableWirePump.ts); 'driver' decodes each
   * row into values first (tableRowPump.ts), also the path when the installed driver lacks the wire hook.
   */
  reader?: RowReader;
  /** Named in messages about a failed read. */
  target?: PumpOptions['target'];
}

/** Reads one table through `source` and writes its data parts; returns what was written. */
export async function exportTableData(source: RequestSource, table: TableModel, model: ReadOrderModel, queue: PartQueue, options: TableExportOptions = {}): Promise<TableExportResult> {
  const reader: RowReader = options.reader !== 'driver' && wireReadAvailable() ? 'wire' : 'driver';
  const plan = planTableRead(table, model, reader);
  const parts = new TablePartWriter(table.columns, { table: `${table.schema}.${table.name}` });
  let written = 0;
  let pendingRows = 0;
  // Parts compressing or waiting for the zip, oldest first; each holds its lent buffer until it is written.
  const inFlight: { write: Promise<PartResult>; data: Buffer }[] = [];

  const startPart = () => {
    const data = parts.lendChunk();
    const fileIndex = parts.partIndex;
    parts.nextPart();
    inFlight.push({ write: queue.submit(table, fileIndex, data), data });
    written++;
  };
  // Up to `maxPartsInFlight` parts of this table (and the queue's cap over all tables) compress on the thread pool
  // while the next is encoded; beyond that, wait (the driver is paused meanwhile). A written part's buffer (lent,
  // not copied) then carries a later part.
  const flushPart = (): Promise<void> | undefined => {
    if (inFlight.length < maxPartsInFlight && !queue.full) {
      startPart();
      return undefined;
    }
    return (async () => {
      while (inFlight.length >= maxPartsInFlight || queue.full) {
        const oldest = inFlight.shift();
        if (!oldest) {
          await queue.room();
          continue;
        }
        await oldest.write;
        parts.releaseChunk(oldest.data);
      }
      startPart();
    })();
  };
  const settleAll = () => Promise.all(inFlight.map((p) => p.write));

  // After each row: progress every 1000 rows, and a finished part goes to the queue (a promise pauses the read).
  const rowDone = (partComplete: boolean): Promise<void> | undefined => {
    pendingRows++;
    if (partComplete) {
      options.onRows?.(pendingRows);
      pendingRows = 0;
      return flushPart();
    }
    if (pendingRows >= 1000) {
      options.onRows?.(pendingRows);
      pendingRows = 0;
    }
    return undefined;
  };

  try {
    const lender = asConnectionLender(source);
    if (reader === 'wire') {
      await pumpTableBcp(lender, plan, {
        get sink() {
          return parts.sink;
        },
        rowWritten: (bytes) => rowDone(parts.addEncodedRow(bytes)),
      }, { signal: options.signal, target: options.target });
    } else {
      await pumpTableRows(lender, plan, (row) => rowDone(parts.writeRow(row)), { signal: options.signal, target: options.target });
    }
    if (parts.partRows > 0) await flushPart();
    if (pendingRows > 0) options.onRows?.(pendingRows);
    await settleAll();
  } catch (err) {
    // Let queued writes settle before the caller aborts the package, so nothing writes to a closed file.
    await Promise.allSettled(inFlight.map((p) => p.write));
    throw err;
  }
  return { rows: parts.totalRows, parts: written, bcpBytes: parts.totalBytes };
}

/** Runs `work` over `items` with at most `limit` running at once; the first failure stops new work and is thrown. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure;
}

export function assertNotAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new BackupError('cancelled', 'The backup was cancelled.');
}
