/**
 * BCP native rows (a table's parts, spec §5.3) → TDS ROW tokens of a bulk load, without decoding values: the mirror
 * of the export's wire reader (export/wire/fieldTranscoders.ts). Per field only framing changes — the length
 * prefix, a decimal's magnitude width, the time part's units — and rowversion fields are dropped (bulkColumns.ts
 * says what is sent). A row cut by a chunk boundary waits for the bytes it needs; a value is never assembled piece
 * by piece, so memory is bounded by the largest value plus one chunk.
 */
import { ByteSink } from '../../bcp/byteSink';
import { bcpPrefixWidth, decimalPrecision, fixedPayloadWidth, temporalScale } from '../../bcp/layout';
import { fail } from '../../bcp/valueError';
import { BulkTdsType, decimalWireLength, type BulkColumn, type BulkTablePlan } from './bulkColumns';

/** Reads one BCP field at src[pos] and writes its TDS value (or nothing, for a field not sent); -1 = need more bytes. */
type FieldStep = (src: Buffer, pos: number, end: number, out: ByteSink) => number;

/** Bytes of a TDS time part at a scale (MS-TDS 2.2.5.5.1.8). */
const timeBytes = (scale: number) => (scale <= 2 ? 3 : scale <= 4 ? 4 : 5);

/** A BCP length prefix at src[pos]: the length, -1 for NULL (all ones), or undefined when src ends first. */
function readPrefix(src: Buffer, pos: number, end: number, width: number): number | undefined {
  if (pos + width > end) return undefined;
  switch (width) {
    case 1: return src[pos] === 0xff ? -1 : src[pos];
    case 2: { const v = src.readUInt16LE(pos); return v === 0xffff ? -1 : v; }
    case 4: { const v = src.readUInt32LE(pos); return v === 0xffffffff ? -1 : v; }
    default: {
      const low = src.readUInt32LE(pos);
      const high = src.readUInt32LE(pos + 4);
      if (low === 0xffffffff && high === 0xffffffff) return -1;
      return high * 4_294_967_296 + low;
    }
  }
}

function skipField(prefix: number, fixed: number | undefined): FieldStep {
  return (src, pos, end) => {
    if (prefix === 0) return pos + (fixed as number) <= end ? pos + (fixed as number) : -1;
    const length = readPrefix(src, pos, end, prefix);
    if (length === undefined) return -1;
    const next = pos + prefix + Math.max(0, length);
    return next <= end ? next : -1;
  };
}

/**
 * The 1-byte BCP prefix of a fixed-size field at src[at] (prefix width 0 or 1): the payload's start, -1 when src
 * ends first, or -2 when it is a NULL (then the TDS NULL, a zero length byte, is written).
 */
function fixedPrefix(src: Buffer, at: number, end: number, prefix: number, width: number, out: ByteSink): number {
  if (prefix === 0) return at;
  if (at >= end) return -1;
  const length = src[at];
  if (length === 0xff) {
    out.ensure(1);
    out.buf[out.pos++] = 0;
    return -2;
  }
  if (length !== width) fail(`a ${length}-byte field where ${width} bytes were expected`);
  return at + 1;
}

function fixedStep(c: BulkColumn): FieldStep {
  const prefix = bcpPrefixWidth(c.column);
  const width = fixedPayloadWidth(c.column.type) as number;
  return (src, pos, end, out) => {
    const at = fixedPrefix(src, pos, end, prefix, width, out);
    if (at === -2) return pos + 1;
    if (at < 0 || at + width > end) return -1;
    out.ensure(1 + width);
    out.buf[out.pos++] = width;
    src.copy(out.buf, out.pos, at, at + width);
    out.pos += width;
    return at + width;
  };
}

function decimalStep(c: BulkColumn): FieldStep {
  const precision = decimalPrecision(c.column.type);
  const wire = decimalWireLength(precision);
  return (src, pos, end, out) => {
    if (pos >= end) return -1;
    const length = src[pos];
    if (length === 0xff) {
      out.ensure(1);
      out.buf[out.pos++] = 0;
      return pos + 1;
    }
    if (length !== 19) fail(`a ${length}-byte decimal field where 19 bytes were expected`);
    if (pos + 20 > end) return -1;
    const sign = pos + 3;
    for (let i = sign + wire; i < sign + 17; i++) if (src[i] !== 0) fail(`a decimal magnitude larger than precision ${precision} allows`);
    out.ensure(1 + wire);
    out.buf[out.pos++] = wire;
    src.copy(out.buf, out.pos, sign, sign + wire);
    out.pos += wire;
    return pos + 20;
  };
}

