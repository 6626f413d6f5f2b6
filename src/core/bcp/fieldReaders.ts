/**
 * Per-column read descriptors for the row decoder: prefix width, fixed width, and a payload reader that
 * returns the canonical value of values.ts. The decoder loop handles prefixes and bounds; readers only see
 * complete payloads.
 */
import type { ColumnModel } from '../model/types';
import type { SqlValue } from './values';
import { bcpPrefixWidth, charLength, fixedPayloadWidth, temporalScale } from './layout';
import { fail } from './valueError';
import {
  formatDatetime2, formatDatetimeOffset, formatTime, readBigint, readBit, readDate, readDatetime, readDecimalSignAndMagnitude,
  readFloat, readInt, readMoney, readReal, readSmallDatetime, readSmallMoney, readSmallint, readTinyint, readUniqueidentifier,
} from './scalarCodecs';
import { readSqlVariantPayload } from './sqlVariantCodec';
import { checkDecimalMagnitude, fixedValueCheck } from './valueRanges';

export type PayloadReader = (buf: Buffer, start: number, length: number) => SqlValue;

export interface FieldReader {
  prefix: 0 | 1 | 2 | 4 | 8;
  /** Payload bytes when `prefix` is 0. */
  fixed: number;
  /** The only payload length a prefixed fixed-size type may have; -1 for variable-length types. */
  expectedLength: number;
  /** sql_variant: a zero length is NULL (every other type uses the all-ones prefix). */
  zeroIsNull: boolean;
  nullable: boolean;
  /** The most payload bytes a value of the column's declared type can have (SQL Server's limit for max types). */
  maxLength: number;
  /** The payload is UTF-16: its length must be even. */
  utf16: boolean;
  read: PayloadReader;
}

/** max types, text, ntext, image, xml and the CLR types hold up to 2 GB; DacFx writes (var)char(max) as UTF-16, twice that. */
const largeValueBytes = 2 * 2_147_483_647;

function maxPayloadLength(column: ColumnModel): number {
  const { type } = column;
  switch (type.base) {
    case 'char': case 'varchar': case 'nchar': case 'nvarchar':
      return type.isMax ? largeValueBytes : 2 * charLength(type);
    case 'binary': case 'varbinary':
      return type.isMax ? largeValueBytes : (type.length ?? 1);
    case 'sql_variant':
      return 8016;
    default:
      return largeValueBytes;
  }
}

export function compileFieldReader(column: ColumnModel): FieldReader {
  const prefix = bcpPrefixWidth(column);
  const width = fixedPayloadWidth(column.type);
  const fixedSize = width !== undefined && column.type.base !== 'char';
  const base = { prefix, nullable: column.nullable, zeroIsNull: column.type.base === 'sql_variant' };
  return {
    ...base,
    fixed: prefix === 0 ? (width as number) : 0,
    expectedLength: prefix !== 0 && fixedSize ? (width as number) : -1,
    maxLength: maxPayloadLength(column),
    utf16: ['char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext', 'xml'].includes(column.type.base),
    read: payloadReader(column),
  };
}

const copyBytes: PayloadReader = (buf, start, length) => Buffer.from(buf.subarray(start, start + length));

const utf16: PayloadReader = (buf, start, length) => {
  if (length % 2 !== 0) fail(`UTF-16 text has an odd byte length ${length}`);
  return buf.toString('utf16le', start, start + length);
};

/** A fixed-size reader that first checks the stored bits are a value of the type (no NaN or infinity). */
function withCheck(base: 'real' | 'float', read: (b: Buffer, p: number) => SqlValue): PayloadReader {
  const check = fixedValueCheck(base) as (b: Buffer, p: number) => void;
  return (b, p) => {
    check(b, p);
    return read(b, p);
  };
}

function payloadReader(column: ColumnModel): PayloadReader {
  const { type } = column;
  switch (type.base) {
    case 'bit': return (b, p) => readBit(b, p);
    case 'tinyint': return (b, p) => readTinyint(b, p);
    case 'smallint': return (b, p) => readSmallint(b, p);
    case 'int': return (b, p) => readInt(b, p);
    case 'bigint': return (b, p) => readBigint(b, p);
    case 'real': return withCheck('real', readReal);
    case 'float': return withCheck('float', readFloat);
    case 'money': return (b, p) => readMoney(b, p);
    case 'smallmoney': return (b, p) => readSmallMoney(b, p);
    case 'date': return (b, p) => readDate(b, p);
    case 'datetime': return (b, p) => readDatetime(b, p);
    case 'smalldatetime': return (b, p) => readSmallDatetime(b, p);
    case 'uniqueidentifier': return (b, p) => readUniqueidentifier(b, p);
    case 'decimal':
    case 'numeric': {
      // Stored precision/scale must match the declaration when the model gives one.
      const declaredPrecision = type.precision;
      const declaredScale = type.precision === undefined ? undefined : (type.scale ?? 0);
      return (b, p) => {
        const precision = b[p];
        const scale = b[p + 1];
        if (precision < 1 || precision > 38 || scale > precision) fail(`decimal field declares precision ${precision}, scale ${scale}`);
        if (declaredPrecision !== undefined && (precision !== declaredPrecision || scale !== declaredScale)) {
          fail(`decimal field is (${precision},${scale}) but the column is (${declaredPrecision},${declaredScale})`);
        }
        checkDecimalMagnitude(b, p + 3, p + 19, precision, scale);
        return readDecimalSignAndMagnitude(b, p + 2, scale, 16);
      };
    }
    case 'time': {
      const scale = temporalScale(type);
      return (b, p) => formatTime(b.readUIntLE(p, 5), scale);
    }
    case 'datetime2': {
      const scale = temporalScale(type);
      return (b, p) => formatDatetime2(b.readUIntLE(p + 5, 3), b.readUIntLE(p, 5), scale);
    }
    case 'datetimeoffset': {
      const scale = temporalScale(type);
      return (b, p) => formatDatetimeOffset(b.readUIntLE(p + 5, 3), b.readUIntLE(p, 5), b.readInt16LE(p + 8), scale);
    }
    case 'char':
    case 'nchar': {
      if (type.length === undefined) return utf16;
      const n = charLength(type);
      return (b, p, len) => {
        if (len !== 2 * n) fail(`${type.base}(${n}) field is ${len} bytes, not ${2 * n}`);
        return utf16(b, p, len);
      };
    }
    case 'varchar': case 'nvarchar': case 'text': case 'ntext': case 'xml':
      return utf16;
    case 'rowversion':
      return (b, p, len) => {
        if (len !== 8) fail(`rowversion field is ${len} bytes, not 8`);
        return copyBytes(b, p, len);
      };
    case 'binary': case 'varbinary': case 'image': case 'geography': case 'geometry': case 'hierarchyid':
      return copyBytes;
    case 'sql_variant':
      return (b, p, len) => readSqlVariantPayload(b, p, p + len);
  }
}
