/**
 * Decodes DacFx BCP bytes back into rows, either a whole part at once or streamed in chunks of any size
 * (the verifier never holds more than one part plus one partial row).
 */
import { BackupError } from '../errors';
import type { ColumnModel } from '../model/types';
import type { SqlRow, SqlValue } from './values';
import { compileFieldReader, type FieldReader } from './fieldReaders';
import { bcpColumns } from './layout';
import { columnError } from './columnErrors';
import { fail } from './valueError';
import type { RowCodecOptions } from './rowEncoder';

export interface RowDecoder {
  /** The columns that have fields (computed ones skipped), in the order of each decoded row's values. */
  readonly columns: readonly ColumnModel[];
  /** Decodes one complete part; throws BackupError('format') on bad data or a truncated last row. Independent of push(). */
  decodeRows(part: Buffer): SqlRow[];
  /** Streaming: feeds the next bytes of a part, returns the rows completed by them. */
  push(chunk: Buffer): SqlRow[];
  /** Streaming: the part is over; throws BackupError('format') when a partial row is left, then resets for the next part. */
  end(): void;
  /** Rows and bytes completed by push() since the last end(). */
  readonly rowsDecoded: number;
  readonly bytesDecoded: number;
}

const two32 = 4_294_967_296;

/**
 * A streamed row is held until it is complete, but never more than this: a larger value (max types, text, image)
 * is checked by its length and skipped rather than held, and decodes as empty. So a hostile part that announces a
 * 2 GB value costs 16 MiB, not 2 GB.
 */
export const streamedRowBudgetBytes = 16 * 1024 * 1024;

export interface RowDecoderOptions extends RowCodecOptions {
  /** Bytes of one row held while streaming before large values are skipped (default streamedRowBudgetBytes). */
  rowBudgetBytes?: number;
}

export function createRowDecoder(modelColumns: readonly ColumnModel[], options: RowDecoderOptions = {}): RowDecoder {
  const columns = bcpColumns(modelColumns);
  // SQL Server tables always have a stored column; without one a row would be zero bytes and never end.
  if (columns.length === 0) throw new BackupError('internal', `${options.table ?? 'A table'} has no non-computed columns to decode`);
  const fields = columns.map(compileFieldReader);
  const budget = options.rowBudgetBytes ?? streamedRowBudgetBytes;
  const stream = new RowStream(columns, fields, options.table, budget);
  return {
    columns,
    decodeRows(part) {
      const once = new RowStream(columns, fields, options.table, Infinity);
      const rows = once.push(part);
      once.end();
      return rows;
    },
    push: (chunk) => stream.push(chunk),
    end: () => stream.end(),
    get rowsDecoded() {
      return stream.rows;
    },
    get bytesDecoded() {
      return stream.bytes;
    },
  };
}

class RowStream {
  rows = 0;
  /** Bytes of complete rows consumed so far (the offset of `pending[0]` within the part). */
  bytes = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes the partial row at the start of `pending` needs at least, so tiny chunks don't re-decode it each time. */
  private needed = 0;
  /** Column that ran out of bytes in the partial row, for the truncation message. */
  private stalledColumn = -1;
  /** Bytes of a large value still to be dropped from the next chunks (see streamedRowBudgetBytes). */
  private skipRemaining = 0;
  /** Bytes skipped in the row being decoded, added to `bytes` when it completes. */
  private skippedInRow = 0;
  /** Set by skipValue: the partial row, its large value's length rewritten to 0, to keep as `pending`. */
  private skipHead: Buffer | undefined;

  constructor(
    private readonly columns: readonly ColumnModel[],
    private readonly fields: readonly FieldReader[],
    private readonly table: string | undefined,
    private readonly rowBudget: number,
  ) {}

