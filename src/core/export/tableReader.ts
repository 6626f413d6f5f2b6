/**
 * Plans one table's data query, and (for the driver reader) decodes its rows into lossless SqlRows
 * (src/core/bcp/values.ts).
 *
 * The export's wire reader (tableWirePump.ts) transcodes TDS bytes, which lose nothing, so its plan selects
 * decimal, numeric, money, smallmoney, time, datetime2, datetimeoffset and sql_variant as stored; everything
 * below applies to the driver reader (tableRowPump.ts), and to the other columns of both.
 *
 * tedious turns datetime2/time/datetimeoffset into JS Dates (milliseconds), decimals and money into doubles,
 * sql_variant into a bare value, and CLR types into parsed objects — all lossy. So the SELECT converts those
 * columns on the server into text or bytes that keep every digit, and the decoders here turn that back into
 * the lossless values:
 *
 * | column type                         | selected as                                     | server output (example)               |
 * |-------------------------------------|-------------------------------------------------|---------------------------------------|
 * | date, datetime, smalldatetime       | c                                               | a UTC Date: exact for these three (below) |
 * | time(n)                             | CONVERT(nvarchar(16), c, 121)                    | `23:59:59.1234567` (n digits, none at 0) |
 * | datetime2(n)                        | CONVERT(nvarchar(27), c, 121)                    | `2024-02-29 23:59:59.1234567`         |
 * | datetimeoffset(n)                   | CONVERT(nvarchar(34), c, 121)                    | `2024-02-29 23:59:59.1234567 +05:30`  |
 * | decimal(p,s), numeric(p,s)          | CONVERT(nvarchar(41), c)                         | `-12.50` (exactly s digits)           |
 * | money, smallmoney                   | CONVERT(nvarchar(30), c, 2)                      | `-922337203685477.5808` (4 digits)    |
 * | char, varchar, text                 | CAST(c AS nvarchar(n or max))                   | the server's own code page → Unicode  |
 * | ntext, image                        | CAST(c AS nvarchar(max) / varbinary(max))       | PLP instead of the old TEXTPTR format |
 * | xml                                 | CONVERT(nvarchar(max), c)                       | the XML text as the server serialises it |
 * | geography, geometry, hierarchyid    | CAST(c AS varbinary(max))                       | the CLR serialisation                 |
 * | sql_variant                         | `base|precision|scale|maxLength|collation|lcid|style|version|value` text (below) |
 * | everything else                     | c                                               | tedious is exact: bigint comes as text, GUIDs as text, real as its float32 |
 *
 * date, datetime and smalldatetime come as the driver's Date (useUTC) and go on as its milliseconds since 1970
 * (a number; the BCP writers take that form too). Nothing is lost: a date is a whole day, smalldatetime whole
 * minutes, and datetime's 1/300 s ticks become round(ticks × 10/3) ms, which round(ms × 0.3) turns back into the
 * same tick (the steps are 3⅓ ms apart, so the rounding never meets a tie). Reading them natively spares the
 * server's CONVERT, the driver's text decoding and our text parsing: a third of a narrow table's export time.
 *
 * Styles: 121 is "ODBC canonical with fractional seconds" and prints exactly the type's scale for
 * time/datetime2/datetimeoffset; 23 is ISO `yyyy-mm-dd`; 120 is `yyyy-mm-dd hh:mi:ss`; money style 2 keeps
 * four decimals without thousands separators (CAST and CONVERT, learn.microsoft.com).
 *
 * sql_variant: tedious loses the base type, so the value goes out as one nvarchar(max) text carrying
 * SQL_VARIANT_PROPERTY BaseType/Precision/Scale/MaxLength/Collation, COLLATIONPROPERTY LCID/ComparisonStyle/
 * Version, and the value in a lossless text form (binary as 0x hex, float/real as their IEEE bytes in hex,
 * temporal types widened to scale 7 and trimmed back here). That is everything the BCP SSVARIANT payload
 * holds. Limitation: string values in SQL collations missing from tdsCollation.ts's sort id table are refused.
 */
