/**
 * Keeps the newest `keep` backups of one database in a folder and deletes the older ones.
 *
 * What counts as a backup: a regular file (lstat: a symlink is never counted nor followed) whose name the file
 * name pattern produces for exactly this database, with a valid date. Backups are ordered by the date and time
 * in their names, not by modification times (clock skew, synced folders and copies change those). The file the
 * run just wrote is always kept, whatever its name says. A file that cannot be removed is a warning naming it;
 * the rest of retention still runs.
 */
import { fileErrorReason } from '../files/lockedFileRetry';
import { platformPath, type PathApi } from '../files/platformPaths';
import { backupFileNameDate } from './fileNames';
import { nodeFolderFs, type FolderFs } from './folderFs';

export interface RetentionRequest {
  folder: string;
  pattern: string | undefined;
  database: string;
  /** How many backups to keep, the one just written included; 0 keeps all. */
  keep: number;
  /** The file name (not path) of the backup this run wrote: never deleted. */
  justWritten: string;
  /** Listing and deleting (the backup passes one that waits for locked files). */
  fs?: FolderFs;
  /** Path rules (default: the platform's); tests run retention with path.win32 and path.posix. */
  path?: PathApi;
}

export interface RetentionOutcome {
  /** Paths removed. */
  deleted: string[];
  /** One sentence per file that could not be looked at or removed, naming it. */
  warnings: string[];
}

export async function applyRetention(request: RetentionRequest): Promise<RetentionOutcome> {
  const { folder, pattern, database, keep, justWritten } = request;
  const fs = request.fs ?? nodeFolderFs;
  const { join } = request.path ?? platformPath;
  const outcome: RetentionOutcome = { deleted: [], warnings: [] };
  if (!Number.isInteger(keep) || keep <= 0) return outcome;
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch (err) {
    outcome.warnings.push(`Retention could not list ${folder}, so no old backup was removed: ${(err as Error).message}`);
    return outcome;
  }
  const backups: { name: string; at: number }[] = [];
  for (const name of names) {
    if (name === justWritten) continue;
    const at = backupFileNameDate(pattern, database, name);
    if (!at) continue;
    try {
      if ((await fs.lstat(join(folder, name))).isFile()) backups.push({ name, at: at.getTime() });
    } catch (err) {
      // Gone since the listing: nothing to keep or remove. Anything else is worth saying.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        outcome.warnings.push(`Retention could not look at ${join(folder, name)}: ${(err as Error).message}`);
      }
    }
  }
  // Newest first by the date in the name; the name breaks ties so the order never depends on the listing.
  backups.sort((a, b) => b.at - a.at || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  for (const old of backups.slice(keep - 1)) {
    const path = join(folder, old.name);
    try {
      await fs.unlink(path);
      outcome.deleted.push(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      outcome.warnings.push(`Retention could not remove the old backup ${path}: ${fileErrorReason(err)}`);
    }
  }
  return outcome;
}
