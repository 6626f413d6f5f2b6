/** The script layer: DatabaseModel → T-SQL that creates it, in the stages a restore runs around the data. */
export { buildSchemaScript, renderSchemaScript, scriptStageNames, type SchemaScript, type SchemaScriptOptions, type ScriptBatch, type ScriptStageName } from './schemaScript';
export { databaseOptionStatements, type DatabaseOptionStatement } from './databaseOptionStatements';
export { typeDeclaration, unicodeLiteral } from './typeDeclaration';
