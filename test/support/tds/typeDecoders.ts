/**
 * The inverse of typeEncoders.ts: TYPE_INFO + value bytes → the lossless values of src/core/bcp/values.ts.
 * The double uses it for RPC parameters (tedious encodes them like column values, minus text pointers);
 * tests use `decodeTokens` to check the exact bytes the encoders put on the wire.
 */
import type { SqlBaseType } from '../../../src/core/model/types';
import type { SqlValue, SqlVariant } from '../../../src/core/bcp/values';
import { codePageOfBytes, decodeText } from './collation';
import { TdsType } from './typeEncoders';
import { Token } from './tokens';
import {
  bytesToGuid, daysToDate, formatDateTime, formatDateTime2, formatDateTimeOffset, formatSmallDateTime,
  timeByteLength, unitsToTime, unscaledToDecimal,
} from './valueText';

/** 'param': RPC parameter layout; 'row': COLMETADATA/ROW layout (text types carry table names and pointers). */
export type WireLayout = 'param' | 'row';

export interface TypeInfo {
  id: number;
  /** Declared length (bytes) for length-prefixed types; 0xFFFF = (max). */
  length?: number;
  precision?: number;
  scale?: number;
  collation?: Buffer;
  udtTypeName?: string;
  tableName?: string[];
}

export class Reader {
  constructor(readonly buf: Buffer, public pos = 0) {}
  u8(): number {
    // A RangeError, as Buffer's own readers throw: a token cut by a packet boundary reads as one (bulkLoadMessage.ts).
    if (this.pos >= this.buf.length) throw new RangeError('TDS value runs past the end of the message');
    return this.buf[this.pos++];
  }
  u16(): number { const v = this.buf.readUInt16LE(this.pos); this.pos += 2; return v; }
  i16(): number { const v = this.buf.readInt16LE(this.pos); this.pos += 2; return v; }
  u32(): number { const v = this.buf.readUInt32LE(this.pos); this.pos += 4; return v; }
  i32(): number { const v = this.buf.readInt32LE(this.pos); this.pos += 4; return v; }
  u64(): bigint { const v = this.buf.readBigUInt64LE(this.pos); this.pos += 8; return v; }
  i64(): bigint { const v = this.buf.readBigInt64LE(this.pos); this.pos += 8; return v; }
  uintLE(n: number): number { const v = this.buf.readUIntLE(this.pos, n); this.pos += n; return v; }
  bytes(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new RangeError('TDS value runs past the end of the message');
    const v = this.buf.subarray(this.pos, this.pos + n); this.pos += n; return v;
  }
  bVarchar(): string { const n = this.u8(); return this.bytes(n * 2).toString('utf16le'); }
  usVarchar(): string { const n = this.u16(); return this.bytes(n * 2).toString('utf16le'); }
}

export function readTypeInfo(r: Reader, layout: WireLayout): TypeInfo {
  const id = r.u8();
  switch (id) {
    case TdsType.NULL: case TdsType.INT1: case TdsType.BIT: case TdsType.INT2: case TdsType.INT4: case TdsType.INT8:
    case TdsType.DATETIM4: case TdsType.FLT4: case TdsType.MONEY: case TdsType.DATETIME: case TdsType.FLT8:
    case TdsType.MONEY4: case TdsType.DATEN:
      return { id };
    case TdsType.GUID: case TdsType.INTN: case TdsType.BITN: case TdsType.FLTN: case TdsType.MONEYN: case TdsType.DATETIMN:
      return { id, length: r.u8() };
    case TdsType.TIMEN: case TdsType.DATETIME2N: case TdsType.DATETIMEOFFSETN:
      return { id, scale: r.u8() };
    case TdsType.DECIMALN: case TdsType.NUMERICN:
      return { id, length: r.u8(), precision: r.u8(), scale: r.u8() };
    case TdsType.BIGCHAR: case TdsType.BIGVARCHR: case TdsType.NCHAR: case TdsType.NVARCHAR:
      return { id, length: r.u16(), collation: Buffer.from(r.bytes(5)) };
    case TdsType.BIGBINARY: case TdsType.BIGVARBIN:
      return { id, length: r.u16() };
    case TdsType.TEXT: case TdsType.NTEXT: case TdsType.IMAGE: {
      const info: TypeInfo = { id, length: r.u32() };
      if (id !== TdsType.IMAGE) info.collation = Buffer.from(r.bytes(5));
      if (layout === 'row') {
        const parts = r.u8();
        info.tableName = [];
        for (let i = 0; i < parts; i++) info.tableName.push(r.usVarchar());
      }
      return info;
    }
    case TdsType.XML: {
      if (r.u8() === 1) { r.bVarchar(); r.bVarchar(); r.usVarchar(); }
      return { id };
    }
    case TdsType.UDT: {
      const length = r.u16();
      r.bVarchar(); r.bVarchar();
      const udtTypeName = r.bVarchar();
      r.usVarchar();
      return { id, length, udtTypeName };
    }
    case TdsType.SSVARIANT:
      return { id, length: r.u32() };
    default:
      throw new Error(`TDS double: unknown type 0x${id.toString(16)}`);
  }
}

