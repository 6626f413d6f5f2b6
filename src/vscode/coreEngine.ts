/** The real BackupEngine: the core modules, unchanged. The only file of the front door that imports them. */
import { formatConnectionString, parseConnectionString } from '../core/connection/connectionString';
import { testConnection } from '../core/connection/testConnection';
import { runLockedBackup } from '../core/export/lockedBackup';
import { verifyBacpac } from '../core/verify/verifyBacpac';
import type { BackupEngine } from './engine';

export const coreEngine: BackupEngine = {
  // Under the database's lock file: another window, or the CLI, backing up the same database makes this one
  // end at once with kind 'locked' (a scheduled run skips; a click says who holds it).
  runBackup: (request, callbacks) => runLockedBackup(request, callbacks, { holder: 'VS Code' }),
  verifyBacpac: (path, opts) => verifyBacpac(path, opts),
  testConnection: async (settings) => {
    const result = await testConnection(settings);
    return { serverVersion: result.serverVersion, database: result.database, edition: result.edition };
  },
  parseConnectionString: (text) => parseConnectionString(text),
  formatConnectionString: (settings, opts) => formatConnectionString(settings, opts),
};
