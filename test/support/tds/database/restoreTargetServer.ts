/**
 * A SQL Server for the restore to write into, on the TDS double: databases are created, renamed and dropped by
 * the restore's own statements (restoreQueries.ts), the schema script's batches are recorded, and bulk loads
 * (INSERT BULK + BULK_LOAD) store the decoded rows. A restored database then answers the backup's catalog and
 * data queries (createDatabaseResponder), so `export → restore → export` runs end to end on the wire.
 *
 * The double does not parse T-SQL. It knows the schema the restore is expected to create (`model`) and keeps of it
 * only what the executed batches actually created: a table whose CREATE TABLE ran, a module whose definition
 * ran, an index or constraint whose name was created… so a restore that skips a statement backs up without it.
 * Rows exist only as bulk-loaded: identity values must be sent (the double numbers nothing), rowversion values are
 * made up by the double, as a server would.
 */
import { randomBytes } from 'node:crypto';
import type { SqlRow, SqlValue } from '../../../../src/core/bcp/values';
import { queryNameOf } from '../../../../src/core/catalog/queries';
import { defaultConnectionOptions, type ConnectionSettings } from '../../../../src/core/connection/types';
import { quoteName, type DatabaseModel, type ObjectName, type TableModel } from '../../../../src/core/model/types';
import { splitQuotedName } from '../../../../src/core/model/quotedName';
import type { HandlerResult, LoginDecision, RequestContext, RequestHandler, TdsRequest, TdsServer } from '../server';
import { startTdsServer } from '../server';
import { cannotOpenDatabase, loginFailed } from '../scenarios';
import { createDatabaseResponder } from './createDatabaseResponder';

export interface TargetDatabase {
  name: string;
  collation: string;
  /** Every batch the restore ran in this database (schema script, INSERT BULK), in order. */
  statements: string[];
  rows: Map<string, SqlRow[]>;
  /** Bulk loads received: table and rows per load. */
  bulkLoads: { table: string; rows: number }[];
}

export interface RestoreTargetOptions {
  /** The schema the restore is expected to create; the double keeps what the executed batches created. */
  model: DatabaseModel;
  user?: string;
  password?: string;
  /** Databases that exist before the restore (name → with or without objects). */
  existing?: { name: string; objects?: number }[];
  /** Runs first: return a result to take over a request (faults). */
  intercept?: (request: TdsRequest, ctx: RequestContext, db: TargetDatabase | undefined) => HandlerResult | Promise<HandlerResult> | undefined;
  /** The login may not open master (a database-scoped login). */
  noMaster?: boolean;
  /** Server logins the target has (answers the restore's login look-up; default none). */
  logins?: string[];
  /** Count bulk-loaded rows without keeping them (the benchmark: memory flat whatever the size). */
  discardRows?: boolean;
}

export interface RestoreTargetServer {
  server: TdsServer;
  databases: Map<string, TargetDatabase>;
  user: string;
  password: string;
  /** Connection settings for a database on this server. */
  settings(database: string, overrides?: Partial<ConnectionSettings>): ConnectionSettings;
  /** The schema as the executed batches created it (see the file comment). */
  createdModel(database: string): DatabaseModel;
  close(): Promise<void>;
}

const key = (name: string) => name.toLowerCase();
const tableKey = (t: ObjectName) => `${t.schema}.${t.name}`.toLowerCase();

function literal(sql: string): string {
  const m = /N'((?:[^']|'')*)'/.exec(sql);
  if (!m) throw new Error(`no N'…' literal in ${sql.slice(0, 120)}`);
  return m[1].replace(/''/g, "'");
}

/** The first `[a].[b]` (or `[a]`) after `prefix`. */
function quotedAfter(sql: string, prefix: RegExp): string[] {
  const m = new RegExp(prefix.source + String.raw`\s*((?:\[(?:[^\]]|\]\])*\]\.?)+)`, 'i').exec(sql);
  if (!m) throw new Error(`no quoted name after ${prefix.source} in ${sql.slice(0, 160)}`);
  return splitQuotedName(m[1]);
}

function oneValue(name: string, type: 'int' | 'bigint', value: SqlValue): HandlerResult {
  return [{ columns: [{ name, type: { base: type }, nullable: true }], rows: [[value]] }];
}

/** Whether `statements` created a thing named `name` (its quoted name appears after one of the `verbs`). */
function created(statements: string, ...patterns: string[]): boolean {
  return patterns.some((p) => statements.includes(p));
}

