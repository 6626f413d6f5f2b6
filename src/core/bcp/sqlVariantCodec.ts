/**
 * sql_variant values as DacFx stores them: the TDS SSVARIANT payload `BaseType(1) PropBytes(1) props data`
 * (MS-TDS 2.2.5.5.2.4). Seen in DacFx output: varchar (A7, collation + max length, code page bytes) and int
 * (38). The other base types follow MS-TDS, in the forms DacFx's own BCP reader accepts (proven by running it
 * on our output, tools/dacfx-check/experiments/RESULTS.md):
 * - var-length strings and binaries carry max length = the value's own byte length (DacFx reads that many bytes);
 * - decimal/numeric always carry a 16-byte magnitude, whatever the precision;
 * - time, datetime2 and datetimeoffset are written at scale 7 (5 time bytes); the value is first rounded to its
 *   declared scale, so the instant is the same, only the declared scale is not kept.
 */
import type { SqlBaseType } from '../model/types';
import type { SqlValue, SqlVariant } from './values';
import type { ByteSink } from './byteSink';
import { describeValue, fail } from './valueError';
import {
  type PayloadWriter, formatDatetime2, formatDatetimeOffset, formatTime, parseDatetime2, parseDatetimeOffsetUtc, parseTimeUnits,
  readBigint, readBit, readDate, readDatetime, readDecimalSignAndMagnitude, readFloat, readInt, readMoney, readReal,
  readSmallDatetime, readSmallMoney, readSmallint, readTinyint, readUniqueidentifier, writeBigint, writeBit, writeDate,
  writeDatetime, writeDecimalSignAndMagnitude, writeFloat, writeInt, writeMoney, writeReal, writeSmallDatetime,
  writeSmallMoney, writeSmallint, writeTinyint, writeUniqueidentifier,
} from './scalarCodecs';
import { parsed } from './temporalText';
import { isCodePage1252Collation, readCodePage1252, writeCodePage1252 } from './codePage1252';

/** TDS type bytes of the sql_variant base types. */
export const variantTypeCode: Partial<Record<SqlBaseType, number>> = {
  tinyint: 0x30, bit: 0x32, smallint: 0x34, int: 0x38, bigint: 0x7f,
  real: 0x3b, float: 0x3e, money: 0x3c, smallmoney: 0x7a,
  datetime: 0x3d, smalldatetime: 0x3a, uniqueidentifier: 0x24,
  decimal: 0x6a, numeric: 0x6c,
  varbinary: 0xa5, binary: 0xad, varchar: 0xa7, char: 0xaf, nvarchar: 0xe7, nchar: 0xef,
  date: 0x28, time: 0x29, datetime2: 0x2a, datetimeoffset: 0x2b,
};
const baseTypeOfCode = new Map<number, SqlBaseType>(
  Object.entries(variantTypeCode).map(([type, code]) => [code as number, type as SqlBaseType]),
);

/** SQL_Latin1_General_CP1_CI_AS, the collation DacFx output shows and the default for character variants. */
export const defaultVariantCollation: Uint8Array = Uint8Array.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

/** Largest data part of a variant (SQL Server: 8016 bytes in all). */
const maxVariantDataBytes = 8000;

const fixedWriters: Partial<Record<SqlBaseType, PayloadWriter>> = {
  tinyint: writeTinyint, bit: writeBit, smallint: writeSmallint, int: writeInt, bigint: writeBigint,
  real: writeReal, float: writeFloat, money: writeMoney, smallmoney: writeSmallMoney,
  datetime: writeDatetime, smalldatetime: writeSmallDatetime, uniqueidentifier: writeUniqueidentifier, date: writeDate,
};
const fixedReaders: Partial<Record<SqlBaseType, [bytes: number, read: (b: Buffer, p: number) => SqlValue]>> = {
  tinyint: [1, readTinyint], bit: [1, readBit], smallint: [2, readSmallint], int: [4, readInt], bigint: [8, readBigint],
  real: [4, readReal], float: [8, readFloat], money: [8, readMoney], smallmoney: [4, readSmallMoney],
  datetime: [8, readDatetime], smalldatetime: [4, readSmallDatetime], uniqueidentifier: [16, readUniqueidentifier], date: [3, readDate],
};

/** TDS: time data is 3, 4 or 5 bytes depending on the scale, in units of 10^-scale seconds. */
function timeBytes(scale: number): number {
  return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
}
/** DacFx's reader expects the full 16-byte decimal magnitude (TDS would use 4, 8, 12 or 16 by precision). */
const dacfxDecimalMagnitudeBytes = 16;
/** DacFx's reader expects the 5-byte time part of scale 7 in a variant. */
const dacfxTemporalScale = 7;

