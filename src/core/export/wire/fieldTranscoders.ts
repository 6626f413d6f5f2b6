/**
 * One transcoder per column: a value as it arrives in a TDS ROW token → its DacFx BCP field (spec §5.3), with no
 * JavaScript value in between wherever the layouts agree or differ only by a fixed rule:
 *
 * | selected as (tableReader.ts, wire plan)               | TDS value                              | BCP field                               |
 * |-------------------------------------------------------|----------------------------------------|-----------------------------------------|
 * | bit, int types, real, float, money, smallmoney, date, datetime, smalldatetime, uniqueidentifier | fixed bytes, or a length byte + the same bytes | [prefix] + the same bytes |
 * | decimal/numeric                                       | sign + 4–16-byte magnitude              | 0x13, declared p and s, sign, 16 bytes  |
 * | time, datetime2, datetimeoffset                       | time in 10^-scale s (3–5 bytes) + date (+ offset) | [prefix] + time in 100 ns (5 bytes) + the rest |
 * | nvarchar/nchar (all character types, xml)             | UTF-16, 2-byte length or PLP            | prefix 0/2/4/8 + UTF-16 (+ padding)     |
 * | binary/varbinary (rowversion, image, CLR types)       | bytes, 2-byte length or PLP             | prefix 2/4/8 + bytes (+ padding)        |
 * | sql_variant                                           | 4-byte length + SSVARIANT              | the same, with DacFx's lengths and scale (variantField) |
 *
 * Columns selected as text (decimal, money, the temporal types and sql_variant in the driver reader's plan) are
 * decoded to that text and go through the driver path's decoder and field writer.
 *
 * Checks mirror fieldWriters.ts (NULL in a NOT NULL column, lengths beyond the declaration) and fail with the
 * same BcpValueError messages.
 */
import { type ByteSink, writeUInt40LE } from '../../bcp/byteSink';
import { type FieldWriter, compileFieldWriter } from '../../bcp/fieldWriters';
import { bcpPrefixWidth, charLength, decimalPrecision, decimalScale, fixedPayloadWidth, temporalScale } from '../../bcp/layout';
import { fail } from '../../bcp/valueError';
import type { ColumnModel, SqlBaseType } from '../../model/types';
import type { ColumnReadPlan } from '../tableReader';
import { TdsType, WireFormatError, type WireColumn } from './colMetadata';
import { checkDay, checkDecimalMagnitude, checkOffset, checkTimeUnits, fixedValueCheck } from '../../bcp/valueRanges';

/** Where a read stopped for lack of bytes: the index into the source that must exist before a retry. */
export interface ReadShortfall {
  need: number;
}

export interface FieldTranscoder {
  /** Transcodes the value at `src[pos]`; returns the position after it, or -1 when `src` ends first (see ReadShortfall). */
  read(src: Buffer, pos: number, end: number, sink: ByteSink): number;
  /** Writes the field of a NULL that an NBCROW's null bitmap announced. */
  writeNull(sink: ByteSink): void;
}

const PLP_NULL_LOW = 0xffffffff;
const PLP_UNKNOWN_LOW = 0xfffffffe;
/** Copies shorter than this go byte by byte: cheaper than a native Buffer#copy call. */
const shortCopyBytes = 64;

function copyBytes(src: Buffer, from: number, to: number, dst: Buffer, at: number): void {
  if (to - from < shortCopyBytes) {
    for (let i = from; i < to; i++) dst[at++] = src[i];
  } else {
    src.copy(dst, at, from, to);
  }
}

function writeNullPrefix(sink: ByteSink, prefix: number): void {
  sink.ensure(prefix);
  for (let i = 0; i < prefix; i++) sink.buf[sink.pos++] = 0xff;
}

function writeLengthAt(buf: Buffer, at: number, prefix: number, length: number): void {
  switch (prefix) {
    case 2: buf.writeUInt16LE(length, at); break;
    case 4: buf.writeUInt32LE(length, at); break;
    case 8:
      buf.writeUInt32LE(length % 4_294_967_296, at);
      buf.writeUInt32LE(Math.floor(length / 4_294_967_296), at + 4);
      break;
  }
}

const hex = (type: number) => `0x${type.toString(16).padStart(2, '0')}`;