export function modelAsCreated(model: DatabaseModel, statements: readonly string[]): DatabaseModel {
  const all = statements.join('\n');
  const q = (o: ObjectName) => quoteName(o.schema, o.name);
  const tables = model.tables.filter((t) => created(all, `CREATE TABLE ${q(t)} (`));
  const hasTable = (t: ObjectName) => tables.some((x) => tableKey(x) === tableKey(t));
  const constraint = (c: { name: string; systemNamed?: boolean; table: ObjectName }) =>
    hasTable(c.table) && (c.systemNamed ? true : created(all, `CONSTRAINT ${quoteName(c.name)} `));
  return {
    ...model,
    schemas: model.schemas.filter((s) => created(all, `CREATE SCHEMA ${quoteName(s.name)}`)),
    tables,
    primaryKeys: model.primaryKeys.filter(constraint),
    uniqueConstraints: model.uniqueConstraints.filter(constraint),
    foreignKeys: model.foreignKeys.filter(constraint),
    defaultConstraints: model.defaultConstraints.filter(constraint),
    checkConstraints: model.checkConstraints.filter((c) => hasTable(c.table) && created(all, c.systemNamed ? `CHECK (${c.expression})` : `CONSTRAINT ${quoteName(c.name)} CHECK`)),
    indexes: model.indexes.filter((i) => created(all, `INDEX ${quoteName(i.name)} ON ${q(i.table)}`)),
    userDefinedTypes: model.userDefinedTypes.filter((u) => created(all, `CREATE TYPE ${q(u)} `)),
    sequences: model.sequences.filter((s) => created(all, `CREATE SEQUENCE ${q(s)}`)),
    modules: model.modules.filter((m) => statements.includes(m.definition.trim())),
    extendedProperties: model.extendedProperties.filter((p) => created(all, `@name = N'${p.name.replace(/'/g, "''")}', @value = ${p.value}`)),
    xmlSchemaCollections: model.xmlSchemaCollections?.filter((x) => created(all, `CREATE XML SCHEMA COLLECTION ${q(x)} `)),
    xmlIndexes: model.xmlIndexes?.filter((x) => created(all, `INDEX ${quoteName(x.name)} ON ${q(x.table)}`)),
  };
}

