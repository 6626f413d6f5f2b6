/**
 * The double's answer to a `cdb:data` query: the table's rows with every column in the form the query's
 * select list asks SQL Server for (see src/core/export/tableReader.ts): date, datetime and smalldatetime as
 * stored, the other temporal and exact numeric types as CONVERT text, char types as nvarchar, xml as nvarchar(max), CLR types as varbinary(max), sql_variant as its
 * text form, everything else as stored.
 */
import type { SqlRow, SqlValue, SqlVariant } from '../../../../src/core/bcp/values';
import type { ColumnModel, SqlType, TableModel } from '../../../../src/core/model/types';
import type { ResultColumn, ResultSet } from '../server';
import {
  dateText, dateTime2Text, dateTimeOffsetText, dateTimeText, decimalText, paddedText, smallDateTimeText, sqlVariantText, timeText,
} from './convertedValues';

interface ConvertedColumn {
  result: ResultColumn;
  convert: (v: SqlValue) => SqlValue;
}

const asIs = (v: SqlValue) => v;

function converted(column: ColumnModel, index: number): ConvertedColumn {
  const t = column.type;
  const name = `c${index}`;
  const nullable = column.nullable;
  const to = (type: SqlType, convert: (v: SqlValue) => SqlValue): ConvertedColumn => ({ result: { name, type, nullable }, convert });
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

/** The result set for one table's data query; `rows` are the lossless stored values in model column order. */
export function dataResultSet(table: TableModel, rows: Iterable<SqlRow> | AsyncIterable<SqlRow>): ResultSet {
  const columns = table.columns.filter((c) => !c.computed).map(converted);
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
