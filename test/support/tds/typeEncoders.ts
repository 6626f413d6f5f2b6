/**
 * COLMETADATA TYPE_INFO and ROW value encoders for every SqlType (MS-TDS §2.2.5.4, §2.2.5.5), fed with
 * the lossless values of src/core/bcp/values.ts.
 *
 * Like SQL Server, nullable fixed-size columns go out as the N-types (INTN, BITN, FLTN, MONEYN, DATETIMN)
 * and NOT NULL ones as the fixed types (INT4, BIT, FLT8, …). (max) types, xml and CLR types are PLP
 * streams sent in chunks; text/ntext/image carry a text pointer and timestamp. CLR types (geography,
 * geometry, hierarchyid) are sent as real UDT columns (type 0xF0) with the Microsoft.SqlServer.Types
 * assembly names.
 *
 * An encoder is built once per result-set column; `writeValue` is the per-row hot path and allocates only
 * for PLP strings and decimals.
 */
import type { SqlBaseType, SqlType } from '../../../src/core/model/types';
import type { SqlValue, SqlVariant } from '../../../src/core/bcp/values';
import type { MessageWriter } from './packets';
import { CollationInfo, codePageOfBytes, collationByName, encodeText, isAscii } from './collation';
import {
  dateToDays, decimalToUnscaled, guidToBytes, parseDateTime, parseDateTime2Into, parseDateTimeOffset,
  parseSmallDateTime, timeByteLength, timeToUnits,
} from './valueText';

export const TdsType = {
  NULL: 0x1f,
  INT1: 0x30, BIT: 0x32, INT2: 0x34, INT4: 0x38, DATETIM4: 0x3a, FLT4: 0x3b, MONEY: 0x3c, DATETIME: 0x3d,
  FLT8: 0x3e, MONEY4: 0x7a, INT8: 0x7f,
  GUID: 0x24, INTN: 0x26, BITN: 0x68, DECIMALN: 0x6a, NUMERICN: 0x6c, FLTN: 0x6d, MONEYN: 0x6e, DATETIMN: 0x6f,
  DATEN: 0x28, TIMEN: 0x29, DATETIME2N: 0x2a, DATETIMEOFFSETN: 0x2b,
  BIGVARBIN: 0xa5, BIGVARCHR: 0xa7, BIGBINARY: 0xad, BIGCHAR: 0xaf, NVARCHAR: 0xe7, NCHAR: 0xef,
  TEXT: 0x23, IMAGE: 0x22, NTEXT: 0x63, XML: 0xf1, UDT: 0xf0, SSVARIANT: 0x62,
} as const;

/** The `usertype` SQL Server sends for timestamp/rowversion columns. */
export const USERTYPE_TIMESTAMP = 80;

export interface ResultColumn {
  name: string;
  type: SqlType;
  nullable: boolean;
  /** Column collation name for char types (defaults to the server's collation). */
  collation?: string;
  /** text/ntext/image columns name their table in COLMETADATA (default ['dbo', 'FakeTable']). */
  tableName?: string[];
}

export interface EncoderContext {
  /** Server default collation for char types without their own. */
  collation: CollationInfo;
  /** Database name in UDT and xml schema metadata. */
  databaseName: string;
  /** PLP chunk size in bytes. */
  plpChunkSize: number;
}

export interface ColumnEncoder {
  readonly column: ResultColumn;
  writeMetadata(w: MessageWriter): void;
  /** Writes a value; `null` writes this type's NULL form. */
  writeValue(w: MessageWriter, value: SqlValue): void;
  /** Bytes a NULL costs in a ROW token (NBCROW saves exactly these). */
  readonly nullCost: number;
}

const PLP_NULL = 0xffffffffffffffffn;
const MAX_LENGTH = 0xffff;

const CLR_ASSEMBLY = 'Microsoft.SqlServer.Types, Version=11.0.0.0, Culture=neutral, PublicKeyToken=89845dcd8080cc91';
const CLR_TYPES: Record<string, { typeName: string; maxByteSize: number; className: string }> = {
  geography: { typeName: 'geography', maxByteSize: 0xffff, className: 'Microsoft.SqlServer.Types.SqlGeography' },
  geometry: { typeName: 'geometry', maxByteSize: 0xffff, className: 'Microsoft.SqlServer.Types.SqlGeometry' },
  hierarchyid: { typeName: 'hierarchyid', maxByteSize: 892, className: 'Microsoft.SqlServer.Types.SqlHierarchyId' },
};

