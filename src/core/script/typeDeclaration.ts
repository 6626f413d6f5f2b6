/** A column's, alias type's or sequence's data type as T-SQL declares it, e.g. `[nvarchar](50)`, `[app].[Code]`. */
import { typeText } from '../bcp/layout';
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
  if (type.base === 'xml' && type.xmlSchemaCollection) return `xml(${quoteName(type.xmlSchemaCollection.schema, type.xmlSchemaCollection.name)})`;
  // Built-in type names are keywords T-SQL takes unquoted: `nvarchar(50)`, `decimal(12,2)`, `datetime2(3)`.
  return typeText(type);
}
