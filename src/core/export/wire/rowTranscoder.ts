/**
 * A whole ROW or NBCROW token (MS-TDS 2.2.7.19, 2.2.7.13) → one BCP row in the sink, column by column through
 * the field transcoders. A row that does not fit in the bytes at hand leaves nothing in the sink and says how many
 * bytes it needs; the caller retries once they are there.
 */
import type { ByteSink } from '../../bcp/byteSink';
import { columnError } from '../../bcp/columnErrors';
import type { TableReadPlan } from '../tableReader';
import { WireFormatError, type WireColumn } from './colMetadata';
import { compileFieldTranscoder, type FieldTranscoder, type ReadShortfall } from './fieldTranscoders';

export class WireRowTranscoder {
  /** After `row()` returned -1: the index into `src` that must exist before a retry can succeed. */
  readonly shortfall: ReadShortfall = { need: 0 };
  private readonly fields: FieldTranscoder[];
  private readonly bitmapBytes: number;
  /** Rows transcoded so far: the number in an error message is the next one. */
  private rowsDone = 0;

  constructor(private readonly plan: TableReadPlan, wire: readonly WireColumn[]) {
    if (wire.length !== plan.columns.length) {
      throw new WireFormatError(`the server sent ${wire.length} columns where the query selects ${plan.columns.length}`);
    }
    this.fields = plan.columns.map((column, i) => compileFieldTranscoder(column, wire[i], this.shortfall));
    this.bitmapBytes = Math.ceil(wire.length / 8);
  }

  /**
   * Transcodes the row token whose type byte is at `src[pos]` (`nbc`: an NBCROW) into `sink`. Returns the position
   * after the token, or -1 (nothing written; see `shortfall`). A value the BCP field cannot hold throws a
   * BackupError naming the column, and leaves nothing of the row either.
   */
  row(src: Buffer, pos: number, end: number, sink: ByteSink, nbc: boolean): number {
    const fields = this.fields;
    const count = fields.length;
    const start = sink.pos;
    let at = pos + 1;
    let i = 0;
    try {
      if (nbc) {
        const bitmap = at;
        at += this.bitmapBytes;
        if (at > end) {
          this.shortfall.need = at;
          return -1;
        }
        for (; i < count; i++) {
          if ((src[bitmap + (i >> 3)] & (1 << (i & 7))) !== 0) {
            fields[i].writeNull(sink);
            continue;
          }
          at = fields[i].read(src, at, end, sink);
          if (at < 0) break;
        }
      } else {
        for (; i < count; i++) {
          at = fields[i].read(src, at, end, sink);
          if (at < 0) break;
        }
      }
    } catch (err) {
      sink.pos = start;
      const column = this.plan.columns[i].column;
      throw columnError(err, column, `${this.plan.table.schema}.${this.plan.table.name}`, 'encode a value for', `row ${this.rowsDone + 1}`);
    }
    if (at < 0) sink.pos = start;
    else this.rowsDone++;
    return at;
  }
}
