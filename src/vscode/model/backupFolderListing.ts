/** Reads one backups folder: the finished .bacpac files with size and modification time. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isBackupFileName, type BackupFileInfo, type FolderListing } from './backupsTree';

export async function listBackupFolder(folder: string): Promise<FolderListing> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    // A folder that does not exist yet simply has no backups.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { files: [] };
    return { error: (error as Error).message };
  }
  const files: BackupFileInfo[] = [];
  for (const name of names.filter(isBackupFileName)) {
    const path = join(folder, name);
    try {
      const s = await stat(path);
      if (s.isFile()) files.push({ path, size: s.size, mtimeMs: s.mtimeMs });
    } catch {
      // Deleted between readdir and stat: not a backup any more.
    }
  }
  return { files };
}
