/**
 * DatabaseModel → the T-SQL that creates it in an empty database, in the stages a restore runs around the data:
 *   beforeData        schemas, XML schema collections, alias types, sequences, tables (columns, collations,
 *                     identity, computed columns, defaults, primary key) and clustered indexes
 *   afterData         other indexes, unique, check and foreign-key constraints (validated WITH CHECK), XML indexes
 *   programmability   views, functions, procedures and triggers in dependency order, then indexes on views
 *   permissions       role memberships and GRANT / DENY (only with `includePrincipals`)
 *   extendedProperties
 * With `includePrincipals`, a `principals` stage (CREATE USER / CREATE ROLE, securityStatements.ts) comes first and
 * schemas keep owners that are users or roles. Without it (the default: a local server rarely has the Cloud login,
 * and contained users need contained database authentication) principals are not scripted and dbo owns every schema.
 * Each statement is its own batch (modules must be).
 */
import { quoteName, type DatabaseModel, type ModuleModel, type ObjectName, type SequenceModel } from '../model/types';
import { extendedPropertyStatement } from './extendedPropertyStatements';
import { buildSecurityScript, type SecurityScriptOptions } from './securityStatements';
import { orderModules } from './moduleOrder';
import {
  addUniqueConstraintStatement,
  checkConstraintStatements,
  createIndexStatement,
  createTableStatement,
  createXmlIndexStatement,
  foreignKeyStatements,
} from './tableStatements';
import { typeDeclaration } from './typeDeclaration';

export type ScriptStageName = 'principals' | 'beforeData' | 'afterData' | 'programmability' | 'permissions' | 'extendedProperties';

export const scriptStageNames: readonly ScriptStageName[] = ['principals', 'beforeData', 'afterData', 'programmability', 'permissions', 'extendedProperties'];

export interface SchemaScriptOptions extends SecurityScriptOptions {
  /** Script users, roles, memberships, permissions and schema owners too (default: left out). */
  includePrincipals?: boolean;
}

/** One batch: a statement, with the session settings it must run under when they differ from ON/ON. */
export interface ScriptBatch {
  sql: string;
  ansiNulls?: boolean;
  quotedIdentifier?: boolean;
}

export type SchemaScript = Record<ScriptStageName, ScriptBatch[]> & {
  /** Contained users the script gave a made-up password (includePrincipals only). */
  generatedPasswords: string[];
};

function sameName(a: ObjectName, b: ObjectName): boolean {
  return a.schema.toLowerCase() === b.schema.toLowerCase() && a.name.toLowerCase() === b.name.toLowerCase();
}

function sequenceStatement(s: SequenceModel): string {
  const options = [
    `AS ${typeDeclaration(s.type)}`,
    `START WITH ${s.startValue}`,
    `INCREMENT BY ${s.increment}`,
    s.minValue !== undefined ? `MINVALUE ${s.minValue}` : 'NO MINVALUE',
    s.maxValue !== undefined ? `MAXVALUE ${s.maxValue}` : 'NO MAXVALUE',
    s.cycle ? 'CYCLE' : 'NO CYCLE',
    ...(s.cacheSize === 0 ? ['NO CACHE'] : s.cacheSize !== undefined ? [`CACHE ${s.cacheSize}`] : []),
  ];
  return `CREATE SEQUENCE ${quoteName(s.schema, s.name)}\n    ${options.join('\n    ')};`;
}

function moduleBatch(m: ModuleModel): ScriptBatch {
  return { sql: m.definition.trim(), ansiNulls: m.ansiNulls, quotedIdentifier: m.quotedIdentifier };
}