/** The wire types a fixed-size column may arrive as: its fixed type (NOT NULL) or the nullable N-type. */
function fixedWireTypes(base: SqlBaseType): number[] | undefined {
  switch (base) {
    case 'bit': return [TdsType.BIT, TdsType.BITN];
    case 'tinyint': return [TdsType.INT1, TdsType.INTN];
    case 'smallint': return [TdsType.INT2, TdsType.INTN];
    case 'int': return [TdsType.INT4, TdsType.INTN];
    case 'bigint': return [TdsType.INT8, TdsType.INTN];
    case 'real': return [TdsType.FLT4, TdsType.FLTN];
    case 'float': return [TdsType.FLT8, TdsType.FLTN];
    case 'date': return [TdsType.DATEN];
    case 'datetime': return [TdsType.DATETIME, TdsType.DATETIMN];
    case 'smalldatetime': return [TdsType.DATETIM4, TdsType.DATETIMN];
    case 'uniqueidentifier': return [TdsType.GUID];
    default: return undefined;
  }
}

/** Builds the transcoder for one selected column from what the server said it sends. */
export function compileFieldTranscoder(plan: ColumnReadPlan, wire: WireColumn, shortfall: ReadShortfall): FieldTranscoder {
  const { column } = plan;
  const base = column.type.base;
  const mismatch = (expected: string) =>
    new WireFormatError(`column [${column.name}] (${base}) came as TDS type ${hex(wire.type)}, where ${expected} was expected`);
  const fixedTypes = fixedWireTypes(base);
  if (fixedTypes) {
    if (!fixedTypes.includes(wire.type)) throw mismatch(fixedTypes.map(hex).join(' or '));
    return fixedField(column, wire, shortfall);
  }
  const isUtf16 = wire.type === TdsType.NVARCHAR || wire.type === TdsType.NCHAR;
  switch (base) {
    case 'char': case 'varchar': case 'nchar': case 'nvarchar': case 'text': case 'ntext': case 'xml':
      if (!isUtf16) throw mismatch('nvarchar or nchar');
      return variableField(column, wire, shortfall, utf16Layout(column));
    case 'binary': case 'varbinary': case 'rowversion': case 'image': case 'geography': case 'geometry': case 'hierarchyid':
      if (wire.type !== TdsType.BIGVARBIN && wire.type !== TdsType.BIGBINARY) throw mismatch('varbinary or binary');
      return variableField(column, wire, shortfall, bytesLayout(column));
  }
  if (!plan.stored) {
    // Selected as lossless text (the driver reader's plan): decode it as the driver path does.
    if (wire.type !== TdsType.NVARCHAR) throw mismatch('nvarchar (text)');
    return textField(plan, wire, shortfall);
  }
  switch (base) {
    case 'money':
      if (wire.type !== TdsType.MONEY && wire.type !== TdsType.MONEYN) throw mismatch('money');
      return fixedField(column, wire, shortfall);
    case 'smallmoney':
      if (wire.type !== TdsType.MONEY4 && wire.type !== TdsType.MONEYN) throw mismatch('smallmoney');
      return fixedField(column, wire, shortfall);
    case 'decimal': case 'numeric':
      if (wire.type !== TdsType.DECIMALN && wire.type !== TdsType.NUMERICN) throw mismatch('decimal or numeric');
      return decimalField(column, wire, shortfall);
    case 'time':
      if (wire.type !== TdsType.TIMEN) throw mismatch('time');
      return temporalField(column, wire, shortfall, 0);
    case 'datetime2':
      if (wire.type !== TdsType.DATETIME2N) throw mismatch('datetime2');
      return temporalField(column, wire, shortfall, 3);
    case 'datetimeoffset':
      if (wire.type !== TdsType.DATETIMEOFFSETN) throw mismatch('datetimeoffset');
      return temporalField(column, wire, shortfall, 5);
    case 'sql_variant':
      if (wire.type !== TdsType.SSVARIANT) throw mismatch('sql_variant');
      return variantField(column, shortfall);
    default:
      throw mismatch('a type this reader transcodes');
  }
}

/**
 * Fixed-size types: the TDS bytes are the BCP payload (datetime's days + ticks, a GUID's byte order, IEEE floats,
 * money's high half first…).
 */