import type * as mssql from 'mssql';
import type { SqlValue, SqlVariant } from '../bcp/values';
import { baseTypeFromCatalogName } from '../catalog/catalogTypes';
import { tdsCollationBytes } from '../catalog/tdsCollation';
import { BackupError } from '../errors';
import type { RowReader } from './types';
import { quoteName, type ColumnModel, type DatabaseModel, type IndexColumn, type SqlBaseType, type TableModel } from '../model/types';

/** What one column is selected as, and how the driver's value becomes a lossless SqlValue. */
export interface ColumnReadPlan {
  column: ColumnModel;
  /** The select-list expression (without alias). */
  expression: string;
  /** True when the column is selected as stored (the expression is its name), so its TDS form is its own type's. */
  stored: boolean;
  decode: (value: unknown) => SqlValue;
}

export interface TableReadPlan {
  table: TableModel;
  /** The SELECT, starting with `/* cdb:data v1 <schema>.<table> *\/` (names URI-encoded). */
  sql: string;
  /** Non-computed columns in model order: the SqlRow layout. */
  columns: ColumnReadPlan[];
  /** The ORDER BY key, empty for heaps. */
  orderBy: IndexColumn[];
}

/** Encodes a name for the query comment so that no name can end the comment or confuse the parser. */
export function encodeCommentName(name: string): string {
  return encodeURIComponent(name).replace(/[*.'()!~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The table a data query reads, from its first line (`/* cdb:data v1 dbo.Orders *\/`). */
export function tableOfDataQuery(sql: string): { schema: string; name: string } | undefined {
  const m = /^\s*\/\*\s*cdb:data\s+v1\s+([^\s.]+)\.(\S+)\s*\*\//.exec(sql);
  return m ? { schema: decodeURIComponent(m[1]), name: decodeURIComponent(m[2]) } : undefined;
}

const identity = (v: unknown): SqlValue => v as SqlValue;
const text = (v: unknown): SqlValue => (v === null || v === undefined ? null : String(v));
const toBigint = (v: unknown): SqlValue => (v === null || v === undefined ? null : BigInt(v as string | number | bigint));
const toBoolean = (v: unknown): SqlValue => (v === null || v === undefined ? null : v === true || v === 1);
const toBytes = (v: unknown): SqlValue => (v === null || v === undefined ? null : (v as Uint8Array));
const dateMillis = (v: unknown): SqlValue => (v === null || v === undefined ? null : (v as Date).getTime());
const upperGuid = (v: unknown): SqlValue => (v === null || v === undefined ? null : String(v).toUpperCase());

/**
 * Types the wire reader takes as stored: their TDS bytes carry every digit (wire/fieldTranscoders.ts), and only the
 * driver's JavaScript values would lose some.
 */
const storedOnTheWire = new Set<SqlBaseType>(['decimal', 'numeric', 'money', 'smallmoney', 'time', 'datetime2', 'datetimeoffset', 'sql_variant']);

function columnPlan(column: ColumnModel, reader: RowReader): ColumnReadPlan {
  const c = quoteName(column.name);
  const t = column.type;
  const plan = (expression: string, decode: (v: unknown) => SqlValue): ColumnReadPlan => ({ column, expression, stored: expression === c, decode });
  if (reader === 'wire' && storedOnTheWire.has(t.base)) return plan(c, identity);
  switch (t.base) {
    case 'bit': return plan(c, toBoolean);
    case 'tinyint': case 'smallint': case 'int': case 'real': case 'float': return plan(c, identity);
    case 'bigint': return plan(c, toBigint);
    case 'decimal': case 'numeric': return plan(`CONVERT(nvarchar(41), ${c})`, text);
    case 'money': case 'smallmoney': return plan(`CONVERT(nvarchar(30), ${c}, 2)`, text);
    case 'date': case 'datetime': case 'smalldatetime': return plan(c, dateMillis);
    case 'time': return plan(`CONVERT(nvarchar(16), ${c}, 121)`, text);
    case 'datetime2': return plan(`CONVERT(nvarchar(27), ${c}, 121)`, text);
    case 'datetimeoffset': return plan(`CONVERT(nvarchar(34), ${c}, 121)`, text);
    case 'uniqueidentifier': return plan(c, upperGuid);
    case 'char': case 'varchar': {
      const n = t.isMax || (t.length ?? 1) > 4000 ? 'max' : String(t.length ?? 1);
      return plan(`CAST(${c} AS nvarchar(${n}))`, text);
    }
    case 'text': case 'ntext': return plan(`CAST(${c} AS nvarchar(max))`, text);
    case 'nchar': case 'nvarchar': return plan(c, text);
    case 'xml': return plan(`CONVERT(nvarchar(max), ${c})`, text);
    case 'binary': case 'varbinary': case 'rowversion': return plan(c, toBytes);
    case 'image': return plan(`CAST(${c} AS varbinary(max))`, toBytes);
    case 'geography': case 'geometry': case 'hierarchyid': return plan(`CAST(${c} AS varbinary(max))`, toBytes);
    case 'sql_variant': return plan(sqlVariantExpression(c), decodeSqlVariantText);
  }
}

/** The one-text form of a sql_variant (see the header); NULL stays NULL. */
export function sqlVariantExpression(c: string): string {
  const prop = (p: string) => `CAST(SQL_VARIANT_PROPERTY(${c}, '${p}') AS nvarchar(128))`;
  const collation = prop('Collation');
  const cp = (p: string) => `CAST(COLLATIONPROPERTY(${collation}, '${p}') AS nvarchar(20))`;
  const value = `CASE ${prop('BaseType')}` +
    ` WHEN N'binary' THEN CONVERT(nvarchar(max), CAST(${c} AS varbinary(8000)), 1)` +
    ` WHEN N'varbinary' THEN CONVERT(nvarchar(max), CAST(${c} AS varbinary(8000)), 1)` +
    ` WHEN N'date' THEN CONVERT(nvarchar(10), CAST(${c} AS date), 23)` +
    ` WHEN N'time' THEN CONVERT(nvarchar(16), CAST(${c} AS time(7)), 121)` +
    ` WHEN N'datetime2' THEN CONVERT(nvarchar(27), CAST(${c} AS datetime2(7)), 121)` +
    ` WHEN N'datetimeoffset' THEN CONVERT(nvarchar(34), CAST(${c} AS datetimeoffset(7)), 121)` +
    ` WHEN N'datetime' THEN CONVERT(nvarchar(23), CAST(${c} AS datetime), 121)` +
    ` WHEN N'smalldatetime' THEN CONVERT(nvarchar(19), CAST(${c} AS smalldatetime), 120)` +
    ` WHEN N'float' THEN CONVERT(nvarchar(30), CAST(CAST(${c} AS float) AS binary(8)), 1)` +
    ` WHEN N'real' THEN CONVERT(nvarchar(30), CAST(CAST(${c} AS real) AS binary(4)), 1)` +
    ` WHEN N'money' THEN CONVERT(nvarchar(30), CAST(${c} AS money), 2)` +
    ` WHEN N'smallmoney' THEN CONVERT(nvarchar(30), CAST(${c} AS smallmoney), 2)` +
    ` ELSE CONVERT(nvarchar(max), ${c}) END`;
  return `CASE WHEN ${c} IS NULL THEN NULL ELSE CONCAT(${prop('BaseType')}, N'|', ${prop('Precision')}, N'|', ${prop('Scale')}, N'|', ` +
    `${prop('MaxLength')}, N'|', ${collation}, N'|', ${cp('LCID')}, N'|', ${cp('ComparisonStyle')}, N'|', ${cp('Version')}, N'|', ${value}) END`;
}

/** Widened temporal text (scale 7) → text at `scale` digits (the dropped digits are zeros). */
function trimFraction(value: string, scale: number): string {
  const dot = value.indexOf('.');
  if (dot < 0) return value;
  let end = dot + 1;
  while (end < value.length && value.charCodeAt(end) >= 48 && value.charCodeAt(end) <= 57) end++;
  const keep = scale === 0 ? dot : dot + 1 + scale;
  return value.slice(0, keep) + value.slice(end);
}

/** Parses the sql_variant text form back into a SqlVariant. */
export function decodeSqlVariantText(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  const s = String(v);
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 8; i++) {
    const bar = s.indexOf('|', start);
    if (bar < 0) throw new BackupError('internal', 'A sql_variant value came back in an unexpected form.');
    parts.push(s.slice(start, bar));
    start = bar + 1;
  }
  const valueText = s.slice(start);
  const [baseName, precisionText, scaleText, maxLengthText, collationName, lcidText, styleText, versionText] = parts;
  const baseType = baseTypeFromCatalogName(baseName);
  if (!baseType || baseType === 'sql_variant') throw new BackupError('unsupported', `A sql_variant value has the base type ${baseName}, which this tool cannot carry.`);
  const scale = Number(scaleText || 0);
  const variant: SqlVariant = { kind: 'sql_variant', baseType, value: variantValue(baseType, valueText, scale) };
  switch (baseType) {
    case 'decimal': case 'numeric':
      variant.precision = Number(precisionText);
      variant.scale = scale;
      break;
    case 'time': case 'datetime2': case 'datetimeoffset':
      variant.scale = scale;
      break;
    case 'binary': case 'varbinary':
      variant.maxLength = Number(maxLengthText);
      break;
    case 'char': case 'varchar': case 'nchar': case 'nvarchar':
      variant.maxLength = Number(maxLengthText);
      variant.collation = tdsCollationBytes(collationName, Number(lcidText), Number(styleText), Number(versionText));
      break;
  }
  return variant;
}

function variantValue(base: SqlBaseType, value: string, scale: number): SqlVariant['value'] {
  switch (base) {
    case 'bit': return value === '1';
    case 'tinyint': case 'smallint': case 'int': return Number(value);
    case 'bigint': return BigInt(value);
    // The IEEE bits, big-endian, as CAST(float AS binary(8)) gives them: no decimal rounding anywhere.
    case 'float': return Buffer.from(value.slice(2), 'hex').readDoubleBE(0);
    case 'real': return Buffer.from(value.slice(2), 'hex').readFloatBE(0);
    case 'binary': case 'varbinary': return Buffer.from(value.slice(2), 'hex');
    case 'uniqueidentifier': return value.toUpperCase();
    case 'time': case 'datetime2': case 'datetimeoffset': return trimFraction(value, scale);
    default: return value;
  }
}

/** What the read order is taken from. */
export type ReadOrderModel = Pick<DatabaseModel, 'primaryKeys' | 'uniqueConstraints' | 'indexes'>;

/** The key rows come in: the clustered index or constraint, else the primary key, else none (heap order). */
export function readOrder(table: TableModel, model: ReadOrderModel): IndexColumn[] {
  const same = (o: { schema: string; name: string }) => o.schema === table.schema && o.name === table.name;
  const clustered = model.primaryKeys.find((k) => same(k.table) && k.clustered)
    ?? model.uniqueConstraints.find((k) => same(k.table) && k.clustered)
    ?? model.indexes.find((i) => same(i.table) && i.clustered)
    ?? model.primaryKeys.find((k) => same(k.table));
  return clustered ? clustered.columns : [];
}

/**
 * Builds the SELECT and the decoders for one table, for the reader that will run it: the driver reader needs the
 * lossless text forms above; the wire reader reads decimal, money, time, datetime2, datetimeoffset and sql_variant
 * as stored.
 */
export function planTableRead(table: TableModel, model: ReadOrderModel, reader: RowReader = 'driver'): TableReadPlan {
  const columns = table.columns.filter((c) => !c.computed).map((c) => columnPlan(c, reader));
  if (columns.length === 0) throw new BackupError('internal', `Table ${table.schema}.${table.name} has no stored columns to read.`);
  const orderBy = readOrder(table, model);
  const select = columns.map((p, i) => `${p.expression} AS [c${i}]`).join(',\n       ');
  const order = orderBy.length > 0
    ? `\nORDER BY ${orderBy.map((k) => `${quoteName(k.name)}${k.descending ? ' DESC' : ''}`).join(', ')}`
    : '';
  const sql = `/* cdb:data v1 ${encodeCommentName(table.schema)}.${encodeCommentName(table.name)} */\n` +
    `SELECT ${select}\nFROM ${quoteName(table.schema, table.name)}${order};`;
  return { table, sql, columns, orderBy };
}

/** Anything that starts a request: an mssql ConnectionPool or Transaction (tableRowPump.ts borrows its connection). */
export interface RequestSource {
  request(): mssql.Request;
}