export function buildSchemaScript(model: DatabaseModel, options: SchemaScriptOptions = {}): SchemaScript {
  const isTable = (o: ObjectName): boolean => model.tables.some((t) => sameName(t, o));
  const security = options.includePrincipals ? buildSecurityScript(model, options) : undefined;
  const beforeData: ScriptBatch[] = [];
  for (const s of model.schemas) {
    // An owner that is not scripted (principals left out, or a user skipped) leaves the schema to dbo.
    const ownedBy = s.owner && (s.owner.toLowerCase() === 'dbo' || security?.creates(s.owner));
    const owner = ownedBy ? ` AUTHORIZATION ${quoteName(s.owner!)}` : '';
    beforeData.push({ sql: `CREATE SCHEMA ${quoteName(s.name)}${owner};` });
  }
  for (const x of model.xmlSchemaCollections ?? []) beforeData.push({ sql: `CREATE XML SCHEMA COLLECTION ${quoteName(x.schema, x.name)} AS ${x.expression};` });
  for (const u of model.userDefinedTypes) {
    beforeData.push({ sql: `CREATE TYPE ${quoteName(u.schema, u.name)} FROM ${typeDeclaration(u.type)} ${u.nullable ? 'NULL' : 'NOT NULL'};` });
  }
  for (const s of model.sequences) beforeData.push({ sql: sequenceStatement(s) });
  for (const table of model.tables) {
    beforeData.push({
      sql: createTableStatement({
        table,
        primaryKey: model.primaryKeys.find((k) => sameName(k.table, table)),
        defaults: model.defaultConstraints.filter((d) => sameName(d.table, table)),
      }),
      ...(table.ansiNulls ? {} : { ansiNulls: false }),
    });
  }
  // A clustered index or unique constraint decides how the rows are stored: build it before the data goes in.
  for (const u of model.uniqueConstraints.filter((k) => k.clustered)) beforeData.push({ sql: addUniqueConstraintStatement(u) });
  for (const i of model.indexes.filter((i) => i.clustered && isTable(i.table))) beforeData.push({ sql: createIndexStatement(i) });

  const afterData: ScriptBatch[] = [];
  for (const u of model.uniqueConstraints.filter((k) => !k.clustered)) afterData.push({ sql: addUniqueConstraintStatement(u) });
  for (const i of model.indexes.filter((i) => !i.clustered && isTable(i.table))) afterData.push({ sql: createIndexStatement(i) });
  for (const x of model.xmlIndexes ?? []) afterData.push({ sql: createXmlIndexStatement(x) });
  for (const c of model.checkConstraints) afterData.push(...checkConstraintStatements(c).map((sql) => ({ sql })));
  for (const f of model.foreignKeys) afterData.push(...foreignKeyStatements(f).map((sql) => ({ sql })));

  const programmability: ScriptBatch[] = orderModules(model.modules).map(moduleBatch);
  // Indexes on views need their view; clustered ones first.
  const viewIndexes = model.indexes.filter((i) => !isTable(i.table)).sort((a, b) => Number(b.clustered) - Number(a.clustered));
  for (const i of viewIndexes) programmability.push({ sql: createIndexStatement(i) });
  for (const m of model.modules.filter((m) => m.trigger?.disabled && m.parent)) {
    programmability.push({ sql: `DISABLE TRIGGER ${quoteName(m.schema, m.name)} ON ${quoteName(m.parent!.schema, m.parent!.name)};` });
  }

  const extendedProperties = model.extendedProperties.map((p) => ({ sql: extendedPropertyStatement(model, p) }));
  return {
    principals: (security?.principals ?? []).map((sql) => ({ sql })),
    beforeData, afterData, programmability,
    permissions: (security?.permissions ?? []).map((sql) => ({ sql })),
    extendedProperties,
    generatedPasswords: security?.generatedPasswords ?? [],
  };
}

const stageTitles: Record<ScriptStageName, string> = {
  principals: 'Principals: users and roles (contained users get a made-up password: set your own after the restore)',
  permissions: 'Role memberships and permissions',
  beforeData: 'Before data: schemas, types, sequences, tables with their primary keys and defaults, clustered indexes',
  afterData: 'After data: indexes, unique, check and foreign-key constraints',
  programmability: 'Programmability: views, functions, procedures and triggers in dependency order',
  extendedProperties: 'Extended properties',
};

/** The whole script as one text, batches separated by GO, with the SET statements each batch needs. */
export function renderSchemaScript(script: SchemaScript, header: string[] = []): string {
  const out: string[] = header.map((line) => `-- ${line}`);
  let ansiNulls = true;
  let quotedIdentifier = true;
  out.push('SET ANSI_NULLS ON;', 'GO', 'SET QUOTED_IDENTIFIER ON;', 'GO');
  for (const stage of scriptStageNames) {
    if (script[stage].length === 0) continue;
    out.push('', `-- ${stageTitles[stage]}`);
    for (const batch of script[stage]) {
      const wantAnsi = batch.ansiNulls ?? true;
      const wantQuoted = batch.quotedIdentifier ?? true;
      if (wantAnsi !== ansiNulls) out.push(`SET ANSI_NULLS ${wantAnsi ? 'ON' : 'OFF'};`, 'GO');
      if (wantQuoted !== quotedIdentifier) out.push(`SET QUOTED_IDENTIFIER ${wantQuoted ? 'ON' : 'OFF'};`, 'GO');
      ansiNulls = wantAnsi;
      quotedIdentifier = wantQuoted;
      out.push(batch.sql, 'GO');
    }
  }
  return out.join('\n') + '\n';
}
