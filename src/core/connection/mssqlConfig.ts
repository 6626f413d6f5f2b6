/** ConnectionSettings → the mssql (tedious) pool configuration this tool always uses. */
import type * as mssql from 'mssql';
import { BackupError } from '../errors';
import { parseServerAddress } from './connectionString';
import type { ConnectionSettings } from './types';

export const applicationName = 'Cloud Database Backup';

export interface MssqlConfigOptions {
  /** Connections the pool may open (parallel export uses several). Default 1. */
  poolMax?: number;
  /** Called with each new tedious connection before it connects (used to capture login error numbers). */
  beforeConnect?: mssql.config['beforeConnect'];
  /** The restore opens master to create, rename and drop databases; a backup never does. */
  allowMaster?: boolean;
}

export function toMssqlConfig(settings: ConnectionSettings, options: MssqlConfigOptions = {}): mssql.config {
  const database = settings.database?.trim() ?? '';
  // Umbraco Cloud logins are database-scoped: connecting to master (the default) would fail with 18456/4060,
  // and a backup of master is never what anyone means.
  if (database === '') throw new BackupError('invalid', 'The database name is missing; it is required, because Umbraco Cloud logins can only open their own database.');
  if (database.toLowerCase() === 'master' && !options.allowMaster) throw new BackupError('invalid', 'Backing up the master database is not supported; give the name of your own database.');
  if (!settings.user) throw new BackupError('invalid', 'The login (User ID) is missing.');
  const { host, port } = parseServerAddress(settings.server);
  const connectTimeoutMs = Math.max(1, settings.connectTimeoutSeconds || 30) * 1000;
  return {
    server: host,
    port: port ?? 1433,
    database,
    user: settings.user,
    password: settings.password,
    connectionTimeout: connectTimeoutMs,
    // 0 = no limit: exports of big tables run for a long time, and cancellation goes through the AbortSignal.
    requestTimeout: settings.commandTimeoutSeconds > 0 ? settings.commandTimeoutSeconds * 1000 : 0,
    pool: { min: 0, max: Math.max(1, options.poolMax ?? 1), idleTimeoutMillis: 30_000 },
    beforeConnect: options.beforeConnect,
    options: {
      encrypt: settings.encrypt ?? true,
      trustServerCertificate: settings.trustServerCertificate ?? false,
      appName: applicationName,
      // A failed statement inside the snapshot transaction must end it, not leave it half-open.
      abortTransactionOnError: true,
      // The driver reader takes date, datetime and smalldatetime as the driver's Dates (tableReader.ts): as UTC they
      // are exact whatever the machine's time zone.
      useUTC: true,
      // SqlClient's default (what SSMS's export and SqlPackage use against Azure SQL every day), twice tedious's 4096:
      // half the packets for the reader to handle per MB. Encrypted connections allow at most 16,383.
      packetSize: 8000,
      // Retries of transient errors are ours (connectWithRetry) so that they are logged, back off and can be cancelled;
      // tedious would otherwise also retry 4060 (a wrong database name) three times.
      maxRetriesOnTransientErrors: 0,
      connectionRetryInterval: 500,
      enableArithAbort: true,
    },
  };
}