/** Writes the SSVARIANT payload of `variant` (without the BCP length prefix). */
export function writeSqlVariantPayload(sink: ByteSink, variant: SqlVariant): void {
  const { baseType, value } = variant;
  const code = variantTypeCode[baseType];
  if (code === undefined) fail(`sql_variant cannot hold a ${baseType} value`);
  if (value === null || value === undefined) fail('a sql_variant value must not be null inside the variant (use null for the whole value)');
  const fixed = fixedWriters[baseType];
  if (fixed) {
    header(sink, code, 0);
    fixed(sink, value);
    return;
  }
  switch (baseType) {
    case 'decimal':
    case 'numeric': {
      const [precision, scale] = variantDecimalShape(variant);
      header(sink, code, 2);
      sink.buf[sink.pos++] = precision;
      sink.buf[sink.pos++] = scale;
      writeDecimalSignAndMagnitude(sink, value, precision, scale, dacfxDecimalMagnitudeBytes);
      return;
    }
    case 'time':
    case 'datetime2':
    case 'datetimeoffset': {
      const scale = variant.scale ?? 7;
      if (!Number.isInteger(scale) || scale < 0 || scale > 7) fail(`sql_variant ${baseType} scale ${scale} is not 0…7`);
      let units: number;
      if (baseType === 'time') units = parseTimeUnits(value, scale);
      else if (baseType === 'datetime2') {
        parseDatetime2(value, scale);
        units = parsed.units;
      } else {
        parseDatetimeOffsetUtc(value, scale);
        units = parsed.units;
      }
      const day = parsed.day;
      const offset = parsed.offsetMinutes;
      const tb = timeBytes(dacfxTemporalScale);
      header(sink, code, 1);
      sink.ensure(1 + tb + 5);
      sink.buf[sink.pos++] = dacfxTemporalScale;
      sink.pos = sink.buf.writeUIntLE(units, sink.pos, tb);
      if (baseType !== 'time') sink.pos = sink.buf.writeUIntLE(day, sink.pos, 3);
      if (baseType === 'datetimeoffset') sink.pos = sink.buf.writeInt16LE(offset, sink.pos);
      return;
    }
    case 'binary':
    case 'varbinary': {
      if (!(value instanceof Uint8Array)) fail(`expected bytes for a ${baseType} variant, got ${describeValue(value)}`);
      const maxLength = baseType === 'binary' ? variantMaxLength(variant, value.length) : checkedVarLength(variant, value.length);
      const dataLength = baseType === 'binary' ? maxLength : value.length;
      header(sink, code, 2);
      sink.ensure(2 + dataLength);
      sink.pos = sink.buf.writeUInt16LE(maxLength, sink.pos);
      sink.buf.set(value, sink.pos);
      sink.buf.fill(0, sink.pos + value.length, sink.pos + dataLength);
      sink.pos += dataLength;
      return;
    }
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar': {
      if (typeof value !== 'string') fail(`expected text for a ${baseType} variant, got ${describeValue(value)}`);
      const unicode = baseType === 'nchar' || baseType === 'nvarchar';
      const collation = variant.collation ?? defaultVariantCollation;
      if (collation.length !== 5) fail('a sql_variant collation is 5 bytes');
      if (!unicode && !isCodePage1252Collation(collation)) {
        fail('sql_variant char/varchar values are supported only for code page 1252 collations (e.g. SQL_Latin1_General_CP1_CI_AS)');
      }
      const valueBytes = unicode ? value.length * 2 : value.length;
      const fixedLength = baseType === 'char' || baseType === 'nchar';
      const maxLength = fixedLength ? variantMaxLength(variant, valueBytes) : checkedVarLength(variant, valueBytes);
      const dataLength = fixedLength ? maxLength : valueBytes;
      header(sink, code, 7);
      sink.ensure(7 + dataLength);
      sink.buf.set(collation, sink.pos);
      sink.pos = sink.buf.writeUInt16LE(maxLength, sink.pos + 5);
      if (unicode) sink.buf.write(value, sink.pos, 'utf16le');
      else writeCodePage1252(value, sink.buf, sink.pos);
      // char/nchar variants are padded with spaces to their declared length.
      for (let i = sink.pos + valueBytes; i < sink.pos + dataLength; i += unicode ? 2 : 1) {
        sink.buf[i] = 0x20;
        if (unicode) sink.buf[i + 1] = 0;
      }
      sink.pos += dataLength;
      return;
    }
    default:
      fail(`sql_variant cannot hold a ${baseType} value`);
  }
}

function header(sink: ByteSink, code: number, propBytes: number): void {
  sink.ensure(2 + propBytes);
  sink.buf[sink.pos++] = code;
  sink.buf[sink.pos++] = propBytes;
}

/** DacFx reads a var-length variant's max length as its data length: write the value's own length. */
function checkedVarLength(variant: SqlVariant, valueBytes: number): number {
  variantMaxLength(variant, valueBytes);
  return valueBytes;
}

