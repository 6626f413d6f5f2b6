/** The real BackupEngine: the core modules, unchanged. The only file of the front door that imports them. */
import { formatConnectionString, parseConnectionString } from '../core/connection/connectionString';
import { testConnection } from '../core/connection/testConnection';
import { runBackup } from '../core/export/runBackup';
import { verifyBacpac } from '../core/verify/verifyBacpac';
import type { BackupEngine } from './engine';

export const coreEngine: BackupEngine = {
  runBackup: (request, callbacks) => runBackup(request, callbacks),
  verifyBacpac: (path, opts) => verifyBacpac(path, opts),
  testConnection: async (settings) => {
    const result = await testConnection(settings);
    return { serverVersion: result.serverVersion, database: result.database, edition: result.edition };
  },
  parseConnectionString: (text) => parseConnectionString(text),
  formatConnectionString: (settings, opts) => formatConnectionString(settings, opts),
};