function readPlp(r: Reader): Buffer | null {
  const total = r.u64();
  if (total === 0xffffffffffffffffn) return null;
  const parts: Buffer[] = [];
  for (;;) {
    const n = r.u32();
    if (n === 0) break;
    parts.push(r.bytes(n));
  }
  return Buffer.concat(parts);
}

function money(v: bigint): string {
  return unscaledToDecimal(v, 4);
}

function readDecimal(r: Reader, length: number, scale: number): string {
  const sign = r.u8();
  // Any magnitude width (FreeTDS's bulk load sends 5 bytes for precision 10, not SQL Server's 4-byte steps).
  let magnitude = 0n;
  const bytes = r.bytes(length - 1);
  for (let i = bytes.length - 1; i >= 0; i--) magnitude = (magnitude << 8n) | BigInt(bytes[i]);
  return unscaledToDecimal(sign === 1 ? magnitude : -magnitude, scale);
}

/** A value of fixed-size type `id` whose byte length is already known. */
function readFixed(r: Reader, id: number, length: number, info: TypeInfo): SqlValue {
  switch (id) {
    case TdsType.INT1: return r.u8();
    case TdsType.INT2: return r.i16();
    case TdsType.INT4: return r.i32();
    case TdsType.INT8: return r.i64();
    case TdsType.INTN: return length === 1 ? r.u8() : length === 2 ? r.i16() : length === 4 ? r.i32() : r.i64();
    case TdsType.BIT: case TdsType.BITN: return r.u8() !== 0;
    case TdsType.FLT4: { const v = r.buf.readFloatLE(r.pos); r.pos += 4; return v; }
    case TdsType.FLT8: { const v = r.buf.readDoubleLE(r.pos); r.pos += 8; return v; }
    case TdsType.FLTN: return readFixed(r, length === 4 ? TdsType.FLT4 : TdsType.FLT8, length, info);
    case TdsType.MONEY4: return money(BigInt(r.i32()));
    case TdsType.MONEY: { const high = r.i32(); const low = r.u32(); return money((BigInt(high) << 32n) | BigInt(low)); }
    case TdsType.MONEYN: return readFixed(r, length === 4 ? TdsType.MONEY4 : TdsType.MONEY, length, info);
    case TdsType.DATETIM4: { const days = r.u16(); const minutes = r.u16(); return formatSmallDateTime(days, minutes); }
    case TdsType.DATETIME: { const days = r.i32(); const ticks = r.u32(); return formatDateTime(days, ticks); }
    case TdsType.DATETIMN: return readFixed(r, length === 4 ? TdsType.DATETIM4 : TdsType.DATETIME, length, info);
    case TdsType.GUID: return bytesToGuid(r.bytes(16));
    case TdsType.DATEN: return daysToDate(r.uintLE(3));
    case TdsType.TIMEN: return unitsToTime(r.uintLE(timeByteLength(info.scale!)), info.scale!);
    case TdsType.DATETIME2N: {
      const units = r.uintLE(timeByteLength(info.scale!));
      return formatDateTime2(r.uintLE(3), units, info.scale!);
    }
    case TdsType.DATETIMEOFFSETN: {
      const units = r.uintLE(timeByteLength(info.scale!));
      const days = r.uintLE(3);
      return formatDateTimeOffset(days, units, info.scale!, r.i16());
    }
    case TdsType.DECIMALN: case TdsType.NUMERICN: return readDecimal(r, length, info.scale!);
    default: throw new Error(`TDS double: 0x${id.toString(16)} is not a fixed-size type`);
  }
}

