/**
 * Splits a table's BCP stream into parts the way DacFx appears to (spec §5.1): a part ends after the row
 * that brings it to at least 4 MiB, and a row is never split. Part naming belongs to the package layer.
 */
import { BackupError } from '../errors';
import type { ColumnModel } from '../model/types';
import type { ByteSink } from './byteSink';
import type { SqlRow } from './values';
import { createRowEncoder, type RowCodecOptions, type RowEncoder } from './rowEncoder';

export const bcpPartTargetBytes = 4 * 1024 * 1024;

export interface TablePartOptions extends RowCodecOptions {
  /** Bytes after which a part ends (at the next row boundary); default bcpPartTargetBytes. */
  partTargetBytes?: number;
}

/**
 * Usage: for each row, `writeRow(row)`; move `takeChunk()` into the current part's zip entry whenever
 * `bytesPending` is large enough; when writeRow returns true, take the rest, close the entry and call
 * `nextPart()` before the next row. After the last row, take the rest: that part is done too (if it has rows).
 */
/** Room beyond the part target for the row that crosses it. */
const partHeadroomBytes = 256 * 1024;

export class TablePartWriter {
  private readonly encoder: RowEncoder;
  private readonly target: number;
  private full = false;
  private readonly lent = new Set<Buffer>();
  private readonly spares: Buffer[] = [];
  /** 0-based number of the current part. */
  partIndex = 0;
  partRows = 0;
  partBytes = 0;
  totalRows = 0;
  totalBytes = 0;

  constructor(columns: readonly ColumnModel[], private readonly options: TablePartOptions = {}) {
    this.target = options.partTargetBytes ?? bcpPartTargetBytes;
    // A part ends at the first row boundary past the target: sized for that plus a row of a few hundred KiB, the
    // buffer never doubles to twice the part (8 MiB) for the sake of one last row. Untouched pages cost no memory.
    this.encoder = createRowEncoder(columns, { ...options, initialBytes: this.target + partHeadroomBytes });
  }

  get columns(): readonly ColumnModel[] {
    return this.encoder.columns;
  }

  /** Encodes a row into the current part; true when this row completed the part. */
  writeRow(row: SqlRow): boolean {
    this.assertOpen();
    return this.addEncodedRow(this.encoder.encode(row));
  }

  /**
   * The sink of the current part, for a transcoder that writes BCP rows itself (the export's wire reader); report
   * each row with `addEncodedRow`. Its buffer changes when a chunk is lent, so read it again for every row.
   */
  get sink(): ByteSink {
    this.assertOpen();
    return this.encoder.sink;
  }

  /** Counts a row of `bytes` just written into `sink`; true when it completed the part. */
  addEncodedRow(bytes: number): boolean {
    this.partRows++;
    this.partBytes += bytes;
    this.totalRows++;
    this.totalBytes += bytes;
    this.full = this.partBytes >= this.target;
    return this.full;
  }

  private assertOpen(): void {
    if (this.full) throw new BackupError('internal', `Part ${this.partIndex} of ${this.options.table ?? 'a table'} is complete; call nextPart() first`);
  }

  /** True after the row that completed the current part, until nextPart(). */
  get partComplete(): boolean {
    return this.full;
  }

  get bytesPending(): number {
    return this.encoder.bytesPending;
  }

  /** The current part's bytes not taken yet (a copy). */
  takeChunk(): Buffer {
    return this.encoder.takeChunk();
  }

  /**
   * The current part's bytes not taken yet, without a copy. The view is valid until `releaseChunk(view)`;
   * after that its memory is reused for a later part. Several chunks may be lent at once (parts in flight).
   */
  lendChunk(): Buffer {
    const view = this.encoder.lendChunk(this.spares.pop());
    this.lent.add(view);
    return view;
  }

  /** Gives a lent chunk's memory back for reuse (call once the chunk has been written). */
  releaseChunk(view: Buffer): void {
    if (!this.lent.delete(view)) throw new BackupError('internal', 'releaseChunk() got a chunk that is not lent');
    // The whole buffer behind the view: sink buffers are allocUnsafeSlow, never slices of the shared pool.
    this.spares.push(Buffer.from(view.buffer, view.byteOffset, view.buffer.byteLength - view.byteOffset));
  }

  /** Starts the next part; every byte of the finished one must have been taken. */
  nextPart(): void {
    if (this.encoder.bytesPending > 0) throw new BackupError('internal', 'takeChunk() the rest of the part before nextPart()');
    this.partIndex++;
    this.partRows = 0;
    this.partBytes = 0;
    this.full = false;
  }
}

/** Encodes rows into whole parts in memory (small tables, tests): one Buffer per part, none for no rows. */
export function splitIntoParts(columns: readonly ColumnModel[], rows: Iterable<SqlRow>, options: TablePartOptions = {}): Buffer[] {
  const writer = new TablePartWriter(columns, options);
  const parts: Buffer[] = [];
  for (const row of rows) {
    if (writer.writeRow(row)) {
      parts.push(writer.takeChunk());
      writer.nextPart();
    }
  }
  if (writer.partRows > 0) parts.push(writer.takeChunk());
  return parts;
}