function temporalStep(c: BulkColumn): FieldStep {
  const prefix = bcpPrefixWidth(c.column);
  const scale = temporalScale(c.column.type);
  const tail = c.tdsType === BulkTdsType.TIMEN ? 0 : c.tdsType === BulkTdsType.DATETIME2N ? 3 : 5;
  const width = 5 + tail;
  const wireTime = timeBytes(scale);
  const divisor = 10 ** (7 - scale);
  return (src, pos, end, out) => {
    const at = fixedPrefix(src, pos, end, prefix, width, out);
    if (at === -2) return pos + 1;
    if (at < 0 || at + width > end) return -1;
    const units100ns = src[at] + src[at + 1] * 0x100 + src[at + 2] * 0x10000 + src[at + 3] * 0x1000000 + src[at + 4] * 0x100000000;
    const units = units100ns / divisor;
    if (!Number.isInteger(units)) fail(`a time with more fractional digits than scale ${scale} keeps`);
    out.ensure(1 + wireTime + tail);
    const buf = out.buf;
    let p = out.pos;
    buf[p++] = wireTime + tail;
    let rest = units;
    for (let i = 0; i < wireTime; i++) {
      buf[p++] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    src.copy(buf, p, at + 5, at + width);
    out.pos = p + tail;
    return at + width;
  };
}

/** char/nchar/varchar/… (UTF-16) and binary types: a BCP length prefix (or none) → a 2-byte length or PLP. */
function variableStep(c: BulkColumn): FieldStep {
  const prefix = bcpPrefixWidth(c.column);
  const fixed = prefix === 0 ? (fixedPayloadWidth(c.column.type) as number) : 0;
  const plp = c.length === 0xffff;
  const max = c.length;
  return (src, pos, end, out) => {
    let length: number;
    let at: number;
    if (prefix === 0) {
      length = fixed;
      at = pos;
    } else {
      const read = readPrefix(src, pos, end, prefix);
      if (read === undefined) return -1;
      length = read;
      at = pos + prefix;
    }
    if (length < 0) {
      if (plp) {
        out.ensure(8);
        out.buf.fill(0xff, out.pos, out.pos + 8);
        out.pos += 8;
      } else {
        out.ensure(2);
        out.pos = out.buf.writeUInt16LE(0xffff, out.pos);
      }
      return at;
    }
    if (at + length > end) return -1;
    if (plp) {
      out.ensure(16 + length);
      const buf = out.buf;
      buf.writeUInt32LE(length % 4_294_967_296, out.pos);
      buf.writeUInt32LE(Math.floor(length / 4_294_967_296), out.pos + 4);
      let p = out.pos + 8;
      if (length > 0) {
        p = buf.writeUInt32LE(length, p);
        src.copy(buf, p, at, at + length);
        p += length;
      }
      out.pos = buf.writeUInt32LE(0, p);
    } else {
      if (length > max) fail(`${length} bytes do not fit the ${max} the column takes`);
      out.ensure(2 + length);
      out.pos = out.buf.writeUInt16LE(length, out.pos);
      src.copy(out.buf, out.pos, at, at + length);
      out.pos += length;
    }
    return at + length;
  };
}

/** sql_variant: the BCP payload is SSVARIANT already; only a decimal's 16-byte magnitude is cut to its precision's width. */
function variantStep(): FieldStep {
  return (src, pos, end, out) => {
    if (pos + 4 > end) return -1;
    const length = src.readUInt32LE(pos);
    const from = pos + 4;
    if (length === 0) {
      out.ensure(4);
      out.pos = out.buf.writeUInt32LE(0, out.pos);
      return from;
    }
    if (from + length > end) return -1;
    const base = src[from];
    out.ensure(4 + length);
    if ((base === BulkTdsType.DECIMALN || base === 0x6c) && src[from + 1] === 2) {
      const precision = src[from + 2];
      const wire = decimalWireLength(precision);
      const sign = from + 4;
      if (length !== 4 + 17) fail(`a sql_variant decimal of ${length} bytes`);
      for (let i = sign + wire; i < sign + 17; i++) if (src[i] !== 0) fail(`a sql_variant decimal larger than precision ${precision} allows`);
      out.pos = out.buf.writeUInt32LE(4 + wire, out.pos);
      src.copy(out.buf, out.pos, from, sign + wire);
      out.pos += 4 + wire;
    } else {
      out.pos = out.buf.writeUInt32LE(length, out.pos);
      src.copy(out.buf, out.pos, from, from + length);
      out.pos += length;
    }
    return from + length;
  };
}

function stepFor(field: BulkTablePlan['fields'][number]): FieldStep {
  const c = field.sent;
  if (!c) return skipField(bcpPrefixWidth(field.column), fixedPayloadWidth(field.column.type));
  switch (c.kind) {
    case 'fixed': return fixedStep(c);
    case 'decimal': return decimalStep(c);
    case 'temporal': return temporalStep(c);
    case 'utf16': case 'bytes': return variableStep(c);
    case 'variant': return variantStep();
  }
}

/** Turns a table's BCP bytes, pushed in chunks of any size, into ROW tokens in `out`. */
export class BcpToTdsRows {
  readonly out = new ByteSink(256 * 1024);
  rows = 0;
  private readonly steps: FieldStep[];
  private readonly table: string;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes the carried row needs before it is worth another try. */
  private need = 0;

  constructor(plan: BulkTablePlan) {
    this.steps = plan.fields.map(stepFor);
    this.table = `[${plan.table.schema}].[${plan.table.name}]`;
  }

  /** Transcodes every whole row in the bytes so far; the rest waits for the next chunk. */
  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.need) return;
    const src = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const end = src.length;
    let pos = 0;
    const out = this.out;
    for (;;) {
      if (pos >= end) break;
      const mark = out.pos;
      out.ensure(1);
      out.buf[out.pos++] = 0xd1; // ROW
      let at = pos;
      try {
        for (const step of this.steps) {
          at = step(src, at, end, out);
          if (at < 0) break;
        }
      } catch (e) {
        throw new Error(`${this.table}, row ${this.rows + 1}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (at < 0) {
        out.pos = mark;
        break;
      }
      pos = at;
      this.rows++;
    }
    const rest = src.subarray(pos);
    this.pending = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
    // Try again once the carried bytes have doubled (a long value arrives in many chunks).
    this.need = rest.length > 0 ? rest.length * 2 : 0;
  }

  /** Fails when the bytes end inside a row. */
  end(): void {
    if (this.pendingBytes > 0) {
      this.need = 0;
      const before = this.pendingBytes;
      this.push(Buffer.alloc(0));
      if (this.pendingBytes > 0) throw new Error(`${this.table}: the data ends inside row ${this.rows + 1} (${before} bytes left over)`);
    }
  }
}