function fixedField(column: ColumnModel, wire: WireColumn, shortfall: ReadShortfall): FieldTranscoder {
  const width = fixedPayloadWidth(column.type) as number;
  const prefix = bcpPrefixWidth(column);
  const nullable = column.nullable;
  const isBit = column.type.base === 'bit';
  const check = fixedValueCheck(column.type.base);
  const lengthByte = wire.length === 'byte';
  if (!lengthByte && wire.fixedBytes !== width) {
    throw new WireFormatError(`column [${column.name}] came as ${wire.fixedBytes}-byte values, where ${width} were expected`);
  }
  const writeNull = (sink: ByteSink) => {
    if (!nullable || prefix === 0) fail('NULL in a NOT NULL column');
    sink.ensure(1);
    sink.buf[sink.pos++] = 0xff;
  };
  return {
    writeNull,
    read(src, pos, end, sink) {
      let at = pos;
      if (lengthByte) {
        if (at >= end) {
          shortfall.need = at + 1;
          return -1;
        }
        const length = src[at++];
        if (length === 0) {
          writeNull(sink);
          return at;
        }
        if (length !== width) fail(`a ${length}-byte value where ${width} bytes were expected`);
      }
      if (at + width > end) {
        shortfall.need = at + width;
        return -1;
      }
      if (check) check(src, at);
      sink.ensure(prefix + width);
      const buf = sink.buf;
      let p = sink.pos;
      if (prefix === 1) buf[p++] = width;
      if (isBit) buf[p++] = src[at] === 0 ? 0 : 1;
      else for (let i = 0; i < width; i++) buf[p++] = src[at + i];
      sink.pos = p;
      return at + width;
    },
  };
}

/** What a variable-length column's BCP field looks like around the value's bytes. */
interface VariableLayout {
  prefix: number;
  /** Pads shorter values to this many bytes (char/nchar with spaces, binary with zeros); 0 = no padding. */
  padBytes: number;
  padUtf16Space: boolean;
  /** Checks the value's byte length against the declaration (throws a BcpValueError). */
  check: (bytes: number) => void;
}

const maxPrefixValue = (prefix: number) => (prefix === 2 ? 0xfffe : prefix === 4 ? 0xfffffffe : Number.MAX_SAFE_INTEGER);

function utf16Layout(column: ColumnModel): VariableLayout {
  const { type } = column;
  const prefix = bcpPrefixWidth(column);
  const fixedLength = type.base === 'char' || type.base === 'nchar';
  const padBytes = fixedLength ? 2 * charLength(type) : 0;
  const unlimited = type.isMax || type.base === 'text' || type.base === 'ntext' || type.base === 'xml';
  const maxChars = unlimited ? Number.MAX_SAFE_INTEGER : charLength(type);
  const limit = maxPrefixValue(prefix);
  return {
    prefix, padBytes, padUtf16Space: true,
    check(bytes) {
      if (bytes % 2 !== 0) fail(`${bytes} bytes are not whole UTF-16 characters`);
      if (bytes / 2 > maxChars) fail(`${bytes / 2} characters do not fit ${type.base}(${maxChars})`);
      if (Math.max(bytes, padBytes) > limit) fail(`${Math.max(bytes, padBytes)} bytes do not fit a ${prefix}-byte length prefix`);
    },
  };
}

function bytesLayout(column: ColumnModel): VariableLayout {
  const { type } = column;
  const prefix = bcpPrefixWidth(column);
  const limit = maxPrefixValue(prefix);
  const exact = type.base === 'rowversion' ? 8 : -1;
  const padBytes = type.base === 'binary' ? charLength(type) : 0;
  const maxBytes = type.base === 'binary' || (type.base === 'varbinary' && !type.isMax) ? charLength(type) : Number.MAX_SAFE_INTEGER;
  return {
    prefix, padBytes, padUtf16Space: false,
    check(bytes) {
      if (exact >= 0 && bytes !== exact) fail(`a rowversion is ${exact} bytes, got ${bytes}`);
      if (bytes > maxBytes) fail(`${bytes} bytes do not fit ${type.base}(${maxBytes})`);
      if (Math.max(bytes, padBytes) > limit) fail(`${Math.max(bytes, padBytes)} bytes do not fit a ${prefix}-byte length prefix`);
    },
  };
}

/**
 * Locates a PLP value (MS-TDS 2.2.5.2.3) at `src[pos]`. Returns the position after its terminator, or -1 with
 * `shortfall.need` set (as far ahead as the announced total length allows, so a long value is retried once it
 * can be complete rather than once per packet). `plp.bytes` is the value's length, -1 for NULL.
 */
