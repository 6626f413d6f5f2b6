/**
 * The SQL Server test double as the VS Code tiers use it: the Umbraco demo database on 127.0.0.1 over TLS, in
 * one of three scenarios. The extension-host suite serves it in its own process; the UI tier runs it in a
 * child process through startDoubleServer.ts. Both get the same database and the same faults from here.
 */
import { queryNameOf } from '../../../src/core/catalog/queries';
import { tableOfDataQuery } from '../../../src/core/export/tableReader';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import type { GeneratedDatabase } from '../../support/databases/generatedDatabase';
import { serveDatabase, type ServedDatabase, type ServeOptions } from '../../support/demo/serveDatabase';
import { dataResultSet } from '../../support/tds/database/dataQuery';
import { firewallBlocked } from '../../support/tds/scenarios';
import type { HandlerResult } from '../../support/tds/server';

export type DoubleScenario = 'normal' | 'firewall' | 'slow';
export const doubleScenarios: readonly DoubleScenario[] = ['normal', 'firewall', 'slow'];

/** The IP the firewall scenario reports as the client's, as Azure SQL does in error 40615 (TEST-NET-3). */
export const blockedClientIp = '203.0.113.7';
/** The table the slow scenario streams row by row with a delay: long enough to cancel in the middle. */
export const slowTable = 'umbracoPropertyData';
const slowDelayMsPerRow = 20;

/** Small enough to back up in a few seconds, big enough to have rows in every table the UI shows. */
export const scenarioScale = 0.05;
const scale = scenarioScale;

const databases = new Map<string, GeneratedDatabase>();
function database(name: string): GeneratedDatabase {
  let db = databases.get(name);
  if (!db) {
    db = generateUmbracoDatabase({ scale, databaseName: name });
    databases.set(name, db);
  }
  return db;
}

/** The double's options for a scenario over `db`. */
function scenarioOptions(scenario: DoubleScenario, db: GeneratedDatabase, delayMsPerRow: number): ServeOptions {
  switch (scenario) {
    case 'normal':
      return {};
    case 'firewall':
      return { authenticate: () => ({ error: firewallBlocked('vscode-tier', blockedClientIp) }) };
    case 'slow':
      return {
        intercept: (request): HandlerResult => {
          if (queryNameOf(request.sql)?.name !== 'cdb:data' || tableOfDataQuery(request.sql)?.name !== slowTable) return undefined;
          const table = db.model.tables.find((t) => t.name === slowTable);
          if (!table) throw new Error(`test double: the demo database has no ${slowTable}`);
          return { resultSets: [dataResultSet(table, db.rows(table), request.sql)], delayMsPerRow };
        },
      };
  }
}

/**
 * Serves the demo database named `databaseName` (default `umbraco-<scenario>`) in the given scenario;
 * `slowDelayMsPerRow` shortens or lengthens the slow table (default 20 ms a row, about 25 s).
 */
export function serveScenario(scenario: DoubleScenario, databaseName = `umbraco-${scenario}`, options: { slowDelayMsPerRow?: number } = {}): Promise<ServedDatabase> {
  const db = database(databaseName);
  return serveDatabase(db, scenarioOptions(scenario, db, options.slowDelayMsPerRow ?? slowDelayMsPerRow));
}