function variantMaxLength(variant: SqlVariant, valueBytes: number): number {
  const maxLength = variant.maxLength ?? valueBytes;
  if (!Number.isInteger(maxLength) || maxLength < 0 || maxLength > maxVariantDataBytes) fail(`sql_variant max length ${maxLength} is not 0…${maxVariantDataBytes}`);
  if (valueBytes > maxLength) fail(`a ${valueBytes}-byte value does not fit the variant's ${variant.baseType}(${maxLength} bytes)`);
  return maxLength;
}

/** Declared precision/scale, or (like SQL Server for a literal) the smallest that holds the text. */
function variantDecimalShape(variant: SqlVariant): [number, number] {
  let { precision, scale } = variant;
  if (precision === undefined || scale === undefined) {
    const text = typeof variant.value === 'string' ? variant.value : String(variant.value);
    const m = /^[+-]?0*(\d*)(?:\.(\d*))?$/.exec(text);
    if (!m) fail(`${describeValue(variant.value)} is not decimal text`);
    scale ??= m[2]?.length ?? 0;
    precision ??= Math.max(m[1].length + scale, 1);
  }
  if (!Number.isInteger(precision) || precision < 1 || precision > 38) fail(`sql_variant decimal precision ${precision} is not 1…38`);
  if (!Number.isInteger(scale) || scale < 0 || scale > precision) fail(`sql_variant decimal scale ${scale} is not 0…${precision}`);
  return [precision, scale];
}

/** Reads an SSVARIANT payload occupying `buf[start, end)`. */
export function readSqlVariantPayload(buf: Buffer, start: number, end: number): SqlVariant {
  if (end - start < 2) fail('sql_variant payload is shorter than its 2-byte header');
  const code = buf[start];
  const propBytes = buf[start + 1];
  const baseType = baseTypeOfCode.get(code);
  if (baseType === undefined) fail(`sql_variant base type 0x${code.toString(16)} is not supported`);
  const props = start + 2;
  const data = props + propBytes;
  const dataLength = end - data;
  if (dataLength < 0) fail('sql_variant properties run past the value');
  const fixed = fixedReaders[baseType];
  if (fixed) {
    expect(propBytes === 0 && dataLength === fixed[0], baseType);
    return { kind: 'sql_variant', baseType, value: fixed[1](buf, data) as SqlVariant['value'] };
  }
  switch (baseType) {
    case 'decimal':
    case 'numeric': {
      expect(propBytes === 2, baseType);
      const precision = buf[props];
      const scale = buf[props + 1];
      expect(precision >= 1 && precision <= 38 && scale <= precision, baseType);
      const magnitudeBytes = dataLength - 1;
      expect(magnitudeBytes === 4 || magnitudeBytes === 8 || magnitudeBytes === 12 || magnitudeBytes === 16, baseType);
      return { kind: 'sql_variant', baseType, precision, scale, value: readDecimalSignAndMagnitude(buf, data, scale, magnitudeBytes) };
    }
    case 'time':
    case 'datetime2':
    case 'datetimeoffset': {
      expect(propBytes === 1, baseType);
      const scale = buf[props];
      expect(scale <= 7, baseType);
      const tb = timeBytes(scale);
      expect(dataLength === tb + (baseType === 'time' ? 0 : baseType === 'datetime2' ? 3 : 5), baseType);
      const units = buf.readUIntLE(data, tb) * 10 ** (7 - scale);
      let value: string;
      if (baseType === 'time') value = formatTime(units, scale);
      else if (baseType === 'datetime2') value = formatDatetime2(buf.readUIntLE(data + tb, 3), units, scale);
      else value = formatDatetimeOffset(buf.readUIntLE(data + tb, 3), units, buf.readInt16LE(data + tb + 3), scale);
      return { kind: 'sql_variant', baseType, scale, value };
    }
    case 'binary':
    case 'varbinary': {
      expect(propBytes === 2, baseType);
      const maxLength = buf.readUInt16LE(props);
      expect(dataLength <= maxLength, baseType);
      return { kind: 'sql_variant', baseType, maxLength, value: Buffer.from(buf.subarray(data, end)) };
    }
    default: {
      // char, varchar, nchar, nvarchar
      expect(propBytes === 7, baseType);
      const collation = Buffer.from(buf.subarray(props, props + 5));
      const maxLength = buf.readUInt16LE(props + 5);
      expect(dataLength <= maxLength, baseType);
      let value: string;
      if (baseType === 'nchar' || baseType === 'nvarchar') {
        expect(dataLength % 2 === 0, baseType);
        value = buf.toString('utf16le', data, end);
      } else {
        if (!isCodePage1252Collation(collation)) fail('sql_variant char/varchar with a collation other than code page 1252 is not supported');
        value = readCodePage1252(buf, data, end);
      }
      return { kind: 'sql_variant', baseType, collation, maxLength, value };
    }
  }
}

function expect(ok: boolean, baseType: string): void {
  if (!ok) fail(`sql_variant ${baseType} payload has an unexpected layout`);
}