function typeError(column: ResultColumn, value: unknown, expected: string): Error {
  const shown = typeof value === 'bigint' ? `${value}n` : typeof value === 'object' ? Object.prototype.toString.call(value) : JSON.stringify(value);
  return new Error(`TDS double: column ${column.name} (${column.type.base}) expects ${expected}, got ${shown}`);
}

function asNumber(column: ResultColumn, v: SqlValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw typeError(column, v, 'a number');
}

function asBigInt(column: ResultColumn, v: SqlValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw typeError(column, v, 'a bigint');
}

function asText(column: ResultColumn, v: SqlValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  throw typeError(column, v, 'a string');
}

function asBytes(column: ResultColumn, v: SqlValue): Uint8Array {
  if (v instanceof Uint8Array) return v;
  throw typeError(column, v, 'a Uint8Array');
}

/** Decimal byte length (sign byte included) for a precision. */
export function decimalLength(precision: number): number {
  return precision <= 9 ? 5 : precision <= 19 ? 9 : precision <= 28 ? 13 : 17;
}

function writeDecimalMagnitude(w: MessageWriter, unscaled: bigint, length: number): void {
  w.u8(unscaled < 0n ? 0 : 1);
  let magnitude = unscaled < 0n ? -unscaled : unscaled;
  for (let i = 1; i < length; i += 4) {
    w.u32(Number(magnitude & 0xffffffffn));
    magnitude >>= 32n;
  }
  if (magnitude !== 0n) throw new Error(`decimal value ${unscaled} does not fit ${length - 1} bytes`);
}

function writeMoney(w: MessageWriter, text: string, bytes: 4 | 8): void {
  const v = decimalToUnscaled(text, 4);
  if (bytes === 4) {
    w.i32(Number(v));
  } else {
    const u = BigInt.asUintN(64, v);
    w.u32(Number(u >> 32n)); // high half first (MS-TDS MONEY)
    w.u32(Number(u & 0xffffffffn));
  }
}

function writeTime(w: MessageWriter, units: number, scale: number): void {
  w.uintLE(units, timeByteLength(scale));
}

/** Fixed-length body of the types that can appear both as columns and inside sql_variant. */
function fixedBody(base: SqlBaseType, scale: number, precision: number): { length: number; write: (w: MessageWriter, c: ResultColumn, v: SqlValue) => void } | undefined {
  switch (base) {
    case 'bit': return { length: 1, write: (w, c, v) => w.u8(typeof v === 'boolean' ? (v ? 1 : 0) : asNumber(c, v) ? 1 : 0) };
    case 'tinyint': return { length: 1, write: (w, c, v) => w.u8(asNumber(c, v)) };
    case 'smallint': return { length: 2, write: (w, c, v) => w.i16(asNumber(c, v)) };
    case 'int': return { length: 4, write: (w, c, v) => w.i32(asNumber(c, v)) };
    case 'bigint': return { length: 8, write: (w, c, v) => w.i64(asBigInt(c, v)) };
    case 'real': return { length: 4, write: (w, c, v) => w.f32(asNumber(c, v)) };
    case 'float': return { length: 8, write: (w, c, v) => w.f64(asNumber(c, v)) };
    case 'money': return { length: 8, write: (w, c, v) => writeMoney(w, asText(c, v), 8) };
    case 'smallmoney': return { length: 4, write: (w, c, v) => writeMoney(w, asText(c, v), 4) };
    case 'datetime': return {
      length: 8,
      write: (w, c, v) => { const p = parseDateTime(asText(c, v)); w.i32(p.days); w.u32(p.ticks); },
    };
    case 'smalldatetime': return {
      length: 4,
      write: (w, c, v) => { const p = parseSmallDateTime(asText(c, v)); w.u16(p.days); w.u16(p.minutes); },
    };
    case 'uniqueidentifier': return { length: 16, write: (w, c, v) => w.bytes(guidToBytes(asText(c, v))) };
    case 'date': return { length: 3, write: (w, c, v) => w.uintLE(dateToDays(asText(c, v)), 3) };
    case 'time': return { length: timeByteLength(scale), write: (w, c, v) => writeTime(w, timeToUnits(asText(c, v), scale), scale) };
    case 'datetime2': {
      const parts = { days: 0, units: 0 };
      const timeLength = timeByteLength(scale);
      return {
        length: timeLength + 3,
        write: (w, c, v) => { parseDateTime2Into(asText(c, v), scale, parts); w.uintLE(parts.units, timeLength); w.uintLE(parts.days, 3); },
      };
    }
    case 'datetimeoffset': return {
      length: timeByteLength(scale) + 5,
      write: (w, c, v) => {
        const p = parseDateTimeOffset(asText(c, v), scale);
        writeTime(w, p.units, scale);
        w.uintLE(p.days, 3);
        w.i16(p.offsetMinutes);
      },
    };
    case 'decimal':
    case 'numeric': {
      const length = decimalLength(precision);
      return { length, write: (w, c, v) => writeDecimalMagnitude(w, decimalToUnscaled(asText(c, v), scale), length) };
    }
    default: return undefined;
  }
}