function locatePlp(src: Buffer, pos: number, end: number, shortfall: ReadShortfall, plp: { bytes: number }): number {
  if (pos + 8 > end) {
    shortfall.need = pos + 8;
    return -1;
  }
  const low = src.readUInt32LE(pos);
  const high = src.readUInt32LE(pos + 4);
  if (low === PLP_NULL_LOW && high === 0xffffffff) {
    plp.bytes = -1;
    return pos + 8;
  }
  const known = !(low === PLP_UNKNOWN_LOW && high === 0xffffffff);
  const total = known ? high * 4_294_967_296 + low : 0;
  let at = pos + 8;
  let bytes = 0;
  for (;;) {
    if (at + 4 > end) {
      shortfall.need = at + 4 + Math.max(0, total - bytes);
      return -1;
    }
    const chunk = src.readUInt32LE(at);
    at += 4;
    if (chunk === 0) break;
    if (at + chunk > end) {
      shortfall.need = at + chunk + 4 + Math.max(0, total - bytes - chunk);
      return -1;
    }
    bytes += chunk;
    at += chunk;
  }
  if (known && bytes !== total) throw new WireFormatError(`a PLP value announced ${total} bytes and carried ${bytes}`);
  plp.bytes = bytes;
  return at;
}

/** Copies the chunks of a located PLP value (starting at its 8-byte total) to `dst[at]`. */
function copyPlp(src: Buffer, pos: number, dst: Buffer, at: number): void {
  let from = pos + 8;
  for (;;) {
    const chunk = src.readUInt32LE(from);
    from += 4;
    if (chunk === 0) return;
    copyBytes(src, from, from + chunk, dst, at);
    at += chunk;
    from += chunk;
  }
}

/** The framing of a value with a 2-byte length (0xFFFF = NULL): `write` gets the data's start and length. */
function ushortLengthRead(
  shortfall: ReadShortfall,
  writeNull: (sink: ByteSink) => void,
  write: (src: Buffer, at: number, length: number, sink: ByteSink) => void,
): FieldTranscoder['read'] {
  return (src, pos, end, sink) => {
    if (pos + 2 > end) {
      shortfall.need = pos + 2;
      return -1;
    }
    const length = src[pos] | (src[pos + 1] << 8);
    const from = pos + 2;
    if (length === 0xffff) {
      writeNull(sink);
      return from;
    }
    if (from + length > end) {
      shortfall.need = from + length;
      return -1;
    }
    write(src, from, length, sink);
    return from + length;
  };
}

/** The framing of a PLP value: `write` gets the position of its 8-byte total (for copyPlp) and its length. */
function plpRead(
  shortfall: ReadShortfall,
  writeNull: (sink: ByteSink) => void,
  write: (src: Buffer, pos: number, length: number, sink: ByteSink) => void,
): FieldTranscoder['read'] {
  const plp = { bytes: 0 };
  return (src, pos, end, sink) => {
    const next = locatePlp(src, pos, end, shortfall, plp);
    if (next < 0) return -1;
    if (plp.bytes < 0) writeNull(sink);
    else write(src, pos, plp.bytes, sink);
    return next;
  };
}

/** Character and binary columns: a length prefix, the bytes as sent, padding for the fixed-length types. */
function variableField(column: ColumnModel, wire: WireColumn, shortfall: ReadShortfall, layout: VariableLayout): FieldTranscoder {
  const { prefix, padBytes, padUtf16Space, check } = layout;
  const nullable = column.nullable;
  const writeNull = (sink: ByteSink) => {
    if (!nullable || prefix === 0) fail('NULL in a NOT NULL column');
    writeNullPrefix(sink, prefix);
  };
  // The field of a `bytes`-long value whose data is at src[from], or (plp) whose PLP total is at src[from].
  const put = (src: Buffer, from: number, bytes: number, sink: ByteSink, plp: boolean) => {
    check(bytes);
    const field = bytes < padBytes ? padBytes : bytes;
    sink.ensure(prefix + field);
    const buf = sink.buf;
    writeLengthAt(buf, sink.pos, prefix, field);
    const at = sink.pos + prefix;
    if (plp) copyPlp(src, from, buf, at);
    else copyBytes(src, from, from + bytes, buf, at);
    if (padUtf16Space) {
      for (let i = at + bytes; i < at + field; i += 2) {
        buf[i] = 0x20;
        buf[i + 1] = 0;
      }
    } else if (field > bytes) {
      buf.fill(0, at + bytes, at + field);
    }
    sink.pos = at + field;
  };
  if (wire.length === 'plp') return { writeNull, read: plpRead(shortfall, writeNull, (src, pos, bytes, sink) => put(src, pos, bytes, sink, true)) };
  if (wire.length !== 'ushort') throw new WireFormatError(`column [${column.name}] came with ${wire.length} lengths`);
  return { writeNull, read: ushortLengthRead(shortfall, writeNull, (src, at, bytes, sink) => put(src, at, bytes, sink, false)) };
}