const variantBase: Record<number, SqlBaseType> = {
  [TdsType.INT1]: 'tinyint', [TdsType.INT2]: 'smallint', [TdsType.INT4]: 'int', [TdsType.INT8]: 'bigint',
  [TdsType.BIT]: 'bit', [TdsType.FLT4]: 'real', [TdsType.FLT8]: 'float', [TdsType.MONEY]: 'money',
  [TdsType.MONEY4]: 'smallmoney', [TdsType.DATETIME]: 'datetime', [TdsType.DATETIM4]: 'smalldatetime',
  [TdsType.GUID]: 'uniqueidentifier', [TdsType.DATEN]: 'date', [TdsType.TIMEN]: 'time',
  [TdsType.DATETIME2N]: 'datetime2', [TdsType.DATETIMEOFFSETN]: 'datetimeoffset', [TdsType.DECIMALN]: 'decimal',
  [TdsType.NUMERICN]: 'numeric', [TdsType.BIGBINARY]: 'binary', [TdsType.BIGVARBIN]: 'varbinary',
  [TdsType.BIGCHAR]: 'char', [TdsType.BIGVARCHR]: 'varchar', [TdsType.NCHAR]: 'nchar', [TdsType.NVARCHAR]: 'nvarchar',
};

function readVariant(r: Reader, total: number): SqlVariant {
  const id = r.u8();
  const propBytes = r.u8();
  const baseType = variantBase[id];
  if (!baseType) throw new Error(`TDS double: sql_variant base type 0x${id.toString(16)}`);
  const valueLength = total - 2 - propBytes;
  const v: Partial<SqlVariant> = { kind: 'sql_variant', baseType };
  switch (id) {
    case TdsType.DECIMALN: case TdsType.NUMERICN:
      v.precision = r.u8(); v.scale = r.u8();
      v.value = readDecimal(r, valueLength, v.scale) as string;
      break;
    case TdsType.TIMEN: case TdsType.DATETIME2N: case TdsType.DATETIMEOFFSETN:
      v.scale = r.u8();
      v.value = readFixed(r, id, valueLength, { id, scale: v.scale }) as string;
      break;
    case TdsType.BIGBINARY: case TdsType.BIGVARBIN:
      v.maxLength = r.u16();
      v.value = Buffer.from(r.bytes(valueLength));
      break;
    case TdsType.BIGCHAR: case TdsType.BIGVARCHR: case TdsType.NCHAR: case TdsType.NVARCHAR: {
      v.collation = Buffer.from(r.bytes(5));
      v.maxLength = r.u16();
      const bytes = r.bytes(valueLength);
      v.value = id === TdsType.NCHAR || id === TdsType.NVARCHAR ? bytes.toString('utf16le') : decodeText(bytes, codePageOfBytes(v.collation));
      break;
    }
    default:
      v.value = readFixed(r, id, valueLength, { id }) as Exclude<SqlValue, null | SqlVariant>;
  }
  return v as SqlVariant;
}