const fixedTypeIds: Partial<Record<SqlBaseType, [notNull: number, nullable: number]>> = {
  bit: [TdsType.BIT, TdsType.BITN], tinyint: [TdsType.INT1, TdsType.INTN], smallint: [TdsType.INT2, TdsType.INTN],
  int: [TdsType.INT4, TdsType.INTN], bigint: [TdsType.INT8, TdsType.INTN], real: [TdsType.FLT4, TdsType.FLTN],
  float: [TdsType.FLT8, TdsType.FLTN], money: [TdsType.MONEY, TdsType.MONEYN], smallmoney: [TdsType.MONEY4, TdsType.MONEYN],
  datetime: [TdsType.DATETIME, TdsType.DATETIMN], smalldatetime: [TdsType.DATETIM4, TdsType.DATETIMN],
};

function defaultScale(type: SqlType): number {
  if (type.scale !== undefined) return type.scale;
  return type.base === 'decimal' || type.base === 'numeric' ? 0 : 7;
}

function defaultPrecision(type: SqlType): number {
  return type.precision ?? 18;
}

/** Column-level flags: fNullable + usUpdateable = unknown, as SQL Server sends for query results. */
function columnFlags(column: ResultColumn): number {
  return (column.nullable ? 0x01 : 0x00) | 0x08;
}

function writeColumnStart(w: MessageWriter, column: ResultColumn, userType = 0): void {
  w.u32(userType);
  w.u16(columnFlags(column));
}

function writeTableName(w: MessageWriter, parts: string[]): void {
  w.u8(parts.length);
  for (const p of parts) w.usVarchar(p);
}

function writePlp(w: MessageWriter, bytes: Uint8Array, chunkSize: number): void {
  w.u64(BigInt(bytes.length));
  for (let i = 0; i < bytes.length; i += chunkSize) {
    const end = Math.min(bytes.length, i + chunkSize);
    w.u32(end - i);
    w.bytes(bytes, i, end);
  }
  w.u32(0);
}

const TEXT_POINTER = Buffer.alloc(16, 0x5a);
const TEXT_TIMESTAMP = Buffer.alloc(8, 0x01);

