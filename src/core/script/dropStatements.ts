/**
 * Statements that remove what the schema script creates, in the reverse order, each guarded by IF EXISTS: what a
 * failed restore into an existing empty database runs to leave it empty again.
 */
import { quoteName, type DatabaseModel, type ModuleKind } from '../model/types';
import { orderModules } from './moduleOrder';
import { unicodeLiteral } from './typeDeclaration';

const moduleDrop: Record<ModuleKind, string> = {
  view: 'VIEW', procedure: 'PROCEDURE', scalarFunction: 'FUNCTION', inlineTableFunction: 'FUNCTION', tableFunction: 'FUNCTION', trigger: 'TRIGGER',
};

export function dropStatements(model: DatabaseModel): string[] {
  const out: string[] = [];
  out.push(`DECLARE @drop nvarchar(max) = N'';
SELECT @drop += N'ALTER TABLE ' + QUOTENAME(OBJECT_SCHEMA_NAME(parent_object_id)) + N'.' + QUOTENAME(OBJECT_NAME(parent_object_id)) + N' DROP CONSTRAINT ' + QUOTENAME(name) + N';' FROM sys.foreign_keys;
EXEC sys.sp_executesql @drop;`);
  for (const m of orderModules(model.modules).reverse()) out.push(`DROP ${moduleDrop[m.kind]} IF EXISTS ${quoteName(m.schema, m.name)};`);
  for (const t of [...model.tables].reverse()) out.push(`DROP TABLE IF EXISTS ${quoteName(t.schema, t.name)};`);
  for (const s of model.sequences) out.push(`DROP SEQUENCE IF EXISTS ${quoteName(s.schema, s.name)};`);
  for (const u of model.userDefinedTypes) out.push(`DROP TYPE IF EXISTS ${quoteName(u.schema, u.name)};`);
  for (const x of model.xmlSchemaCollections ?? []) {
    out.push(`IF EXISTS (SELECT 1 FROM sys.xml_schema_collections WHERE name = ${unicodeLiteral(x.name)} AND SCHEMA_NAME(schema_id) = ${unicodeLiteral(x.schema)}) DROP XML SCHEMA COLLECTION ${quoteName(x.schema, x.name)};`);
  }
  for (const s of model.schemas) out.push(`DROP SCHEMA IF EXISTS ${quoteName(s.name)};`);
  return out;
}
