/** Shared setup for the catalog integration tests: a served database plus an open pool to it. */
import type * as mssql from 'mssql';
import { connectWithRetry } from '../../../src/core/connection/connectWithRetry';
import type { ConnectionSettings } from '../../../src/core/connection/types';
import type { CatalogExtras } from '../../support/tds/database/createDatabaseResponder';
import type { TdsServer } from '../../support/tds/server';
import type { GeneratedDatabase } from '../../support/databases/generatedDatabase';
import { serveDatabase as serve } from '../../support/demo/serveDatabase';

export interface ServedDatabase {
  server: TdsServer;
  pool: mssql.ConnectionPool;
  settings: ConnectionSettings;
  close(): Promise<void>;
}

export async function serveDatabase(db: GeneratedDatabase, extras?: CatalogExtras): Promise<ServedDatabase> {
  const served = await serve(db, { extras });
  const settings = served.settings({ connectTimeoutSeconds: 5 });
  const pool = await connectWithRetry(settings);
  return {
    server: served.server,
    pool,
    settings,
    async close() {
      await pool.close();
      await served.close();
    },
  };
}