/** Columns selected as lossless text: decode the text, then the driver path's decoder and field writer. */
function textField(plan: ColumnReadPlan, wire: WireColumn, shortfall: ReadShortfall): FieldTranscoder {
  const writer: FieldWriter = compileFieldWriter(plan.column);
  const decode = plan.decode;
  const writeNull = (sink: ByteSink) => writer(sink, null);
  if (wire.length === 'plp') {
    return {
      writeNull,
      read: plpRead(shortfall, writeNull, (src, pos, bytes, sink) => {
        // Chunks may split a UTF-16 unit: join them before decoding.
        const joined = Buffer.allocUnsafe(bytes);
        copyPlp(src, pos, joined, 0);
        writer(sink, decode(joined.toString('utf16le')));
      }),
    };
  }
  return { writeNull, read: ushortLengthRead(shortfall, writeNull, (src, at, bytes, sink) => writer(sink, decode(src.toString('utf16le', at, at + bytes)))) };
}

/** A NULL in a field with a 1-byte prefix (or a NOT NULL column, which cannot take one). */
function nullByte(column: ColumnModel): (sink: ByteSink) => void {
  const prefix = bcpPrefixWidth(column);
  return (sink) => {
    if (!column.nullable || prefix === 0) fail('NULL in a NOT NULL column');
    sink.ensure(1);
    sink.buf[sink.pos++] = 0xff;
  };
}

/**
 * The framing of a value with a 1-byte length (0 = NULL): `write` gets the data's start and length once all of it
 * is in `src`.
 */
function byteLengthRead(
  shortfall: ReadShortfall,
  writeNull: (sink: ByteSink) => void,
  write: (src: Buffer, at: number, length: number, sink: ByteSink) => void,
): FieldTranscoder['read'] {
  return (src, pos, end, sink) => {
    if (pos >= end) {
      shortfall.need = pos + 1;
      return -1;
    }
    const length = src[pos];
    if (length === 0) {
      writeNull(sink);
      return pos + 1;
    }
    const next = pos + 1 + length;
    if (next > end) {
      shortfall.need = next;
      return -1;
    }
    write(src, pos + 1, length, sink);
    return next;
  };
}

/** TDS decimal data src[from, to) (sign byte, 4–16-byte magnitude) as BCP's sign and 16-byte magnitude at buf[p]; returns the end. */
function writeDecimalData(src: Buffer, from: number, to: number, buf: Buffer, p: number): number {
  let zero = true;
  for (let i = from + 1; i < to; i++) {
    if (src[i] !== 0) {
      zero = false;
      break;
    }
  }
  // Zero is positive (a negative zero would not be a SQL Server value, nor what the text path writes).
  buf[p++] = zero || src[from] !== 0 ? 1 : 0;
  for (let i = from + 1; i < to; i++) buf[p++] = src[i];
  for (let i = to - from - 1; i < 16; i++) buf[p++] = 0;
  return p;
}

/** decimal/numeric: TDS sends a sign byte and a 4–16-byte magnitude; BCP always 19 bytes with the declared p and s. */
function decimalField(column: ColumnModel, wire: WireColumn, shortfall: ReadShortfall): FieldTranscoder {
  const precision = decimalPrecision(column.type);
  const scale = decimalScale(column.type);
  if (wire.scale !== scale) {
    throw new WireFormatError(`column [${column.name}] came with scale ${wire.scale}, where its declaration has ${scale}`);
  }
  const writeNull = nullByte(column);
  return {
    writeNull,
    read: byteLengthRead(shortfall, writeNull, (src, at, length, sink) => {
      if (length > 17) fail(`a ${length}-byte decimal value`);
      checkDecimalMagnitude(src, at + 1, at + length, precision, scale);
      sink.ensure(20);
      const buf = sink.buf;
      let p = sink.pos;
      buf[p++] = 19;
      buf[p++] = precision;
      buf[p++] = scale;
      sink.pos = writeDecimalData(src, at, at + length, buf, p);
    }),
  };
}

