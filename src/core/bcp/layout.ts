/**
 * Field layout per column (spec §5.3): how wide the length prefix is, and how many payload bytes a
 * prefix-less field has. The verifier matches these against DacFx packages, so they live apart from the codec.
 */
import type { ColumnModel, SqlType } from '../model/types';

/** Prefix width in bytes (0, 1, 2, 4 or 8) of a column's BCP fields. */
export function bcpPrefixWidth(column: Pick<ColumnModel, 'type' | 'nullable'>): 0 | 1 | 2 | 4 | 8 {
  const { type, nullable } = column;
  switch (type.base) {
    // Always a 1-byte prefix, even NOT NULL: DacFx differs from bcp.exe here.
    case 'bit':
    case 'decimal':
    case 'numeric':
    case 'uniqueidentifier':
      return 1;
    case 'tinyint': case 'smallint': case 'int': case 'bigint':
    case 'real': case 'float': case 'money': case 'smallmoney':
    case 'date': case 'time': case 'datetime2': case 'datetimeoffset': case 'datetime': case 'smalldatetime':
      return nullable ? 1 : 0;
    case 'char':
      // char(n) NOT NULL is the one character type without a prefix.
      return nullable ? 2 : 0;
    case 'varchar': case 'nvarchar': case 'varbinary':
      return type.isMax ? 8 : 2;
    case 'nchar': case 'binary': case 'rowversion':
      return 2;
    case 'text': case 'ntext': case 'image': case 'sql_variant':
      return 4;
    case 'xml': case 'geography': case 'geometry': case 'hierarchyid':
      return 8;
  }
}

/** Payload bytes of a prefix-less field; undefined when the column's fields carry a prefix. */
export function bcpFixedWidth(column: Pick<ColumnModel, 'type' | 'nullable'>): number | undefined {
  if (bcpPrefixWidth(column) !== 0) return undefined;
  return fixedPayloadWidth(column.type);
}

/** Payload bytes of the fixed-size types, whether or not a prefix precedes them. */
export function fixedPayloadWidth(type: SqlType): number | undefined {
  switch (type.base) {
    case 'bit': case 'tinyint': return 1;
    case 'smallint': return 2;
    case 'int': case 'real': case 'smallmoney': case 'smalldatetime': return 4;
    case 'bigint': case 'float': case 'money': case 'datetime': case 'datetime2': return 8;
    case 'date': return 3;
    case 'time': return 5;
    case 'datetimeoffset': return 10;
    case 'decimal': case 'numeric': return 19;
    case 'uniqueidentifier': return 16;
    case 'char': return 2 * charLength(type);
    default: return undefined;
  }
}

/** The columns that have fields in a BCP row: every column except computed ones, in model order. */
export function bcpColumns(columns: readonly ColumnModel[]): ColumnModel[] {
  return columns.filter((c) => !c.computed);
}

/** Declared length of char/nchar/binary (SQL Server's default is 1 when none is given). */
export function charLength(type: SqlType): number {
  return type.length ?? 1;
}

/** Default precision/scale SQL Server applies when a declaration leaves them out. */
export function decimalPrecision(type: SqlType): number {
  return type.precision ?? 18;
}
export function decimalScale(type: SqlType): number {
  return type.scale ?? 0;
}
/** time/datetime2/datetimeoffset without a scale are scale 7. */
export function temporalScale(type: SqlType): number {
  return type.scale ?? 7;
}

/** Short type text for error messages, e.g. `decimal(8,2)`, `nvarchar(max)`. */
export function typeText(type: SqlType): string {
  switch (type.base) {
    case 'decimal': case 'numeric':
      return `${type.base}(${decimalPrecision(type)},${decimalScale(type)})`;
    case 'time': case 'datetime2': case 'datetimeoffset':
      return `${type.base}(${temporalScale(type)})`;
    case 'char': case 'varchar': case 'nchar': case 'nvarchar': case 'binary': case 'varbinary':
      return `${type.base}(${type.isMax ? 'max' : charLength(type)})`;
    default:
      return type.base;
  }
}