export function columnEncoder(column: ResultColumn, ctx: EncoderContext): ColumnEncoder {
  const { type } = column;
  const scale = defaultScale(type);
  const precision = defaultPrecision(type);
  const fixed = fixedBody(type.base, scale, precision);
  const ids = fixedTypeIds[type.base];

  // Fixed-size types with a fixed (NOT NULL) and an N (nullable) wire type.
  if (fixed && ids) {
    const id = column.nullable ? ids[1] : ids[0];
    const n = column.nullable;
    return {
      column,
      nullCost: 1,
      writeMetadata(w) {
        writeColumnStart(w, column);
        w.u8(id);
        if (n) w.u8(fixed.length);
        w.bVarchar(column.name);
      },
      writeValue(w, v) {
        if (v === null) {
          if (!n) throw new Error(`TDS double: NULL in NOT NULL column ${column.name}`);
          w.u8(0);
          return;
        }
        if (n) w.u8(fixed.length);
        fixed.write(w, column, v);
      },
    };
  }

  // Variable-length-prefixed (1 byte) types that are always "N": guid, date, time, datetime2, dto, decimal.
  if (fixed) {
    const ids: Partial<Record<SqlBaseType, number>> = {
      uniqueidentifier: TdsType.GUID, date: TdsType.DATEN, time: TdsType.TIMEN, datetime2: TdsType.DATETIME2N,
      datetimeoffset: TdsType.DATETIMEOFFSETN, decimal: TdsType.DECIMALN, numeric: TdsType.NUMERICN,
    };
    const id = ids[type.base]!;
    return {
      column,
      nullCost: 1,
      writeMetadata(w) {
        writeColumnStart(w, column);
        w.u8(id);
        if (id === TdsType.GUID) w.u8(16);
        else if (id === TdsType.DECIMALN || id === TdsType.NUMERICN) { w.u8(fixed.length); w.u8(precision); w.u8(scale); }
        else if (id !== TdsType.DATEN) w.u8(scale);
        w.bVarchar(column.name);
      },
      writeValue(w, v) {
        if (v === null) { w.u8(0); return; }
        w.u8(fixed.length);
        fixed.write(w, column, v);
      },
    };
  }

  const collation = column.collation ? collationByName(column.collation) : ctx.collation;
  const chunk = ctx.plpChunkSize;

  switch (type.base) {
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar': {
      const unicode = type.base === 'nchar' || type.base === 'nvarchar';
      const id = { char: TdsType.BIGCHAR, varchar: TdsType.BIGVARCHR, nchar: TdsType.NCHAR, nvarchar: TdsType.NVARCHAR }[type.base];
      const isMax = type.isMax === true;
      const declared = isMax ? MAX_LENGTH : (type.length ?? 1) * (unicode ? 2 : 1);
      const singleByte = collation.codePage !== 'utf8';
      return {
        column,
        nullCost: isMax ? 8 : 2,
        writeMetadata(w) {
          writeColumnStart(w, column);
          w.u8(id);
          w.u16(declared);
          w.bytes(collation.bytes);
          w.bVarchar(column.name);
        },
        writeValue(w, v) {
          if (v === null) {
            if (isMax) w.u64(PLP_NULL); else w.u16(0xffff);
            return;
          }
          const text = asText(column, v);
          if (isMax) {
            writePlp(w, unicode ? Buffer.from(text, 'utf16le') : encodeText(text, collation.codePage), chunk);
          } else if (unicode) {
            w.u16(text.length * 2);
            w.utf16(text);
          } else if (singleByte && isAscii(text)) {
            w.u16(text.length);
            w.latin1(text);
          } else {
            const bytes = encodeText(text, collation.codePage);
            w.u16(bytes.length);
            w.bytes(bytes);
          }
        },
      };
    }
    case 'binary':
    case 'varbinary':
    case 'rowversion': {
      const isMax = type.isMax === true;
      const id = type.base === 'varbinary' ? TdsType.BIGVARBIN : TdsType.BIGBINARY;
      const declared = type.base === 'rowversion' ? 8 : isMax ? MAX_LENGTH : type.length ?? 1;
      const userType = type.base === 'rowversion' ? USERTYPE_TIMESTAMP : 0;
      return {
        column,
        nullCost: isMax ? 8 : 2,
        writeMetadata(w) {
          writeColumnStart(w, column, userType);
          w.u8(id);
          w.u16(declared);
          w.bVarchar(column.name);
        },
        writeValue(w, v) {
          if (v === null) {
            if (isMax) w.u64(PLP_NULL); else w.u16(0xffff);
            return;
          }
          const bytes = asBytes(column, v);
          if (isMax) {
            writePlp(w, bytes, chunk);
          } else {
            w.u16(bytes.length);
            w.bytes(bytes);
          }
        },
      };
    }
    case 'text':
    case 'ntext':
    case 'image': {
      const id = { text: TdsType.TEXT, ntext: TdsType.NTEXT, image: TdsType.IMAGE }[type.base];
      const tableName = column.tableName ?? ['dbo', 'FakeTable'];
      return {
        column,
        nullCost: 1,
        writeMetadata(w) {
          writeColumnStart(w, column);
          w.u8(id);
          w.u32(type.base === 'ntext' ? 0x7ffffffe : 0x7fffffff);
          if (type.base !== 'image') w.bytes(collation.bytes);
          writeTableName(w, tableName);
          w.bVarchar(column.name);
        },
        writeValue(w, v) {
          if (v === null) { w.u8(0); return; }
          const bytes = type.base === 'image' ? asBytes(column, v)
            : type.base === 'ntext' ? Buffer.from(asText(column, v), 'utf16le')
              : encodeText(asText(column, v), collation.codePage);
          w.u8(TEXT_POINTER.length);
          w.bytes(TEXT_POINTER);
          w.bytes(TEXT_TIMESTAMP);
          w.u32(bytes.length);
          w.bytes(bytes);
        },
      };
    }
    case 'xml': {
      const schema = type.xmlSchemaCollection;
      return {
        column,
        nullCost: 8,
        writeMetadata(w) {
          writeColumnStart(w, column);
          w.u8(TdsType.XML);
          if (schema) {
            w.u8(1);
            w.bVarchar(ctx.databaseName);
            w.bVarchar(schema.schema);
            w.usVarchar(schema.name);
          } else {
            w.u8(0);
          }
          w.bVarchar(column.name);
        },
        writeValue(w, v) {
          if (v === null) { w.u64(PLP_NULL); return; }
          writePlp(w, Buffer.from(asText(column, v), 'utf16le'), chunk);
        },
      };
    }
    case 'geography':
    case 'geometry':
    case 'hierarchyid': {
      const clr = CLR_TYPES[type.base];
      return {
        column,
        nullCost: 8,
        writeMetadata(w) {
          writeColumnStart(w, column);
          w.u8(TdsType.UDT);
          w.u16(clr.maxByteSize);
          w.bVarchar(ctx.databaseName);
          w.bVarchar('sys');
          w.bVarchar(clr.typeName);
          w.usVarchar(`${clr.className}, ${CLR_ASSEMBLY}`);
          w.bVarchar(column.name);
        },
        writeValue(w, v) {
          if (v === null) { w.u64(PLP_NULL); return; }
          writePlp(w, asBytes(column, v), chunk);
        },
      };
    }
    case 'sql_variant':
      return {
        column,
        nullCost: 4,
        writeMetadata(w) {
          writeColumnStart(w, column);
          w.u8(TdsType.SSVARIANT);
          w.u32(8016);
          w.bVarchar(column.name);
        },
        writeValue(w, v) {
          if (v === null) { w.u32(0); return; }
          if (typeof v !== 'object' || v instanceof Uint8Array || v.kind !== 'sql_variant') throw typeError(column, v, 'a SqlVariant');
          writeVariant(w, column, v, ctx.collation);
        },
      };
    default:
      throw new Error(`TDS double: no encoder for ${type.base}`);
  }
}

