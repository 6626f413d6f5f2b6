/**
 * runBackup under the database's lock file (backupLock.ts): what both front doors call, so a VS Code window,
 * another window and a cron job never write backups of the same database into the same folder at once.
 */
import { acquireBackupLock, type AcquireLockOptions } from './backupLock';
import { runBackup } from './runBackup';
import type { BackupCallbacks, BackupRequest, BackupResult } from './types';

export type BackupLockOptions = Omit<AcquireLockOptions, 'signal'>;

export async function runLockedBackup(request: BackupRequest, callbacks: BackupCallbacks, lock: BackupLockOptions): Promise<BackupResult> {
  const database = request.connection.database?.trim() ?? '';
  const held = await acquireBackupLock(request.outputFolder, database || '_', { ...lock, signal: callbacks.signal });
  try {
    return await runBackup(request, callbacks);
  } finally {
    await held.release();
  }
}
