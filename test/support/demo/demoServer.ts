/**
 * Entry of the dev-only bundle dist/demo-server.js that `cloud-db-backup demo` loads: the Umbraco 13 demo
 * database served by the TDS double, optionally slowed down (to try Cancel) or failing with Azure's transient
 * 40613 in the middle of its largest table (to try the restart). Never part of the .vsix.
 */
import { queryNameOf } from '../../../src/core/catalog/queries';
import { tableOfDataQuery } from '../../../src/core/export/tableReader';
import type { TableModel } from '../../../src/core/model/types';
import { generateUmbracoDatabase } from '../databases/umbraco/data';
import { dataResultSet } from '../tds/database/dataQuery';
import type { HandlerResult, RequestHandler } from '../tds/server';
import { serveDatabase } from './serveDatabase';
import { startRestoreTarget } from '../tds/database/restoreTargetServer';

export interface DemoServerOptions {
  scale: number;
  /** 0 or undefined: any free port. */
  port?: number;
  /** Undefined: a generated one. */
  password?: string;
  /** Wait this long after every row of every table. */
  slowRowsMs?: number;
  /** Answer the first `times` reads of the largest table with 40613 after `rows` rows. */
  failAfter?: { rows: number; times: number };
}

export async function startDemoServer(options: DemoServerOptions) {
  const db = generateUmbracoDatabase({ scale: options.scale, databaseName: 'umbraco-demo-live' });
  const largest = db.model.tables.reduce<TableModel | undefined>((best, t) => (!best || db.rowCount(t) > db.rowCount(best) ? t : best), undefined);
  let failuresLeft = options.failAfter?.times ?? 0;
  const intercept: RequestHandler = (request): HandlerResult => {
    const target = queryNameOf(request.sql)?.name === 'cdb:data' ? tableOfDataQuery(request.sql) : undefined;
    const table = target && db.model.tables.find((t) => t.schema === target.schema && t.name === target.name);
    if (!table) return undefined;
    const fail = table === largest && failuresLeft > 0 && options.failAfter;
    if (!fail && !options.slowRowsMs) return undefined;
    if (fail) failuresLeft--;
    return {
      resultSets: [dataResultSet(table, db.rows(table), request.sql)],
      delayMsPerRow: options.slowRowsMs || undefined,
      ...(fail
        ? {
            errorAfterRows: fail.rows,
            error: {
              number: 40613,
              class: 17,
              message: `Database '${db.model.name}' on server 'demo' is not currently available.  Please retry the connection later.`,
            },
          }
        : {}),
    };
  };
  const served = await serveDatabase(db, { user: 'umbraco-demo-live-user', port: options.port, password: options.password, intercept });
  // A second, empty SQL Server ("your local one") that the demo restores its backup into.
  const local = await startRestoreTarget({ model: db.model });
  return {
    port: served.port,
    database: served.database,
    user: served.user,
    password: served.password,
    largestTable: largest ? `${largest.schema}.${largest.name}` : undefined,
    local: { port: local.server.port, user: local.user, password: local.password },
    close: async () => {
      await served.close();
      await local.close();
    },
  };
}
