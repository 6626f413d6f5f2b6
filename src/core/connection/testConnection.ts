/** "Test Connection": connect the way a backup would, and say what is on the other end. */
import type * as mssql from 'mssql';
import { classifySqlError } from './classifySqlError';
import { connectWithRetry, type ConnectOptions } from './connectWithRetry';
import type { ConnectionSettings } from './types';

export interface ConnectionTestResult {
  /** SERVERPROPERTY('ProductVersion'), e.g. `12.0.2000.8`. */
  serverVersion: string;
  /** DB_NAME() as the server spells it. */
  database: string;
  /** SERVERPROPERTY('Edition'), e.g. `SQL Azure`; for Azure SQL Database also the service objective, e.g. `SQL Azure (GP_S_Gen5_1)`. */
  edition: string;
}

export const testConnectionQuery = `/* cdb:connection:test v1 */
SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS server_version,
       DB_NAME() AS database_name,
       CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition,
       CAST(DATABASEPROPERTYEX(DB_NAME(), 'ServiceObjective') AS nvarchar(128)) AS service_objective`;

interface TestRow {
  server_version: string | null;
  database_name: string | null;
  edition: string | null;
  service_objective: string | null;
}

/** Runs the test query on an open pool. */
export async function describeConnection(pool: mssql.ConnectionPool, settings?: ConnectionSettings): Promise<ConnectionTestResult> {
  try {
    const result = await pool.request().query<TestRow>(testConnectionQuery);
    const row = result.recordset[0];
    const edition = row?.edition ?? '';
    return {
      serverVersion: row?.server_version ?? '',
      database: row?.database_name ?? '',
      edition: row?.service_objective ? `${edition} (${row.service_objective})` : edition,
    };
  } catch (err) {
    throw classifySqlError(err, { action: 'testing', server: settings?.server, database: settings?.database, user: settings?.user, password: settings?.password });
  }
}

/** Connects (with the usual retries, but a timeout is reported at once), runs the test query and closes the pool. */
export async function testConnection(settings: ConnectionSettings, options: ConnectOptions = {}): Promise<ConnectionTestResult> {
  const pool = await connectWithRetry(settings, { retryTimeouts: false, ...options });
  try {
    return await describeConnection(pool, settings);
  } finally {
    await pool.close().catch(() => undefined);
  }
}