export async function startRestoreTarget(options: RestoreTargetOptions): Promise<RestoreTargetServer> {
  const user = options.user ?? 'sa';
  const password = options.password ?? `Pw-${randomBytes(9).toString('base64url')}`;
  const databases = new Map<string, TargetDatabase>();
  const newDatabase = (name: string, collation = options.model.collation): TargetDatabase => ({ name, collation, statements: [], rows: new Map(), bulkLoads: [] });
  const preexisting = new Map<string, number>();
  for (const e of options.existing ?? []) {
    databases.set(key(e.name), newDatabase(e.name));
    preexisting.set(key(e.name), e.objects ?? 0);
  }
  let rowVersion = 0x7d0n;
  const tableOf = (name: string[]): TableModel | undefined =>
    options.model.tables.find((t) => t.schema.toLowerCase() === name[0].toLowerCase() && t.name.toLowerCase() === name[1].toLowerCase());

  const bulkLoad = (db: TargetDatabase, request: TdsRequest): HandlerResult => {
    const name = quotedAfter(request.sql, /INSERT\s+BULK/);
    const table = tableOf(name);
    if (!table) return { error: { number: 208, class: 16, message: `Invalid object name '${name.join('.')}'.` } };
    const data = request.bulkLoad!;
    const stored = table.columns.filter((c) => !c.computed);
    const positions = data.columns.map((c) => stored.findIndex((s) => s.name === c.name));
    if (positions.some((p) => p < 0)) return { error: { number: 207, class: 16, message: `Invalid column name in the bulk load of ${name.join('.')}.` } };
    const missingIdentity = stored.find((c, i) => c.identity && !positions.includes(i));
    if (missingIdentity) return { error: { number: 50000, class: 16, message: `TDS double: the bulk load left out identity column ${missingIdentity.name}; the double keeps only identity values it is sent.` } };
    const rows = db.rows.get(tableKey(table)) ?? [];
    db.bulkLoads.push({ table: `${table.schema}.${table.name}`, rows: data.rowCount });
    if (options.discardRows) {
      // Row counts only (the server decoded every row and kept none): a sparse array of the right length
      // answers COUNT_BIG(*) without holding the rows.
      rows.length += data.rowCount;
      db.rows.set(tableKey(table), rows);
      return [{ rowsAffected: data.rowCount }];
    }
    for (const values of data.rows) {
      const row: SqlRow = stored.map((c) => (c.type.base === 'rowversion' ? Buffer.from((rowVersion++).toString(16).padStart(16, '0'), 'hex') : null));
      values.forEach((v, i) => { row[positions[i]] = v; });
      stored.forEach((c, i) => {
        if (!c.nullable && row[i] === null) throw new Error(`NULL into NOT NULL column ${c.name}`);
      });
      rows.push(row);
    }
    db.rows.set(tableKey(table), rows);
    return [{ rowsAffected: data.rows.length }];
  };

  const responders = new Map<string, { statements: number; handler: RequestHandler }>();
  const responderFor = (db: TargetDatabase): RequestHandler => {
    const cached = responders.get(key(db.name));
    if (cached && cached.statements === db.statements.length) return cached.handler;
    const model = { ...modelAsCreated(options.model, db.statements), name: db.name };
    const handler = createDatabaseResponder({
      model, rows: (t) => db.rows.get(tableKey(t)) ?? [], rowCount: (t) => db.rows.get(tableKey(t))?.length ?? 0,
      // A new database on a local server has snapshot isolation off: a backup of it reads under read committed.
      fallback: (request) => (queryNameOf(request.sql)?.name === 'cdb:consistency:snapshot-state'
        ? [{ columns: [{ name: 'snapshot_isolation_state', type: { base: 'tinyint' }, nullable: true }, { name: 'is_read_committed_snapshot_on', type: { base: 'bit' }, nullable: true }], rows: [[0, false]] }]
        : undefined),
    });
    responders.set(key(db.name), { statements: db.statements.length, handler });
    return handler;
  };

  const handler: RequestHandler = async (request, ctx) => {
    const dbName = ctx.login.database || 'master';
    const db = databases.get(key(dbName));
    const taken = options.intercept ? await options.intercept(request, ctx, db) : undefined;
    if (taken !== undefined) return taken;
    if (request.kind === 'bulk') return db ? bulkLoad(db, request) : { error: { number: 4060, class: 11, message: 'No database.' } };
    const named = queryNameOf(request.sql)?.name;
    switch (named) {
      case 'cdb:restore:database-id': {
        const name = literal(request.sql);
        return oneValue('database_id', 'int', databases.has(key(name)) ? 5 + [...databases.keys()].indexOf(key(name)) : null);
      }
      case 'cdb:restore:user-objects':
        return oneValue('user_objects', 'bigint', BigInt((db ? preexisting.get(key(db.name)) ?? 0 : 0) + (db?.statements.length ?? 0)));
      case 'cdb:restore:create-database': {
        const name = quotedAfter(request.sql, /CREATE\s+DATABASE/)[0];
        if (databases.has(key(name))) return { error: { number: 1801, class: 16, message: `Database '${name}' already exists. Choose a different database name.` } };
        databases.set(key(name), newDatabase(name, /COLLATE\s+(\S+)/i.exec(request.sql)?.[1]));
        return [];
      }
      case 'cdb:restore:drop-database':
        databases.delete(key(literal(request.sql)));
        return [];
      case 'cdb:restore:rename-database': {
        const from = quotedAfter(request.sql, /ALTER\s+DATABASE/)[0];
        const to = quotedAfter(request.sql, /MODIFY\s+NAME\s*=/)[0];
        const moved = databases.get(key(from));
        if (!moved) return { error: { number: 911, class: 16, message: `Database '${from}' does not exist.` } };
        databases.delete(key(from));
        moved.name = to;
        databases.set(key(to), moved);
        return [];
      }
      case 'cdb:restore:logins': {
        const asked = [...request.sql.matchAll(/N'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
        const have = new Set((options.logins ?? []).map(key));
        return [{ columns: [{ name: 'name', type: { base: 'nvarchar', length: 256 }, nullable: false }], rows: asked.filter((n) => have.has(key(n))).map((n) => [n]) }];
      }
      case 'cdb:restore:row-count': {
        const table = tableOf(quotedAfter(request.sql, /FROM/));
        return oneValue('row_count', 'bigint', BigInt(table && db ? db.rows.get(tableKey(table))?.length ?? 0 : 0));
      }
    }
    if (named?.startsWith('cdb:')) return db ? responderFor(db)(request, ctx) : { error: { number: 4060, class: 11, message: 'No database.' } };
    if (!db) return undefined;
    if (/^\s*INSERT\s+BULK/i.test(request.sql)) {
      if (!tableOf(quotedAfter(request.sql, /INSERT\s+BULK/))) return { error: { number: 208, class: 16, message: 'Invalid object name.' } };
      db.statements.push(request.sql);
      return [];
    }
    if (/^\s*SET\s+(ANSI_NULLS|QUOTED_IDENTIFIER)\s+(ON|OFF)\s*;?\s*$/i.test(request.sql)) return undefined;
    // Anything else in a user database is the schema script (or the cleanup): recorded, and done.
    db.statements.push(request.sql.trim());
    return [];
  };

  const authenticate = (login: { user: string; database: string; passwordMatches(p: string): boolean }): LoginDecision => {
    if (login.user !== user || !login.passwordMatches(password)) return { error: loginFailed(login.user) };
    const database = login.database || 'master';
    if (database.toLowerCase() === 'master' ? options.noMaster : !databases.has(key(database))) return { error: cannotOpenDatabase(database) };
    return 'ok';
  };

  const server = await startTdsServer({ handler, authenticate, bulkRows: options.discardRows ? 'count' : 'keep' });
  return {
    server, databases, user, password,
    settings: (database, overrides = {}) => ({
      ...defaultConnectionOptions, server: `tcp:127.0.0.1,${server.port}`, database, user, password,
      encrypt: server.tlsEnabled, trustServerCertificate: true, connectTimeoutSeconds: 10, ...overrides,
    }),
    createdModel: (database) => {
      const db = databases.get(key(database));
      if (!db) throw new Error(`no database ${database}`);
      return { ...modelAsCreated(options.model, db.statements), name: db.name };
    },
    close: () => server.close(),
  };
}