export function readValue(r: Reader, info: TypeInfo, layout: WireLayout): SqlValue {
  const { id } = info;
  switch (id) {
    case TdsType.NULL: return null;
    case TdsType.INT1: return readFixed(r, id, 1, info);
    case TdsType.BIT: return readFixed(r, id, 1, info);
    case TdsType.INT2: return readFixed(r, id, 2, info);
    case TdsType.INT4: case TdsType.FLT4: case TdsType.MONEY4: case TdsType.DATETIM4: return readFixed(r, id, 4, info);
    case TdsType.INT8: case TdsType.FLT8: case TdsType.MONEY: case TdsType.DATETIME: return readFixed(r, id, 8, info);
    case TdsType.GUID: case TdsType.INTN: case TdsType.BITN: case TdsType.FLTN: case TdsType.MONEYN: case TdsType.DATETIMN:
    case TdsType.DATEN: case TdsType.TIMEN: case TdsType.DATETIME2N: case TdsType.DATETIMEOFFSETN:
    case TdsType.DECIMALN: case TdsType.NUMERICN: {
      const length = r.u8();
      return length === 0 ? null : readFixed(r, id, length, info);
    }
    case TdsType.BIGCHAR: case TdsType.BIGVARCHR: case TdsType.NCHAR: case TdsType.NVARCHAR:
    case TdsType.BIGBINARY: case TdsType.BIGVARBIN: {
      let bytes: Buffer | null;
      if (info.length === 0xffff) {
        bytes = readPlp(r);
      } else {
        const n = r.u16();
        bytes = n === 0xffff ? null : r.bytes(n);
      }
      if (bytes === null) return null;
      if (id === TdsType.NCHAR || id === TdsType.NVARCHAR) return bytes.toString('utf16le');
      if (id === TdsType.BIGCHAR || id === TdsType.BIGVARCHR) return decodeText(bytes, codePageOfBytes(info.collation!));
      return Buffer.from(bytes);
    }
    case TdsType.TEXT: case TdsType.NTEXT: case TdsType.IMAGE: {
      let n: number;
      if (layout === 'row') {
        const pointerLength = r.u8();
        if (pointerLength === 0) return null;
        r.bytes(pointerLength + 8);
        n = r.u32();
      } else {
        n = r.u32();
        if (n === 0xffffffff) return null;
      }
      const bytes = r.bytes(n);
      if (id === TdsType.NTEXT) return bytes.toString('utf16le');
      if (id === TdsType.TEXT) return decodeText(bytes, codePageOfBytes(info.collation!));
      return Buffer.from(bytes);
    }
    case TdsType.XML: {
      const bytes = readPlp(r);
      return bytes === null ? null : bytes.toString('utf16le');
    }
    case TdsType.UDT: {
      const bytes = readPlp(r);
      return bytes === null ? null : Buffer.from(bytes);
    }
    case TdsType.SSVARIANT: {
      const total = r.u32();
      return total === 0 ? null : readVariant(r, total);
    }
    default:
      throw new Error(`TDS double: cannot read type 0x${id.toString(16)}`);
  }
}

export interface DecodedColumn {
  name: string;
  userType: number;
  flags: number;
  info: TypeInfo;
}

export interface DecodedTokens {
  resultSets: { columns: DecodedColumn[]; rows: SqlValue[][] }[];
  /** Every DONE/DONEPROC/DONEINPROC in order. */
  dones: { token: number; status: number; rowCount: bigint }[];
  errors: { number: number; message: string }[];
}

/** Walk a response message's tokens (enough of them for tests to check the wire bytes). */
export function decodeTokens(payload: Buffer): DecodedTokens {
  const r = new Reader(payload);
  const out: DecodedTokens = { resultSets: [], dones: [], errors: [] };
  let columns: DecodedColumn[] = [];
  while (r.pos < payload.length) {
    const token = r.u8();
    switch (token) {
      case Token.COLMETADATA: {
        const count = r.u16();
        columns = [];
        for (let i = 0; i < count; i++) {
          const userType = r.u32();
          const flags = r.u16();
          const info = readTypeInfo(r, 'row');
          columns.push({ userType, flags, info, name: r.bVarchar() });
        }
        out.resultSets.push({ columns, rows: [] });
        break;
      }
      case Token.ROW:
        out.resultSets[out.resultSets.length - 1].rows.push(columns.map((c) => readValue(r, c.info, 'row')));
        break;
      case Token.NBCROW: {
        const bitmap = r.bytes(Math.ceil(columns.length / 8));
        out.resultSets[out.resultSets.length - 1].rows.push(
          columns.map((c, i) => ((bitmap[i >> 3] >> (i & 7)) & 1 ? null : readValue(r, c.info, 'row'))),
        );
        break;
      }
      case Token.DONE: case Token.DONEPROC: case Token.DONEINPROC: {
        const status = r.u16();
        r.u16();
        out.dones.push({ token, status, rowCount: r.u64() });
        break;
      }
      case Token.RETURNSTATUS:
        r.i32();
        break;
      case Token.ERROR: case Token.INFO: {
        const end = r.u16() + r.pos;
        const number = r.u32();
        r.u8(); r.u8();
        const message = r.usVarchar();
        if (token === Token.ERROR) out.errors.push({ number, message });
        r.pos = end;
        break;
      }
      case Token.ENVCHANGE: case Token.LOGINACK:
        r.pos += r.u16();
        break;
      default:
        throw new Error(`decodeTokens: unexpected token 0x${token.toString(16)} at ${r.pos - 1}`);
    }
  }
  return out;
}
