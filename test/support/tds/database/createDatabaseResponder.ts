/**
 * An in-memory database for the TDS double: answers every catalog query of src/core/catalog/queries.ts and
 * securityQueries.ts from a DatabaseModel, and every `cdb:data` query from a row source, with the values in the
 * forms SQL Server's CONVERTs would print. Queries are recognised by their first-line name comment only, never by parsing SQL.
 *
 *   const server = await startTdsServer({ handler: createDatabaseResponder({ model, rows, rowCount }) });
 *
 * Rows are served in the order the row source yields them (the real server would sort by the clustered key;
 * generators yield key order). Unknown SQL gets error 208 naming the query's first line; session statements
 * (SET …, BEGIN/COMMIT TRAN, SELECT 1) are left to the server's own answers.
 */
import type { SqlRow } from '../../../../src/core/bcp/values';
import { queryNameOf } from '../../../../src/core/catalog/queries';
import { tableOfDataQuery } from '../../../../src/core/export/tableReader';
import type { DatabaseModel, ObjectName } from '../../../../src/core/model/types';
import type { HandlerResult, RequestHandler, ResultSet, TdsRequest } from '../server';
import { parseSessionStatements } from '../sessionStatements';
import { CatalogAnswers, type CatalogExtras } from './catalogQueries';
import { dataResultSet } from './dataQuery';
import { SecurityAnswers, securityAnswerNames } from './securityAnswers';

export interface DatabaseResponderOptions {
  model: DatabaseModel;
  /** The stored rows of a table (lossless values, one per non-computed column in model order). */
  rows: (table: ObjectName) => Iterable<SqlRow> | AsyncIterable<SqlRow>;
  rowCount: (table: ObjectName) => number;
  /** Catalog rows the model cannot express (unsupported objects, table and column flags). */
  extras?: CatalogExtras;
  /** Called for SQL the responder does not know, before it answers 208 (to add scenario-specific answers). */
  fallback?: RequestHandler;
}

export type { CatalogExtras } from './catalogQueries';

type CatalogQueryName = 'database' | 'schemas' | 'tables' | 'columns' | 'keyConstraints' | 'keyIndexes' | 'foreignKeys' | 'defaultConstraints' |
  'checkConstraints' | 'indexes' | 'aliasTypes' | 'sequences' | 'modules' | 'moduleDependencies' | 'extendedProperties' | 'unsupportedObjects';

const catalogAnswerNames: Record<string, CatalogQueryName> = {
  'cdb:catalog:database': 'database',
  'cdb:catalog:schemas': 'schemas',
  'cdb:catalog:tables': 'tables',
  'cdb:catalog:columns': 'columns',
  'cdb:catalog:key-constraints': 'keyConstraints',
  'cdb:catalog:key-indexes': 'keyIndexes',
  'cdb:catalog:foreign-keys': 'foreignKeys',
  'cdb:catalog:default-constraints': 'defaultConstraints',
  'cdb:catalog:check-constraints': 'checkConstraints',
  'cdb:catalog:indexes': 'indexes',
  'cdb:catalog:alias-types': 'aliasTypes',
  'cdb:catalog:sequences': 'sequences',
  'cdb:catalog:modules': 'modules',
  'cdb:catalog:module-dependencies': 'moduleDependencies',
  'cdb:catalog:extended-properties': 'extendedProperties',
  'cdb:catalog:unsupported-objects': 'unsupportedObjects',
};

function firstLine(sql: string): string {
  const trimmed = sql.trim();
  const nl = trimmed.indexOf('\n');
  return nl < 0 ? trimmed : trimmed.slice(0, nl);
}

/** The Test Connection query: what Azure SQL Database answers (ProductVersion, DB_NAME(), Edition, ServiceObjective). */
function connectionTestAnswer(model: DatabaseModel): ResultSet {
  const name = { base: 'nvarchar', length: 128 } as const;
  return {
    columns: [
      { name: 'server_version', type: name, nullable: true }, { name: 'database_name', type: name, nullable: true },
      { name: 'edition', type: name, nullable: true }, { name: 'service_objective', type: name, nullable: true },
    ],
    rows: [[`${model.server.majorVersion}.0.2000.8`, model.name, model.server.isAzureSqlDatabase ? 'SQL Azure' : 'Developer Edition (64-bit)',
      model.server.isAzureSqlDatabase ? 'GP_S_Gen5_1' : null]],
  };
}

export function unknownQueryError(sql: string): HandlerResult {
  return { error: { number: 208, class: 16, message: `Invalid object name: the test double does not know this query: ${firstLine(sql)}` } };
}

export function createDatabaseResponder(options: DatabaseResponderOptions): RequestHandler {
  const answers = new CatalogAnswers(options.model, options.rowCount, options.extras);
  const security = new SecurityAnswers(options.model, options.extras?.security);
  return (request: TdsRequest, ctx) => {
    const named = queryNameOf(request.sql);
    if (named) {
      const method = catalogAnswerNames[named.name];
      if (method && named.version === 1) {
        const rewrite = options.extras?.rewrite?.[method];
        return [rewrite ? rewrite(answers[method]()) : answers[method]()];
      }
      const securityAnswer = securityAnswerNames[named.name];
      if (securityAnswer && named.version === 1) return [securityAnswer(security)];
      if (named.name === 'cdb:connection:test' && named.version === 1) return [connectionTestAnswer(options.model)];
      if (named.name === 'cdb:data' && named.version === 1) {
        const which = tableOfDataQuery(request.sql);
        const table = which && options.model.tables.find((t) => t.schema === which.schema && t.name === which.name);
        if (!table) return { error: { number: 208, class: 16, message: `Invalid object name '${which ? `${which.schema}.${which.name}` : '?'}'.` } };
        return [dataResultSet(table, options.rows(table), request.sql)];
      }
    }
    if (parseSessionStatements(request.sql)) return undefined;
    if (options.fallback) {
      const answer = options.fallback(request, ctx);
      if (answer !== undefined) return answer;
    }
    return unknownQueryError(request.sql);
  };
}