/** Bytes of a TDS time part at a scale (MS-TDS 2.2.5.5.1.8). */
const timeBytes = (scale: number) => (scale <= 2 ? 3 : scale <= 4 ? 4 : 5);

/** The TDS time part at src[at] (`bytes` long, in 10^-scale s) in BCP's 100 ns units. */
function timeUnits(src: Buffer, at: number, bytes: number, scale: number): number {
  let units = src[at] + src[at + 1] * 0x100 + src[at + 2] * 0x10000;
  if (bytes > 3) units += src[at + 3] * 0x1000000;
  if (bytes > 4) units += src[at + 4] * 0x100000000;
  return units * 10 ** (7 - scale);
}

/**
 * time, datetime2, datetimeoffset: TDS sends the time in units of the column's scale (3–5 bytes), then `tail` bytes
 * (date; date and offset) that BCP keeps as they are; BCP always has 5 bytes of 100 ns units.
 */
function temporalField(column: ColumnModel, wire: WireColumn, shortfall: ReadShortfall, tail: 0 | 3 | 5): FieldTranscoder {
  const scale = temporalScale(column.type);
  if (wire.scale !== scale) {
    throw new WireFormatError(`column [${column.name}] came with scale ${wire.scale}, where its declaration has ${scale}`);
  }
  const wireTime = timeBytes(scale);
  const wireLength = wireTime + tail;
  const width = 5 + tail;
  const prefix = bcpPrefixWidth(column);
  const writeNull = nullByte(column);
  return {
    writeNull,
    read: byteLengthRead(shortfall, writeNull, (src, at, length, sink) => {
      if (length !== wireLength) fail(`a ${length}-byte value where ${wireLength} bytes were expected`);
      const units = timeUnits(src, at, wireTime, scale);
      checkTimeUnits(units);
      if (tail > 0) checkDay(src.readUIntLE(at + wireTime, 3));
      if (tail === 5) checkOffset(src.readInt16LE(at + wireTime + 3));
      sink.ensure(prefix + width);
      const buf = sink.buf;
      let p = sink.pos;
      if (prefix === 1) buf[p++] = width;
      p = writeUInt40LE(buf, p, units);
      for (let i = at + wireTime; i < at + length; i++) buf[p++] = src[i];
      sink.pos = p;
    }),
  };
}

/** sql_variant values hold at most 8016 bytes (SQL Server's limit). */
const maxVariantBytes = 8016;

/**
 * sql_variant: TDS's 4-byte length + SSVARIANT payload (BaseType, PropBytes, props, data) is the BCP field, with
 * DacFx's three differences rewritten (bcp/sqlVariantCodec.ts): varchar, nvarchar and varbinary carry their own byte
 * length as max length, decimals a 16-byte magnitude, time/datetime2/datetimeoffset scale 7. A NULL is length 0 in
 * both.
 */
function variantField(column: ColumnModel, shortfall: ReadShortfall): FieldTranscoder {
  const nullable = column.nullable;
  const writeNull = (sink: ByteSink) => {
    if (!nullable) fail('NULL in a NOT NULL column');
    sink.ensure(4);
    sink.pos = sink.buf.writeUInt32LE(0, sink.pos);
  };
  return {
    writeNull,
    read(src, pos, end, sink) {
      if (pos + 4 > end) {
        shortfall.need = pos + 4;
        return -1;
      }
      const length = src.readUInt32LE(pos);
      if (length === 0) {
        writeNull(sink);
        return pos + 4;
      }
      if (length > maxVariantBytes) fail(`a ${length}-byte sql_variant exceeds SQL Server's ${maxVariantBytes} bytes`);
      const next = pos + 4 + length;
      if (next > end) {
        shortfall.need = next;
        return -1;
      }
      writeVariant(src, pos + 4, next, sink);
      return next;
    },
  };
}

