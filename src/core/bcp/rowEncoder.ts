/**
 * Encodes table rows into DacFx BCP bytes (spec §5.2): one precompiled writer per column, one growable
 * buffer reused for the whole table.
 */
import { BackupError } from '../errors';
import type { ColumnModel } from '../model/types';
import type { SqlRow } from './values';
import { ByteSink } from './byteSink';
import { compileFieldWriter, type FieldWriter } from './fieldWriters';
import { bcpColumns } from './layout';
import { columnError } from './columnErrors';

export interface RowCodecOptions {
  /** `[schema].[table]`, used only in error messages. */
  table?: string;
}

export interface RowEncoder {
  /** The columns that have fields: the model columns minus computed ones. A row holds one value per column here. */
  readonly columns: readonly ColumnModel[];
  /** Appends one row; returns the bytes it took. On a bad value nothing of the row stays and a BackupError('source') names the column and row. */
  encode(row: SqlRow): number;
  /** Bytes appended since the last takeChunk()/reset(). */
  readonly bytesPending: number;
  /** Copies out the pending bytes (safe to keep: the internal buffer is reused) and clears them. */
  takeChunk(): Buffer;
  /**
   * The pending bytes without a copy (see ByteSink.lend): valid until the buffer behind them is passed back
   * as `spare` to a later call. Encoding continues in `spare` or a new buffer.
   */
  lendChunk(spare?: Buffer): Buffer;
  /** Drops pending bytes. */
  reset(): void;
  /** Where rows are encoded; a transcoder that writes whole BCP rows itself appends here (wire/fieldTranscoders.ts). */
  readonly sink: ByteSink;
}

/** Builds the encoder once per table from all its model columns (computed columns are skipped here). */
export function createRowEncoder(modelColumns: readonly ColumnModel[], options: RowCodecOptions & { initialBytes?: number } = {}): RowEncoder {
  const columns = bcpColumns(modelColumns);
  // SQL Server tables always have a stored column; without one a row would be zero bytes and never end.
  if (columns.length === 0) throw new BackupError('internal', `${options.table ?? 'A table'} has no non-computed columns to encode`);
  const writers: FieldWriter[] = columns.map((column) => {
    try {
      return compileFieldWriter(column);
    } catch (e) {
      throw columnError(e, column, options.table, 'encode');
    }
  });
  const sink = new ByteSink(options.initialBytes);
  const count = columns.length;
  let rowsEncoded = 0;

  return {
    columns,
    encode(row: SqlRow): number {
      if (row.length !== count) {
        throw new BackupError('internal', `A row for ${options.table ?? 'a table'} has ${row.length} values but the table has ${count} non-computed columns`);
      }
      const start = sink.pos;
      let i = 0;
      try {
        for (; i < count; i++) writers[i](sink, row[i]);
      } catch (e) {
        sink.pos = start;
        throw columnError(e, columns[i], options.table, 'encode a value for', `row ${rowsEncoded + 1}`);
      }
      rowsEncoded++;
      return sink.pos - start;
    },
    get bytesPending() {
      return sink.pos;
    },
    takeChunk: () => sink.take(),
    lendChunk: (spare?: Buffer) => sink.lend(spare),
    reset() {
      sink.pos = 0;
    },
    sink,
  };
}