  push(chunk: Buffer): SqlRow[] {
    if (this.skipRemaining > 0) {
      const dropped = Math.min(this.skipRemaining, chunk.length);
      this.skipRemaining -= dropped;
      chunk = chunk.subarray(dropped);
    }
    if (chunk.length === 0) return [];
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.needed) return [];
    const buf = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const out: SqlRow[] = [];
    let pos = 0;
    while (pos < buf.length) {
      this.rowNumber = this.rows + out.length + 1;
      const row = this.decodeRow(buf, pos);
      if (row === undefined) break;
      out.push(row);
      pos = this.rowEnd;
    }
    this.rows += out.length;
    this.bytes += pos;
    if (out.length > 0) {
      this.bytes += this.skippedInRow;
      this.skippedInRow = 0;
    }
    if (this.skipHead) {
      this.pending = [this.skipHead];
      this.pendingBytes = this.skipHead.length;
      this.needed = 0;
      this.skipHead = undefined;
    } else if (pos === buf.length) {
      this.pending = [];
      this.pendingBytes = 0;
      this.needed = 0;
    } else {
      // Copy the partial row out, so the (possibly large) concatenated buffer can be freed.
      const rest = Buffer.from(buf.subarray(pos));
      this.pending = [rest];
      this.pendingBytes = rest.length;
    }
    return out;
  }

  end(): void {
    const left = this.pendingBytes + this.skipRemaining;
    const column = this.stalledColumn;
    this.skipRemaining = 0;
    this.skippedInRow = 0;
    this.pending = [];
    this.pendingBytes = 0;
    this.needed = 0;
    this.stalledColumn = -1;
    this.rows = 0;
    this.bytes = 0;
    if (left > 0) {
      const name = column >= 0 ? ` in column [${this.columns[column].name}]` : '';
      throw new BackupError('format', `BCP data${this.table ? ` of ${this.table}` : ''} ends inside a row: ${left} bytes of an incomplete row${name}`);
    }
  }

  private rowEnd = 0;
  /** 1-based number of the row being decoded, for error messages. */
  private rowNumber = 0;

  /** Decodes the row at `start`, or returns undefined (setting `needed`) when `buf` ends inside it. */
  private decodeRow(buf: Buffer, start: number): SqlRow | undefined {
    const fields = this.fields;
    const count = fields.length;
    const end = buf.length;
    const row: SqlValue[] = new Array(count);
    let pos = start;
    let i = 0;
    try {
      for (; i < count; i++) {
        const f = fields[i];
        const prefix = f.prefix;
        if (prefix === 0) {
          if (pos + f.fixed > end) return this.stall(start, pos + f.fixed, i);
          row[i] = f.read(buf, pos, f.fixed);
          pos += f.fixed;
          continue;
        }
        if (pos + prefix > end) return this.stall(start, pos + prefix, i);
        let length: number;
        let isNull: boolean;
        switch (prefix) {
          case 1:
            length = buf[pos];
            isNull = length === 0xff;
            break;
          case 2:
            length = buf.readUInt16LE(pos);
            isNull = length === 0xffff;
            break;
          case 4:
            length = buf.readUInt32LE(pos);
            isNull = f.zeroIsNull ? length === 0 : length === 0xffffffff;
            break;
          default: {
            const low = buf.readUInt32LE(pos);
            const high = buf.readUInt32LE(pos + 4);
            isNull = low === 0xffffffff && high === 0xffffffff;
            length = high * two32 + low;
          }
        }
        pos += prefix;
        if (isNull) {
          if (!f.nullable) fail('NULL in a NOT NULL column');
          row[i] = null;
          continue;
        }
        if (f.expectedLength >= 0 && length !== f.expectedLength) fail(`length prefix ${length}, expected ${f.expectedLength}`);
        if (length > f.maxLength) fail(`a ${length}-byte value is longer than the column's declared ${f.maxLength} bytes`);
        if (f.utf16 && length % 2 !== 0) fail(`UTF-16 text has an odd byte length ${length}`);
        if (pos + length > end) {
          if (prefix >= 4 && !f.zeroIsNull && pos + length - start > this.rowBudget) return this.skipValue(buf, start, pos, prefix, length, i);
          return this.stall(start, pos + length, i);
        }
        row[i] = f.read(buf, pos, length);
        pos += length;
      }
    } catch (e) {
      throw columnError(e, this.columns[i], this.table, 'decode', `row ${this.rowNumber} at byte ${this.bytes + start}`);
    }
    this.rowEnd = pos;
    return row;
  }

  /**
   * The value at `pos` is too large to hold: keeps the row so far with the value's length set to 0 and drops the
   * value's bytes as they arrive; the row then decodes with that value empty. Its length was already checked.
   */
  private skipValue(buf: Buffer, start: number, pos: number, prefix: number, length: number, column: number): undefined {
    const head = Buffer.from(buf.subarray(start, pos));
    head.fill(0, head.length - prefix);
    this.skipHead = head;
    this.skipRemaining = length - (buf.length - pos);
    this.skippedInRow += length;
    this.stalledColumn = column;
    return undefined;
  }

  private stall(start: number, requiredEnd: number, column: number): undefined {
    this.needed = requiredEnd - start;
    this.stalledColumn = column;
    return undefined;
  }
}
