/**
 * Extended property values (sql_variant) as T-SQL literals. The catalog query sends the base type and a text
 * form that keeps every digit; this turns the pair into the literal the model stores, e.g. `N'Version'`.
 * Import passes the literal to sp_addextendedproperty, which takes literals only (DacFx refuses
 * `CAST(… AS datetime2)` with SQL46010), so dates, times, money and the like become their text: the value reads
 * the same, stored as nvarchar.
 */

function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** (SQL_VARIANT_PROPERTY BaseType, text form) → T-SQL literal. */
export function extendedPropertyLiteral(baseType: string | null, text: string | null): string {
  if (baseType === null || text === null) return 'NULL';
  switch (baseType.toLowerCase()) {
    case 'nvarchar': case 'nchar':
      return `N${quoted(text)}`;
    case 'varchar': case 'char':
      return quoted(text);
    case 'tinyint': case 'smallint': case 'int': case 'bigint': case 'decimal': case 'numeric': case 'bit':
    case 'binary': case 'varbinary': case 'float':
      return text;
    default:
      return `N${quoted(text)}`;
  }
}
