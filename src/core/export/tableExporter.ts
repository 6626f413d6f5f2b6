/**
 * Streams tables into the package: rows from the driver → BCP encoder → whole ~4 MiB parts → the zip.
 *
 * One part may be compressed and written while the next is being encoded (`inFlight`), which overlaps the
 * thread-pool deflate with reading and encoding; at most two parts per reader are in memory, whatever the
 * table's size. Parts go into the zip one at a time through `PartQueue`, so parallel readers interleave parts of
 * different tables in the zip — import reads parts through the central directory, so order does not matter —
 * while each table's parts stay numbered in order.
 */
import { TablePartWriter } from '../bcp';
import { BackupError } from '../errors';
import type { TableModel } from '../model/types';
import type { BacpacPackageWriter, PartResult } from '../package/bacpacWriter';
import { streamTableRowBatches, type RequestSource, type TableReadPlan } from './tableReader';

/** Serialises whole-part writes into the one zip writer. */
export class PartQueue {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly writer: BacpacPackageWriter) {}

  submit(table: TableModel, fileIndex: number, data: Buffer): Promise<PartResult> {
    const write = this.tail.then(() => this.writer.writePart(table.schema, table.name, fileIndex, data));
    this.tail = write.catch(() => undefined);
    return write;
  }
}

export interface TableExportResult {
  rows: number;
  parts: number;
  bcpBytes: number;
}

export interface TableExportOptions {
  signal?: AbortSignal;
  /** Called with the number of rows encoded since the last call. */
  onRows?: (rows: number) => void;
}

/** Reads one table through `source` and writes its data parts; returns what was written. */
export async function exportTableData(source: RequestSource, plan: TableReadPlan, queue: PartQueue, options: TableExportOptions = {}): Promise<TableExportResult> {
  const table = plan.table;
  const parts = new TablePartWriter(table.columns, { table: `${table.schema}.${table.name}` });
  let written = 0;
  let inFlight: Promise<PartResult> | undefined;
  let pendingRows = 0;

  let lent: Buffer | undefined;

  const flushPart = async () => {
    // Keep one part in flight: wait for the previous one before queueing this one. Its buffer (lent, not
    // copied: the zip sink copies it into its own blocks) is then free for the part after this one.
    if (inFlight) await inFlight;
    if (lent) parts.releaseChunk(lent);
    const data = (lent = parts.lendChunk());
    const fileIndex = parts.partIndex;
    parts.nextPart();
    inFlight = queue.submit(table, fileIndex, data);
    written++;
  };

  try {
    // Batches, not single rows: one await per batch keeps the promise machinery out of the per-row cost.
    for await (const batch of streamTableRowBatches(source, plan, { signal: options.signal })) {
      for (let b = 0; b < batch.length; b++) {
        pendingRows++;
        if (parts.writeRow(batch[b])) {
          options.onRows?.(pendingRows);
          pendingRows = 0;
          await flushPart();
        } else if (pendingRows >= 1000) {
          options.onRows?.(pendingRows);
          pendingRows = 0;
        }
      }
    }
    if (parts.partRows > 0) await flushPart();
    if (pendingRows > 0) options.onRows?.(pendingRows);
    if (inFlight) await inFlight;
  } catch (err) {
    // Let a queued write settle before the caller aborts the package, so nothing writes to a closed file.
    await inFlight?.catch(() => undefined);
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