const variantTypeIds: Partial<Record<SqlBaseType, number>> = {
  tinyint: TdsType.INT1, smallint: TdsType.INT2, int: TdsType.INT4, bigint: TdsType.INT8, bit: TdsType.BIT,
  real: TdsType.FLT4, float: TdsType.FLT8, money: TdsType.MONEY, smallmoney: TdsType.MONEY4,
  datetime: TdsType.DATETIME, smalldatetime: TdsType.DATETIM4, uniqueidentifier: TdsType.GUID, date: TdsType.DATEN,
  time: TdsType.TIMEN, datetime2: TdsType.DATETIME2N, datetimeoffset: TdsType.DATETIMEOFFSETN,
  decimal: TdsType.DECIMALN, numeric: TdsType.NUMERICN, binary: TdsType.BIGBINARY, varbinary: TdsType.BIGVARBIN,
  char: TdsType.BIGCHAR, varchar: TdsType.BIGVARCHR, nchar: TdsType.NCHAR, nvarchar: TdsType.NVARCHAR,
};

/**
 * SSVARIANT value: total length, base type, property byte count, properties, value. For char types the
 * properties are the 5-byte collation THEN the 2-byte max length (MS-TDS; SqlClient and the JDBC driver
 * read them in this order — tedious 19 reads them the other way round, see the test for sql_variant).
 */
function writeVariant(w: MessageWriter, column: ResultColumn, v: SqlVariant, serverCollation: CollationInfo): void {
  const id = variantTypeIds[v.baseType];
  if (id === undefined) throw new Error(`TDS double: sql_variant cannot hold ${v.baseType}`);
  const scale = v.scale ?? (v.baseType === 'decimal' || v.baseType === 'numeric' ? 0 : 7);
  const precision = v.precision ?? 18;
  const fixed = fixedBody(v.baseType, scale, precision);
  if (fixed) {
    const props = v.baseType === 'decimal' || v.baseType === 'numeric' ? 2 : v.baseType === 'time' || v.baseType === 'datetime2' || v.baseType === 'datetimeoffset' ? 1 : 0;
    w.u32(2 + props + fixed.length);
    w.u8(id);
    w.u8(props);
    if (props === 2) { w.u8(precision); w.u8(scale); }
    if (props === 1) w.u8(scale);
    fixed.write(w, column, v.value);
    return;
  }
  if (v.baseType === 'binary' || v.baseType === 'varbinary') {
    const bytes = asBytes(column, v.value);
    w.u32(2 + 2 + bytes.length);
    w.u8(id);
    w.u8(2);
    w.u16(v.maxLength ?? Math.max(1, bytes.length));
    w.bytes(bytes);
    return;
  }
  const unicode = v.baseType === 'nchar' || v.baseType === 'nvarchar';
  const collationBytes = v.collation ? Buffer.from(v.collation) : serverCollation.bytes;
  const text = asText(column, v.value);
  const codePage = v.collation ? codePageOfBytes(v.collation) : serverCollation.codePage;
  const bytes = unicode ? Buffer.from(text, 'utf16le') : encodeText(text, codePage);
  w.u32(2 + 7 + bytes.length);
  w.u8(id);
  w.u8(7);
  w.bytes(collationBytes);
  w.u16(v.maxLength ?? Math.max(unicode ? 2 : 1, bytes.length));
  w.bytes(bytes);
}
