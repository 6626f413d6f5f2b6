/** The script layer: DatabaseModel → T-SQL that creates it, in the stages a restore runs around the data. */
export { buildSchemaScript, renderSchemaScript, scriptStageNames, type SchemaScript, type ScriptBatch, type ScriptStageName } from './schemaScript';
export { typeDeclaration, unicodeLiteral } from './typeDeclaration';
