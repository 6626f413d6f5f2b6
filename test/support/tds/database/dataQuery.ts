/**
 * The double's answer to a `cdb:data` query: the table's rows with every column in the form the query's
 * select list asks SQL Server for (see src/core/export/tableReader.ts): a column selected by its name as stored;
 * otherwise the other temporal and exact numeric types as CONVERT text, char types as nvarchar, xml as
 * nvarchar(max), CLR types as varbinary(max), sql_variant as its text form.
 */
import type { SqlRow, SqlValue, SqlVariant } from '../../../../src/core/bcp/values';
import { quoteName, type ColumnModel, type SqlType, type TableModel } from '../../../../src/core/model/types';
import type { ResultColumn, ResultSet } from '../server';
import {
  dateText, dateTime2Text, dateTimeOffsetText, dateTimeText, decimalText, paddedText, smallDateTimeText, sqlVariantText, timeText,
} from './convertedValues';

interface ConvertedColumn {
  result: ResultColumn;
  convert: (v: SqlValue) => SqlValue;
}

const asIs = (v: SqlValue) => v;

/** The types the driver reader's plan CONVERTs to text and the wire reader's selects as stored. */
const convertedForTheDriver = new Set<SqlType['base']>(['decimal', 'numeric', 'money', 'smallmoney', 'time', 'datetime2', 'datetimeoffset', 'sql_variant']);

function converted(column: ColumnModel, index: number, stored: boolean): ConvertedColumn {
  const t = column.type;
  const name = `c${index}`;
  const nullable = column.nullable;
  const to = (type: SqlType, convert: (v: SqlValue) => SqlValue): ConvertedColumn => ({ result: { name, type, nullable }, convert });
  if (stored && convertedForTheDriver.has(t.base)) {
    // The wire reader's plan selects these as stored: the column's own type without its alias name.
    const { userType: _userType, ...own } = t;
    return to(own, asIs);
  }
  const text = (length: number, convert: (v: SqlValue) => SqlValue) => to({ base: 'nvarchar', length }, convert);
  const scale = t.scale ?? 7;
  switch (t.base) {
    case 'decimal': case 'numeric': return text(41, (v) => decimalText(v, t.scale ?? 0));
    case 'money': case 'smallmoney': return text(30, (v) => decimalText(v, 4));
    case 'date': return to(t, dateText);
    case 'time': return text(16, (v) => timeText(v, scale));
    case 'datetime2': return text(27, (v) => dateTime2Text(v, scale));
    case 'datetimeoffset': return text(34, (v) => dateTimeOffsetText(v, scale));
    case 'datetime': return to(t, dateTimeText);
    case 'smalldatetime': return to(t, smallDateTimeText);
    case 'char': case 'varchar': {
      const type: SqlType = t.isMax || (t.length ?? 1) > 4000 ? { base: 'nvarchar', isMax: true } : { base: 'nvarchar', length: t.length ?? 1 };
      return to(type, (v) => paddedText(v, t));
    }
    case 'nchar': return to({ base: 'nchar', length: t.length ?? 1 }, (v) => paddedText(v, t));
    case 'text': case 'ntext': case 'xml': return to({ base: 'nvarchar', isMax: true }, asIs);
    case 'image': return to({ base: 'varbinary', isMax: true }, asIs);
    case 'geography': case 'geometry': case 'hierarchyid': return to({ base: 'varbinary', isMax: true }, asIs);
    case 'sql_variant': return to({ base: 'nvarchar', isMax: true }, (v) => sqlVariantText(v as SqlVariant));
    default: {
      // Sent as stored: the column's own type without its alias name.
      const { userType: _userType, ...own } = t;
      return to(own, asIs);
    }
  }
}

/**
 * Which columns the query selects as stored: `[name] AS [cN]` in its select list rather than a CONVERT or CAST
 * (the wire reader's plan does that for decimal, money, time, datetime2, datetimeoffset and sql_variant).
 */
function storedColumns(sql: string, columns: readonly ColumnModel[]): boolean[] {
  const select = sql.slice(sql.indexOf('SELECT ') + 7, sql.lastIndexOf('\nFROM '));
  return columns.map((column, i) => {
    const end = select.indexOf(` AS [c${i}]`);
    if (end < 0) throw new Error(`test double: the data query has no column c${i}`);
    const start = i === 0 ? 0 : select.indexOf(` AS [c${i - 1}],`) + ` AS [c${i - 1}],`.length;
    return select.slice(start, end).trim() === quoteName(column.name);
  });
}

/**
 * The result set for one table's data query (`sql`, whose select list decides what each column is sent as);
 * `rows` are the lossless stored values in model column order.
 */
export function dataResultSet(table: TableModel, rows: Iterable<SqlRow> | AsyncIterable<SqlRow>, sql: string): ResultSet {
  const stored = table.columns.filter((c) => !c.computed);
  const asStored = storedColumns(sql, stored);
  const columns = stored.map((c, i) => converted(c, i, asStored[i]));
  const convertRow = (row: SqlRow): SqlRow => {
    if (row.length !== columns.length) {
      throw new Error(`test double: a row of ${table.schema}.${table.name} has ${row.length} values for ${columns.length} stored columns`);
    }
    const out = new Array<SqlValue>(columns.length);
    for (let i = 0; i < columns.length; i++) out[i] = row[i] === null ? null : columns[i].convert(row[i]);
    return out;
  };
  return { columns: columns.map((c) => c.result), rows: mapRows(rows, convertRow) };
}

function mapRows(rows: Iterable<SqlRow> | AsyncIterable<SqlRow>, f: (row: SqlRow) => SqlRow): Iterable<SqlRow> | AsyncIterable<SqlRow> {
  if (Symbol.asyncIterator in rows) {
    const source = rows as AsyncIterable<SqlRow>;
    return (async function* () {
      for await (const row of source) yield f(row);
    })();
  }
  const source = rows as Iterable<SqlRow>;
  return (function* () {
    for (const row of source) yield f(row);
  })();
}
