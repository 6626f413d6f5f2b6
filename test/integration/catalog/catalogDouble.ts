/** Shared setup for the catalog integration tests: the TDS double serving the all-types database. */
import type * as mssql from 'mssql';
import { connectWithRetry } from '../../../src/core/connection/connectWithRetry';
import type { ConnectionSettings } from '../../../src/core/connection/types';
import { createDatabaseResponder, type CatalogExtras } from '../../support/tds/database/createDatabaseResponder';
import { startTdsServer, type TdsServer } from '../../support/tds/server';
import type { GeneratedDatabase } from '../../support/databases/generatedDatabase';

export interface ServedDatabase {
  server: TdsServer;
  pool: mssql.ConnectionPool;
  settings: ConnectionSettings;
  close(): Promise<void>;
}

export async function serveDatabase(db: GeneratedDatabase, extras?: CatalogExtras): Promise<ServedDatabase> {
  const server = await startTdsServer({
    // Plain TCP: these tests are about the catalog and the values; the double's own tests cover TLS.
    tls: 'off',
    handler: createDatabaseResponder({ model: db.model, rows: (t) => db.rows(t), rowCount: (t) => db.rowCount(t), extras }),
  });
  const settings: ConnectionSettings = {
    server: `tcp:127.0.0.1,${server.port}`, database: db.model.name, user: 'backup', password: 'not-a-real-secret',
    encrypt: server.tlsEnabled, trustServerCertificate: true, connectTimeoutSeconds: 5, commandTimeoutSeconds: 0,
  };
  const pool = await connectWithRetry(settings);
  return {
    server, pool, settings,
    async close() {
      await pool.close();
      await server.close();
    },
  };
}