/** Writes the BCP field (length prefix and payload) of the SSVARIANT payload src[from, to). */
/** The range checks of the fixed-size types a sql_variant can hold, by TDS type. */
const variantFixedChecks: Partial<Record<number, (src: Buffer, at: number) => void>> = {
  [TdsType.DATEN]: (src, at) => checkDay(src.readUIntLE(at, 3)),
  [TdsType.DATETIME]: fixedValueCheck('datetime'),
  [TdsType.DATETIM4]: fixedValueCheck('smalldatetime'),
  [TdsType.FLT4]: fixedValueCheck('real'),
  [TdsType.FLT8]: fixedValueCheck('float'),
};

function writeVariant(src: Buffer, from: number, to: number, sink: ByteSink): void {
  const base = src[from];
  const propBytes = src[from + 1];
  const data = from + 2 + propBytes;
  if (propBytes > 7 || data > to) fail(`a sql_variant with ${propBytes} property bytes in ${to - from}`);
  const dataBytes = to - data;
  sink.ensure(4 + 2 + 7 + 21);
  const buf = sink.buf;
  const start = sink.pos;
  let p = start + 4;
  switch (base) {
    case TdsType.DECIMALN: case TdsType.NUMERICN: {
      if (propBytes !== 2 || dataBytes < 1 || dataBytes > 17) fail(`a sql_variant decimal of ${dataBytes} bytes`);
      checkDecimalMagnitude(src, data + 1, to, src[from + 2], src[from + 3]);
      buf[p++] = base;
      buf[p++] = 2;
      buf[p++] = src[from + 2];
      buf[p++] = src[from + 3];
      p = writeDecimalData(src, data, to, buf, p);
      break;
    }
    case TdsType.TIMEN: case TdsType.DATETIME2N: case TdsType.DATETIMEOFFSETN: {
      const scale = src[from + 2];
      const tail = base === TdsType.TIMEN ? 0 : base === TdsType.DATETIME2N ? 3 : 5;
      const wireTime = timeBytes(scale);
      if (propBytes !== 1 || scale > 7 || dataBytes !== wireTime + tail) fail(`a sql_variant ${hex(base)} of ${dataBytes} bytes at scale ${scale}`);
      const units = timeUnits(src, data, wireTime, scale);
      checkTimeUnits(units);
      if (tail > 0) checkDay(src.readUIntLE(data + wireTime, 3));
      if (tail === 5) checkOffset(src.readInt16LE(data + wireTime + 3));
      buf[p++] = base;
      buf[p++] = 1;
      buf[p++] = 7;
      p = writeUInt40LE(buf, p, units);
      for (let i = data + wireTime; i < to; i++) buf[p++] = src[i];
      break;
    }
    case TdsType.BIGVARBIN: case TdsType.BIGVARCHR: case TdsType.NVARCHAR: {
      // The max length DacFx reads is the value's own length.
      sink.ensure(4 + (to - from));
      copyBytes(src, from, data - 2, sink.buf, p);
      p += data - 2 - from;
      p = sink.buf.writeUInt16LE(dataBytes, p);
      copyBytes(src, data, to, sink.buf, p);
      p += dataBytes;
      break;
    }
    case TdsType.BIGBINARY: case TdsType.BIGCHAR: case TdsType.NCHAR: {
      // Fixed-length values fill their declared length (SQL Server stores them padded; so does DacFx).
      const declared = src.readUInt16LE(data - 2);
      const padded = Math.max(declared, dataBytes);
      sink.ensure(4 + (data - from) + padded);
      copyBytes(src, from, to, sink.buf, p);
      p += to - from;
      for (let i = dataBytes; i < padded; i++) sink.buf[p++] = base === TdsType.BIGBINARY ? 0 : base === TdsType.NCHAR && (i & 1) === 1 ? 0 : 0x20;
      break;
    }
    case TdsType.INT1: case TdsType.BIT: case TdsType.INT2: case TdsType.INT4: case TdsType.INT8: case TdsType.FLT4:
    case TdsType.FLT8: case TdsType.MONEY: case TdsType.MONEY4: case TdsType.DATETIME: case TdsType.DATETIM4:
    case TdsType.GUID: case TdsType.DATEN:
      variantFixedChecks[base]?.(src, data);
      sink.ensure(4 + (to - from));
      copyBytes(src, from, to, sink.buf, p);
      p += to - from;
      break;
    default:
      fail(`sql_variant cannot hold TDS type ${hex(base)}`);
  }
  sink.buf.writeUInt32LE(p - start - 4, start);
  sink.pos = p;
}
