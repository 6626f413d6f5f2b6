/** Catalog type facts → the model's SqlType, in the one normal form every reader and test shares. */
import type { SqlBaseType, SqlType } from '../model/types';

const knownBaseTypes: ReadonlySet<string> = new Set<SqlBaseType>([
  'bit', 'tinyint', 'smallint', 'int', 'bigint', 'real', 'float', 'decimal', 'numeric', 'money', 'smallmoney',
  'date', 'time', 'datetime2', 'datetimeoffset', 'datetime', 'smalldatetime', 'uniqueidentifier',
  'char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext', 'xml', 'binary', 'varbinary', 'image', 'rowversion',
  'geography', 'geometry', 'hierarchyid', 'sql_variant',
]);

/** sys.types name of a built-in type → SqlBaseType; undefined for types the model has no word for (json, vector, …). */
export function baseTypeFromCatalogName(name: string): SqlBaseType | undefined {
  const lower = name.toLowerCase();
  if (lower === 'timestamp') return 'rowversion';
  return knownBaseTypes.has(lower) ? (lower as SqlBaseType) : undefined;
}

/**
 * The normal form: lengths only for (n)(var)char/(var)binary (characters for n-types, `isMax` for -1),
 * precision and scale for decimal/numeric (scale always present), precision 53 for float, scale for
 * time/datetime2/datetimeoffset; nothing for any other type.
 */
export function sqlTypeFromCatalog(base: SqlBaseType, maxLength: number, precision: number, scale: number): SqlType {
  switch (base) {
    case 'char': case 'varchar': case 'binary': case 'varbinary':
      return maxLength === -1 ? { base, isMax: true } : { base, length: maxLength };
    case 'nchar': case 'nvarchar':
      return maxLength === -1 ? { base, isMax: true } : { base, length: maxLength / 2 };
    case 'decimal': case 'numeric':
      return { base, precision, scale };
    case 'float':
      return { base, precision: 53 };
    case 'time': case 'datetime2': case 'datetimeoffset':
      return { base, scale };
    default:
      return { base };
  }
}

/** The other direction, for the test double and the data queries: sys.columns max_length of a type. */
export function catalogMaxLength(type: SqlType): number {
  switch (type.base) {
    case 'char': case 'varchar': case 'binary': case 'varbinary':
      return type.isMax ? -1 : type.length ?? 1;
    case 'nchar': case 'nvarchar':
      return type.isMax ? -1 : (type.length ?? 1) * 2;
    default:
      return fixedMaxLength[type.base] ?? 0;
  }
}

/** sys.columns.max_length of the fixed-size types (the storage size; time-based types at their scale). */
const fixedMaxLength: Partial<Record<SqlBaseType, number>> = {
  bit: 1, tinyint: 1, smallint: 2, int: 4, bigint: 8, real: 4, float: 8, money: 8, smallmoney: 4,
  date: 3, datetime: 8, smalldatetime: 4, uniqueidentifier: 16, text: 16, ntext: 16, image: 16, xml: -1,
  rowversion: 8, geography: -1, geometry: -1, hierarchyid: 892, sql_variant: 8016, decimal: 17, numeric: 17,
  time: 5, datetime2: 8, datetimeoffset: 10,
};
