/**
 * Deterministic rows for the all-types database (or any model): a seeded PRNG per table, so a table's rows are
 * the same on every call and every run. Row 0 holds each type's minimum, row 1 its maximum, row 2 is all NULL
 * (nullable columns), the rest are random within range. Values are in the canonical lossless form of
 * src/core/bcp/values.ts at the column's scale and length: char/nchar padded, decimals with exactly `scale`
 * digits, temporal text at the column scale, datetimes on 1/300 s ticks, GUIDs upper case. Identity columns
 * count up from their seed; foreign keys and unique keys of the all-types model hold. Rows are yielded in the
 * table's clustered-key order, as SQL Server would return them to the data query.
 */
import type { SqlRow, SqlValue, SqlVariant } from '../../../src/core/bcp/values';
import { tdsCollationBytes } from '../../../src/core/catalog/tdsCollation';
import { readOrder } from '../../../src/core/export/tableReader';
import type { ColumnModel, DatabaseModel, ObjectName, SqlType, TableModel } from '../../../src/core/model/types';
import { allTypesDefaultRows, allTypesModel } from './allTypes';
import { tableKey, type GeneratedDatabase } from './generatedDatabase';
import { SeededRandom, stableGuid } from './random';

export interface RowGeneratorOptions {
  rowsPerTable?: number;
  seed?: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** 9-digit random digits string (the PRNG gives 32 bits at a time). */
function digits(rnd: SeededRandom, count: number): string {
  let s = '';
  while (s.length < count) s += pad(rnd.int(0, 999_999_999), 9);
  return s.slice(0, count);
}

function decimalValue(rnd: SeededRandom, precision: number, scale: number, edge: 'min' | 'max' | undefined): string {
  const intDigits = precision - scale;
  const nines = (n: number) => '9'.repeat(n);
  const build = (sign: string, i: string, f: string) => `${sign}${i === '' ? '0' : i}${scale > 0 ? `.${f}` : ''}`;
  if (edge) return build(edge === 'min' ? '-' : '', nines(intDigits), nines(scale));
  const intLen = intDigits === 0 ? 0 : rnd.int(0, intDigits);
  const intPart = intLen === 0 ? '' : String(BigInt(digits(rnd, intLen)));
  const sign = rnd.chance(0.3) && (intPart !== '' && intPart !== '0' || scale > 0) ? '-' : '';
  const frac = digits(rnd, scale);
  const text = build(sign, intPart, frac);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

function fraction(rnd: SeededRandom, scale: number): string {
  return scale === 0 ? '' : `.${digits(rnd, scale)}`;
}

function dateText(rnd: SeededRandom, minYear = 1, maxYear = 9999): string {
  const y = rnd.int(minYear, maxYear);
  const m = rnd.int(1, 12);
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(rnd.int(1, dim), 2)}`;
}

function clock(rnd: SeededRandom): string {
  return `${pad(rnd.int(0, 23), 2)}:${pad(rnd.int(0, 59), 2)}:${pad(rnd.int(0, 59), 2)}`;
}

function offset(rnd: SeededRandom): string {
  const minutes = rnd.int(-14 * 60, 14 * 60);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/** A datetime on SQL Server's 1/300 s grid, printed as style 121 would. */
function dateTimeValue(rnd: SeededRandom): string {
  const ticks = rnd.int(0, 300 * 86400 - 1);
  const ms = Math.round((ticks * 10) / 3);
  const s = Math.floor(ms / 1000);
  return `${dateText(rnd, 1753, 9999)} ${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad(ms % 1000, 3)}`;
}

const cp1252Sample = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_!?éèêëàâäôöüçñßøåæ£€©®';
const unicodeSample = ['a', 'Z', ' ', 'é', 'ß', 'Ж', 'λ', 'ا', 'ש', '中', '日', '한', '😀', '𝄞', '🇩🇰', 'e\u0301', '\t', '\n'];

function asciiText(rnd: SeededRandom, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += cp1252Sample[rnd.int(0, cp1252Sample.length - 1)];
  return s;
}

/** Unicode text of at most `maxUnits` UTF-16 code units (so nvarchar(n) holds it), with non-BMP characters. */
function unicodeText(rnd: SeededRandom, maxUnits: number, target: number): string {
  let s = '';
  while (s.length < target) {
    const piece = unicodeSample[rnd.int(0, unicodeSample.length - 1)];
    if (s.length + piece.length > Math.min(maxUnits, target)) break;
    s += piece;
  }
  return s;
}

function point(srid: number, x: number, y: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeInt32LE(srid, 0);
  b[4] = 1; // version
  b[5] = 0x0c; // valid, single point
  b.writeDoubleLE(x, 6);
  b.writeDoubleLE(y, 14);
  return b;
}

/** hierarchyid serialisations of /, /1/, /2/, /3/, /1/1/. */
const hierarchyIds = [Buffer.alloc(0), Buffer.from([0x58]), Buffer.from([0x68]), Buffer.from([0x78]), Buffer.from([0x5a, 0xc0])];

const latinCollation = tdsCollationBytes('SQL_Latin1_General_CP1_CI_AS', 1033, 196609, 0);

function variantValue(rnd: SeededRandom, row: number): SqlVariant {
  const kinds: (() => SqlVariant)[] = [
    () => ({ kind: 'sql_variant', baseType: 'int', value: rnd.int(-2147483648, 2147483647) }),
    () => ({ kind: 'sql_variant', baseType: 'nvarchar', value: unicodeText(rnd, 30, 12), maxLength: 60, collation: latinCollation }),
    () => ({ kind: 'sql_variant', baseType: 'varchar', value: asciiText(rnd, 10), maxLength: 30, collation: latinCollation }),
    () => ({ kind: 'sql_variant', baseType: 'decimal', value: decimalValue(rnd, 10, 3, undefined), precision: 10, scale: 3 }),
    () => ({ kind: 'sql_variant', baseType: 'datetime2', value: `${dateText(rnd)} ${clock(rnd)}${fraction(rnd, 3)}`, scale: 3 }),
    () => ({ kind: 'sql_variant', baseType: 'datetimeoffset', value: `${dateText(rnd, 2, 9998)} ${clock(rnd)}${fraction(rnd, 7)} ${offset(rnd)}`, scale: 7 }),
    () => ({ kind: 'sql_variant', baseType: 'float', value: (rnd.next() - 0.5) * 1e300 }),
    () => ({ kind: 'sql_variant', baseType: 'real', value: Math.fround((rnd.next() - 0.5) * 1e30) }),
    () => ({ kind: 'sql_variant', baseType: 'money', value: decimalValue(rnd, 15, 4, undefined) }),
    () => ({ kind: 'sql_variant', baseType: 'bit', value: rnd.chance(0.5) }),
    () => ({ kind: 'sql_variant', baseType: 'bigint', value: BigInt(`${rnd.chance(0.5) ? '-' : ''}${BigInt(digits(rnd, 18))}`) }),
    () => ({ kind: 'sql_variant', baseType: 'uniqueidentifier', value: rnd.guid() }),
    () => ({ kind: 'sql_variant', baseType: 'varbinary', value: rnd.bytes(rnd.int(0, 20)), maxLength: 20 }),
    () => ({ kind: 'sql_variant', baseType: 'date', value: dateText(rnd) }),
    () => ({ kind: 'sql_variant', baseType: 'time', value: `${clock(rnd)}${fraction(rnd, 4)}`, scale: 4 }),
    () => ({ kind: 'sql_variant', baseType: 'datetime', value: dateTimeValue(rnd) }),
    () => ({ kind: 'sql_variant', baseType: 'smalldatetime', value: `${dateText(rnd, 1900, 2078)} ${pad(rnd.int(0, 23), 2)}:${pad(rnd.int(0, 59), 2)}:00` }),
  ];
  return kinds[row % kinds.length]();
}

/** A value of the column's type; `edge` asks for the type's minimum or maximum. */
export function generateValue(rnd: SeededRandom, type: SqlType, edge: 'min' | 'max' | undefined, row: number): SqlValue {
  const max = edge === 'max';
  const min = edge === 'min';
  switch (type.base) {
    case 'bit': return edge ? max : rnd.chance(0.5);
    case 'tinyint': return min ? 0 : max ? 255 : rnd.int(0, 255);
    case 'smallint': return min ? -32768 : max ? 32767 : rnd.int(-32768, 32767);
    case 'int': return min ? -2147483648 : max ? 2147483647 : rnd.int(-2147483648, 2147483647);
    case 'bigint':
      if (min) return -9223372036854775808n;
      if (max) return 9223372036854775807n;
      return BigInt.asIntN(64, (BigInt(rnd.int(0, 0xffffffff)) << 32n) | BigInt(rnd.int(0, 0xffffffff)));
    case 'real': return min ? -3.4028234663852886e38 : max ? 3.4028234663852886e38 : Math.fround((rnd.next() - 0.5) * 10 ** rnd.int(-30, 30));
    case 'float': return min ? -1.7976931348623157e308 : max ? 1.7976931348623157e308 : (rnd.next() - 0.5) * 10 ** rnd.int(-300, 300);
    case 'decimal': case 'numeric': return decimalValue(rnd, type.precision ?? 18, type.scale ?? 0, edge);
    case 'money': return min ? '-922337203685477.5808' : max ? '922337203685477.5807' : decimalValue(rnd, 15, 4, undefined);
    case 'smallmoney': return min ? '-214748.3648' : max ? '214748.3647' : decimalValue(rnd, 6, 4, undefined);
    case 'date': return min ? '0001-01-01' : max ? '9999-12-31' : dateText(rnd);
    case 'time': {
      const s = type.scale ?? 7;
      return min ? `00:00:00${s ? `.${'0'.repeat(s)}` : ''}` : max ? `23:59:59${s ? `.${'9'.repeat(s)}` : ''}` : `${clock(rnd)}${fraction(rnd, s)}`;
    }
    case 'datetime2': {
      const s = type.scale ?? 7;
      if (min) return `0001-01-01 00:00:00${s ? `.${'0'.repeat(s)}` : ''}`;
      if (max) return `9999-12-31 23:59:59${s ? `.${'9'.repeat(s)}` : ''}`;
      return `${dateText(rnd)} ${clock(rnd)}${fraction(rnd, s)}`;
    }
    case 'datetimeoffset': {
      const s = type.scale ?? 7;
      // Local time + offset; the UTC instant must stay within 0001-01-01…9999-12-31.
      if (min) return `0001-01-01 00:00:00${s ? `.${'0'.repeat(s)}` : ''} -14:00`;
      if (max) return `9999-12-31 23:59:59${s ? `.${'9'.repeat(s)}` : ''} +14:00`;
      return `${dateText(rnd, 2, 9998)} ${clock(rnd)}${fraction(rnd, s)} ${offset(rnd)}`;
    }
    case 'datetime': return min ? '1753-01-01 00:00:00.000' : max ? '9999-12-31 23:59:59.997' : dateTimeValue(rnd);
    case 'smalldatetime': return min ? '1900-01-01 00:00:00' : max ? '2079-06-06 23:59:00' : `${dateText(rnd, 1900, 2078)} ${pad(rnd.int(0, 23), 2)}:${pad(rnd.int(0, 59), 2)}:00`;
    case 'uniqueidentifier': return min ? '00000000-0000-0000-0000-000000000000' : max ? 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF' : rnd.guid();
    case 'char': case 'varchar': case 'text': {
      const limit = type.isMax ? 100_000 : type.base === 'text' ? 20_000 : type.length ?? 1;
      const length = max ? Math.min(limit, type.isMax || type.base === 'text' ? 70_000 : limit) : min ? 0 : rnd.int(0, Math.min(limit, 300));
      const s = asciiText(rnd, length);
      return type.base === 'char' ? s.padEnd(type.length ?? 1, ' ') : s;
    }
    case 'nchar': case 'nvarchar': case 'ntext': {
      const limit = type.isMax ? 100_000 : type.base === 'ntext' ? 20_000 : type.length ?? 1;
      const target = max ? Math.min(limit, type.isMax || type.base === 'ntext' ? 60_000 : limit) : min ? 0 : rnd.int(0, Math.min(limit, 200));
      let s = unicodeText(rnd, limit, target);
      if (max) s = s.padEnd(Math.min(limit, target), 'x');
      return type.base === 'nchar' ? s.padEnd(type.length ?? 1, ' ') : s;
    }
    case 'xml': {
      if (min) return '<e/>';
      const n = max ? 2000 : rnd.int(0, 5);
      let s = '<root kind="test">';
      for (let i = 0; i < n; i++) s += `<item n="${i}">${asciiText(rnd, rnd.int(1, 20)).replace(/[<&>"]/g, '_')}</item>`;
      return `${s}</root>`;
    }
    case 'binary': {
      const n = type.length ?? 1;
      return min ? Buffer.alloc(n, 0) : max ? Buffer.alloc(n, 0xff) : rnd.bytes(n);
    }
    case 'varbinary': case 'image': {
      const limit = type.isMax ? 200_000 : type.base === 'image' ? 50_000 : type.length ?? 1;
      const n = min ? 0 : max ? Math.min(limit, type.isMax ? 150_000 : limit) : rnd.int(0, Math.min(limit, 400));
      return max ? Buffer.alloc(n, 0xff) : rnd.bytes(n);
    }
    case 'rowversion': {
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(0x7d1n + BigInt(row) * 7n);
      return b;
    }
    case 'geography': return min ? point(4326, -90, -180) : max ? point(4326, 90, 180) : point(4326, (rnd.next() - 0.5) * 180, (rnd.next() - 0.5) * 360);
    case 'geometry': return min ? point(0, -1e6, -1e6) : max ? point(0, 1e6, 1e6) : point(0, rnd.next() * 1000, rnd.next() * 1000);
    case 'hierarchyid': return min ? hierarchyIds[0] : max ? hierarchyIds[4] : hierarchyIds[rnd.int(0, hierarchyIds.length - 1)];
    case 'sql_variant': return variantValue(rnd, row);
  }
}

/** Values that other tables' keys refer to, or that unique keys need: closed-form per row index. */
function keyedValue(table: TableModel, column: ColumnModel, index: number, rowsPerTable: number): SqlValue | undefined {
  const k = `${table.schema}.${table.name}.${column.name}`;
  switch (k) {
    case 'dbo.Binaries.Id': return stableGuid('Binaries', index);
    case 'dbo.Texts.Code': return index;
    case 'sales.Spatial.Code': return `S${index}`;
    case 'sales.Orders.OrderNumber': return BigInt(1000 + index * 10);
    case 'sales.Orders.NumberId': return 1 + (index % rowsPerTable);
    case 'sales.Orders.BinaryId': return index % 3 === 0 ? null : stableGuid('Binaries', index % rowsPerTable);
    case 'sales.Orders.Status': return ['new', 'paid', 'shipped'][index % 3];
    case 'sales.Orders.Amount': return index % 4 === 0 ? null : `${index}.${pad(index % 10000, 4)}`;
    default: return undefined;
  }
}

function identityValue(column: ColumnModel, index: number): SqlValue {
  const value = BigInt(column.identity!.seed) + BigInt(index) * BigInt(column.identity!.increment);
  return column.type.base === 'bigint' ? value : Number(value);
}

/** Generates rows for every table of a model; deterministic per (seed, table, row). */
export class RowGenerator implements GeneratedDatabase {
  constructor(readonly model: DatabaseModel, private readonly rowsPerTable: number, private readonly seed: number) {}

  rowCount(_table: ObjectName): number {
    return this.rowsPerTable;
  }

  private table(o: ObjectName): TableModel {
    const t = this.model.tables.find((x) => x.schema === o.schema && x.name === o.name);
    if (!t) throw new Error(`no table ${tableKey(o)} in ${this.model.name}`);
    return t;
  }

  /** Row `index` (0-based, insertion order) of a table. */
  row(o: ObjectName, index: number): SqlRow {
    const table = this.table(o);
    const rnd = new SeededRandom(`${this.seed}\u0000${tableKey(table)}\u0000${index}`);
    const edge = index === 0 ? 'min' : index === 1 ? 'max' : undefined;
    const allNull = index === 2;
    const row: SqlRow = [];
    for (const column of table.columns) {
      if (column.computed) continue;
      if (column.identity) {
        row.push(identityValue(column, index));
        continue;
      }
      const keyed = keyedValue(table, column, index, this.rowsPerTable);
      if (keyed !== undefined) {
        row.push(keyed);
        continue;
      }
      if (column.nullable && (allNull || (edge === undefined && rnd.chance(0.15)))) {
        row.push(null);
        continue;
      }
      row.push(generateValue(rnd, column.type, edge, index));
    }
    return row;
  }

  /** Rows in the order the data query returns them (clustered key order; descending keys reversed). */
  *rows(o: ObjectName): Iterable<SqlRow> {
    // Every clustered key here follows the insertion index (identity or keyed value), so a descending first
    // key column just reverses the insertion order.
    const descending = readOrder(this.table(o), this.model)[0]?.descending === true;
    for (let i = 0; i < this.rowsPerTable; i++) yield this.row(o, descending ? this.rowsPerTable - 1 - i : i);
  }
}

/** The all-types database with its generated rows. */
export function createAllTypesDatabase(options: RowGeneratorOptions = {}): RowGenerator {
  const rows = options.rowsPerTable ?? allTypesDefaultRows;
  return new RowGenerator(allTypesModel({ rowsPerTable: rows }), rows, options.seed ?? 20261126);
}

