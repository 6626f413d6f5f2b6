/**
 * Compiles one writer function per column: its prefix rule (spec §5.3) around the payload writer of its type,
 * with lengths, scales and padding resolved once, so the per-value work is a type check and a few buffer
 * writes.
 */
import type { ColumnModel } from '../model/types';
import type { SqlValue, SqlVariant } from './values';
import { type ByteSink, writeUInt24LE, writeUInt40LE } from './byteSink';
import { bcpPrefixWidth, charLength, decimalPrecision, decimalScale, fixedPayloadWidth, temporalScale } from './layout';
import { describeValue, fail } from './valueError';
import {
  type PayloadWriter, parseDatetime2, parseDatetimeOffsetUtc, parseTimeUnits, writeBigint, writeBit, writeDate, writeDatetime,
  writeDecimalSignAndMagnitude, writeFloat, writeInt, writeMoney, writeReal, writeSmallDatetime, writeSmallMoney, writeSmallint,
  writeTinyint, writeUniqueidentifier,
} from './scalarCodecs';
import { parsed } from './temporalText';
import { writeSqlVariantPayload } from './sqlVariantCodec';

export type FieldWriter = (sink: ByteSink, value: SqlValue) => void;

/** Unlimited for our purposes: V8 strings and Buffers are far smaller than what a uint32/uint64 prefix holds. */
const unlimited = Number.MAX_SAFE_INTEGER;
/** Up to this many characters, UTF-16 is written by a JS loop instead of Buffer#write. */
const shortStringChars = 24;
/** sql_variant values hold at most 8016 bytes (SQL Server's limit). */
const maxVariantBytes = 8016;

export function compileFieldWriter(column: ColumnModel): FieldWriter {
  const { type } = column;
  switch (type.base) {
    case 'char': case 'varchar': case 'nchar': case 'nvarchar': case 'text': case 'ntext': case 'xml':
      return stringWriter(column);
    case 'binary': case 'varbinary': case 'image': case 'rowversion': case 'geography': case 'geometry': case 'hierarchyid':
      return bytesWriter(column);
    case 'sql_variant':
      return variantWriter(column);
    default:
      return fixedWriter(column, fixedPayloadWriter(column));
  }
}

function fixedPayloadWriter(column: ColumnModel): PayloadWriter {
  const { type } = column;
  switch (type.base) {
    case 'bit': return writeBit;
    case 'tinyint': return writeTinyint;
    case 'smallint': return writeSmallint;
    case 'int': return writeInt;
    case 'bigint': return writeBigint;
    case 'real': return writeReal;
    case 'float': return writeFloat;
    case 'money': return writeMoney;
    case 'smallmoney': return writeSmallMoney;
    case 'date': return writeDate;
    case 'datetime': return writeDatetime;
    case 'smalldatetime': return writeSmallDatetime;
    case 'uniqueidentifier': return writeUniqueidentifier;
    case 'decimal':
    case 'numeric': {
      const precision = decimalPrecision(type);
      const scale = decimalScale(type);
      checkShape(precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision, `precision ${precision}, scale ${scale}`);
      return (sink, v) => {
        sink.ensure(2);
        sink.buf[sink.pos++] = precision;
        sink.buf[sink.pos++] = scale;
        writeDecimalSignAndMagnitude(sink, v, precision, scale, 16);
      };
    }
    case 'time': {
      const scale = checkedTemporalScale(column);
      return (sink, v) => {
        const units = parseTimeUnits(v, scale);
        sink.ensure(5);
        sink.pos = writeUInt40LE(sink.buf, sink.pos, units);
      };
    }
    case 'datetime2': {
      const scale = checkedTemporalScale(column);
      return (sink, v) => {
        parseDatetime2(v, scale);
        sink.ensure(8);
        sink.pos = writeUInt24LE(sink.buf, writeUInt40LE(sink.buf, sink.pos, parsed.units), parsed.day);
      };
    }
    case 'datetimeoffset': {
      const scale = checkedTemporalScale(column);
      return (sink, v) => {
        parseDatetimeOffsetUtc(v, scale);
        sink.ensure(10);
        const at = writeUInt24LE(sink.buf, writeUInt40LE(sink.buf, sink.pos, parsed.units), parsed.day);
        sink.pos = sink.buf.writeInt16LE(parsed.offsetMinutes, at);
      };
    }
    default:
      throw new Error(`no fixed payload writer for ${type.base}`);
  }
}

function checkedTemporalScale(column: ColumnModel): number {
  const scale = temporalScale(column.type);
  checkShape(Number.isInteger(scale) && scale >= 0 && scale <= 7, `scale ${scale}`);
  return scale;
}

/** A column model that no SQL Server could have is a bug upstream; say so when the encoder is built. */
function checkShape(ok: boolean, what: string): void {
  if (!ok) fail(`the column's ${what} is not a valid SQL Server declaration`);
}

function fixedWriter(column: ColumnModel, payload: PayloadWriter): FieldWriter {
  const width = fixedPayloadWidth(column.type) as number;
  const nullable = column.nullable;
  if (bcpPrefixWidth(column) === 0) {
    return (sink, v) => {
      if (v === null || v === undefined) fail('NULL in a NOT NULL column');
      payload(sink, v);
    };
  }
  return (sink, v) => {
    sink.ensure(1 + width); // the payload writer's own ensure() is then a compare
    if (v === null || v === undefined) {
      if (!nullable) fail('NULL in a NOT NULL column');
      sink.buf[sink.pos++] = 0xff;
      return;
    }
    sink.buf[sink.pos++] = width;
    payload(sink, v);
  };
}

