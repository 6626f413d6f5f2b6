/** A column's, alias type's or sequence's data type as T-SQL declares it, e.g. `[nvarchar](50)`, `[app].[Code]`. */
import { quoteName, type SqlType } from '../model/types';

/** `N'…'` with quotes doubled. */
export function unicodeLiteral(text: string): string {
  return `N'${text.replace(/'/g, "''")}'`;
}

export function typeDeclaration(type: SqlType): string {
  if (type.userType) {
    // sysname is a system alias; [sys].[sysname] is not a valid type reference in every context.
    if (type.userType.schema.toLowerCase() === 'sys') return quoteName(type.userType.name);
    return quoteName(type.userType.schema, type.userType.name);
  }
  switch (type.base) {
    case 'decimal':
    case 'numeric':
      return `${quoteName(type.base)}(${type.precision ?? 18}, ${type.scale ?? 0})`;
    case 'time':
    case 'datetime2':
    case 'datetimeoffset':
      return `${quoteName(type.base)}(${type.scale ?? 7})`;
    case 'char':
    case 'varchar':
    case 'nchar':
    case 'nvarchar':
    case 'binary':
    case 'varbinary':
      return `${quoteName(type.base)}(${type.isMax ? 'max' : type.length ?? 1})`;
    case 'xml':
      return type.xmlSchemaCollection
        ? `[xml](${quoteName(type.xmlSchemaCollection.schema, type.xmlSchemaCollection.name)})`
        : '[xml]';
    case 'geography':
    case 'geometry':
    case 'hierarchyid':
      return quoteName(type.base);
    default:
      return quoteName(type.base);
  }
}
