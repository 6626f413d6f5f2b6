/**
 * Sits between tedious's message stream and its token parser for one data query: it takes the ROW and NBCROW
 * tokens out of the byte stream and transcodes them straight into BCP (rowTranscoder.ts); every other token
 * (column metadata, DONE, INFO, ERROR, ENVCHANGE, ORDER) passes through unchanged, so the driver still runs the
 * request — its state, errors, transaction and cancellation — and only never sees a row.
 *
 * Nothing here may throw into the driver (its parser stream has no error handler): a failure is reported through
 * `control.fail`, and the rest of the message then goes to the driver as it came, from the start of the token
 * that failed — the driver parses (and drops) those rows while the request is being cancelled.
 *
 * A token cut by a packet boundary is carried over and retried once enough bytes are there (for a long PLP value,
 * as many as its announced length; for one of unknown length, half again as many as are carried), so no value is
 * ever assembled packet by packet.
 */
import type { ByteSink } from '../../bcp/byteSink';
import type { TableReadPlan } from '../tableReader';
import { parseColMetadata, WireFormatError } from './colMetadata';
import { WireRowTranscoder } from './rowTranscoder';

/** Where transcoded rows go. */
export interface BcpRowTarget {
  /** The sink rows are written into; read again for every row (its buffer changes when a part is lent out). */
  readonly sink: ByteSink;
  /** A row's fields are in the sink (`bytes` long); a promise holds the read until it settles. */
  rowWritten(bytes: number): void | Promise<void>;
}

export interface FilterControl {
  /** True once the read failed or was cancelled: rows are then framed and dropped. */
  readonly stopped: boolean;
  /** Reports a failure of ours; the caller cancels the request. */
  fail(err: unknown): void;
}

const Token = {
  COLMETADATA: 0x81, ROW: 0xd1, NBCROW: 0xd2, DONE: 0xfd, DONEPROC: 0xfe, DONEINPROC: 0xff, RETURNSTATUS: 0x79,
  ORDER: 0xa9, ERROR: 0xaa, INFO: 0xab, LOGINACK: 0xad, ENVCHANGE: 0xe3, SSPI: 0xed, COLINFO: 0xa5, TABNAME: 0xa4,
  SESSIONSTATE: 0xe4, FEDAUTHINFO: 0xee,
} as const;

/** A carried token bigger than this waits for half again its size before the next try. */
const largeCarryBytes = 1024 * 1024;

/**
 * The length of the non-row token at `src[pos]` (type byte included), or -1 when `src` ends first (`need` holds
 * the bytes required from `pos`). COLMETADATA is handled by the caller.
 */
function frameToken(src: Buffer, pos: number, end: number, need: { bytes: number }): number {
  const type = src[pos];
  const lengthField = (width: 2 | 4): number => {
    if (pos + 1 + width > end) {
      need.bytes = 1 + width;
      return -1;
    }
    const length = 1 + width + (width === 2 ? src.readUInt16LE(pos + 1) : src.readUInt32LE(pos + 1));
    if (pos + length > end) {
      need.bytes = length;
      return -1;
    }
    return length;
  };
  const fixed = (length: number): number => {
    if (pos + length > end) {
      need.bytes = length;
      return -1;
    }
    return length;
  };
  switch (type) {
    case Token.DONE: case Token.DONEPROC: case Token.DONEINPROC: return fixed(13);
    case Token.RETURNSTATUS: return fixed(5);
    case Token.ORDER: case Token.ERROR: case Token.INFO: case Token.LOGINACK: case Token.ENVCHANGE: case Token.SSPI:
    case Token.COLINFO: case Token.TABNAME:
      return lengthField(2);
    case Token.SESSIONSTATE: case Token.FEDAUTHINFO: return lengthField(4);
    default:
      throw new WireFormatError(`the response holds a token of type 0x${type.toString(16)}, which a data query does not expect`);
  }
}

/** Filters one response message (tedious's Message: an async iterable of packet payloads). */
export async function* filterRowTokens(message: AsyncIterable<Buffer>, plan: TableReadPlan, target: BcpRowTarget, control: FilterControl): AsyncGenerator<Buffer> {
  let transcoder: WireRowTranscoder | undefined;
  let carry: Buffer[] = [];
  let carried = 0;
  let need = 0;
  let raw = false;
  const tokenNeed = { bytes: 0 };

  // Processes `src` from its start (a token boundary); leaves an incomplete last token in `carry`.
  async function* run(src: Buffer, final: boolean): AsyncGenerator<Buffer> {
    const end = src.length;
    let pos = 0;
    let passFrom = 0;
    try {
      while (pos < end) {
        const type = src[pos];
        if (type === Token.ROW || type === Token.NBCROW) {
          if (!transcoder) throw new WireFormatError('a row came before the column metadata');
          if (pos > passFrom) yield src.subarray(passFrom, pos);
          passFrom = pos;
          const sink = target.sink;
          const start = sink.pos;
          const next = transcoder.row(src, pos, end, sink, type === Token.NBCROW);
          if (next < 0) {
            need = transcoder.shortfall.need - pos;
            break;
          }
          pos = passFrom = next;
          if (control.stopped) {
            sink.pos = start;
            continue;
          }
          const wait = target.rowWritten(sink.pos - start);
          if (wait) {
            try {
              await wait;
            } catch (err) {
              control.fail(err);
            }
          }
          continue;
        }
        let length: number;
        if (type === Token.COLMETADATA) {
          const parsed = parseColMetadata(src, pos, end);
          if (parsed.kind === 'more') {
            length = -1;
            tokenNeed.bytes = parsed.need - pos;
          } else {
            length = parsed.end - pos;
            transcoder = new WireRowTranscoder(plan, parsed.columns);
          }
        } else {
          length = frameToken(src, pos, end, tokenNeed);
        }
        if (length < 0) {
          need = tokenNeed.bytes;
          break;
        }
        pos += length;
      }
      if (pos > passFrom) yield src.subarray(passFrom, pos);
      if (pos < end) {
        if (final) throw new WireFormatError('the response ended inside a token');
        carry = [src.subarray(pos)];
        carried = end - pos;
        if (carried > largeCarryBytes) need = Math.max(need, Math.floor(carried * 1.5));
      }
    } catch (err) {
      control.fail(err);
      raw = true;
      // The driver parses the rest as it came: from the start of the token that failed.
      if (passFrom < end && !final) yield src.subarray(passFrom);
    }
  }

  for await (const chunk of message) {
    if (raw) {
      yield chunk;
      continue;
    }
    if (carried === 0) {
      yield* run(chunk, false);
      continue;
    }
    carry.push(chunk);
    carried += chunk.length;
    if (carried < need) continue;
    const src = Buffer.concat(carry, carried);
    carry = [];
    carried = 0;
    yield* run(src, false);
  }
  if (carried > 0 && !raw) {
    const src = Buffer.concat(carry, carried);
    carry = [];
    carried = 0;
    yield* run(src, true);
  }
}