function writeNull(sink: ByteSink, prefix: number): void {
  sink.ensure(prefix);
  const buf = sink.buf;
  for (let i = 0; i < prefix; i++) buf[sink.pos++] = 0xff;
}

function writeLength(sink: ByteSink, prefix: number, length: number): void {
  const buf = sink.buf;
  switch (prefix) {
    case 2: sink.pos = buf.writeUInt16LE(length, sink.pos); break;
    case 4: sink.pos = buf.writeUInt32LE(length, sink.pos); break;
    case 8:
      buf.writeUInt32LE(length % 4_294_967_296, sink.pos);
      sink.pos = buf.writeUInt32LE(Math.floor(length / 4_294_967_296), sink.pos + 4);
      break;
  }
}

function stringWriter(column: ColumnModel): FieldWriter {
  const { type, nullable } = column;
  const prefix = bcpPrefixWidth(column);
  const fixedLength = type.base === 'char' || type.base === 'nchar';
  const padTo = fixedLength ? charLength(type) : 0;
  // varchar(n) counts bytes in the column's code page; every character is at least one byte there, so a
  // longer string can never fit, and a DBCS value that does not fit cannot come from SQL Server anyway.
  const maxChars = type.isMax || type.base === 'text' || type.base === 'ntext' || type.base === 'xml' ? unlimited : charLength(type);
  const maxPrefixValue = prefix === 2 ? 0xfffe : prefix === 4 ? 0xfffffffe : unlimited;
  return (sink, v) => {
    if (v === null || v === undefined) {
      if (!nullable) fail('NULL in a NOT NULL column');
      writeNull(sink, prefix);
      return;
    }
    if (typeof v !== 'string') fail(`expected text, got ${describeValue(v)}`);
    const chars = v.length;
    if (chars > maxChars) fail(`${chars} characters do not fit ${type.base}(${maxChars})`);
    const bytes = 2 * (chars < padTo ? padTo : chars);
    if (bytes > maxPrefixValue) fail(`${bytes} bytes do not fit a ${prefix}-byte length prefix`);
    sink.ensure(prefix + bytes);
    writeLength(sink, prefix, bytes);
    const buf = sink.buf;
    const start = sink.pos;
    if (chars > shortStringChars) buf.write(v, start, 'utf16le');
    else {
      // Short strings: a plain loop beats Buffer#write's argument handling (measured ~2× below ~24 characters).
      for (let i = 0, at = start; i < chars; i++) {
        const c = v.charCodeAt(i);
        buf[at++] = c;
        buf[at++] = c >>> 8;
      }
    }
    // char/nchar are space-padded to their declared length, as SQL Server returns them.
    for (let i = start + 2 * chars; i < start + bytes; i += 2) {
      buf[i] = 0x20;
      buf[i + 1] = 0;
    }
    sink.pos = start + bytes;
  };
}

function bytesWriter(column: ColumnModel): FieldWriter {
  const { type, nullable } = column;
  const prefix = bcpPrefixWidth(column);
  let exact = -1;
  let padTo = 0;
  let maxBytes = unlimited;
  if (type.base === 'rowversion') exact = 8;
  else if (type.base === 'binary') {
    padTo = charLength(type);
    maxBytes = padTo;
  } else if (type.base === 'varbinary' && !type.isMax) maxBytes = charLength(type);
  const maxPrefixValue = prefix === 2 ? 0xfffe : prefix === 4 ? 0xfffffffe : unlimited;
  return (sink, v) => {
    if (v === null || v === undefined) {
      if (!nullable) fail('NULL in a NOT NULL column');
      writeNull(sink, prefix);
      return;
    }
    if (!(v instanceof Uint8Array)) fail(`expected bytes (Uint8Array), got ${describeValue(v)}`);
    const length = v.length;
    if (exact >= 0 && length !== exact) fail(`a rowversion is ${exact} bytes, got ${length}`);
    if (length > maxBytes) fail(`${length} bytes do not fit ${type.base}(${maxBytes})`);
    // binary(n) is zero-padded to n bytes, as SQL Server stores it.
    const bytes = length < padTo ? padTo : length;
    if (bytes > maxPrefixValue) fail(`${bytes} bytes do not fit a ${prefix}-byte length prefix`);
    sink.ensure(prefix + bytes);
    writeLength(sink, prefix, bytes);
    sink.buf.set(v, sink.pos);
    if (bytes > length) sink.buf.fill(0, sink.pos + length, sink.pos + bytes);
    sink.pos += bytes;
  };
}

function variantWriter(column: ColumnModel): FieldWriter {
  const nullable = column.nullable;
  return (sink, v) => {
    if (v === null || v === undefined) {
      if (!nullable) fail('NULL in a NOT NULL column');
      // DacFx writes a NULL sql_variant as length 0, not as all-ones.
      sink.ensure(4);
      sink.pos = sink.buf.writeUInt32LE(0, sink.pos);
      return;
    }
    if (typeof v !== 'object' || (v as SqlVariant).kind !== 'sql_variant') fail(`expected a SqlVariant, got ${describeValue(v)}`);
    sink.ensure(4);
    const lengthAt = sink.pos;
    sink.pos += 4;
    writeSqlVariantPayload(sink, v as SqlVariant);
    const length = sink.pos - lengthAt - 4;
    if (length > maxVariantBytes) fail(`a ${length}-byte sql_variant exceeds SQL Server's ${maxVariantBytes} bytes`);
    sink.buf.writeUInt32LE(length, lengthAt);
  };
}
