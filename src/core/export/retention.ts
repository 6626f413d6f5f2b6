import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { backupFileNameMatcher } from './fileNames';

/**
 * Keeps the newest `keep` backups of one database in a folder and deletes the older ones. Only files whose
 * names the backup file name pattern produces for this database are considered; nothing else is touched.
 * Returns the deleted paths.
 */
export async function applyRetention(folder: string, pattern: string | undefined, database: string, keep: number): Promise<string[]> {
  if (!Number.isInteger(keep) || keep <= 0) return [];
  const matcher = backupFileNameMatcher(pattern, database);
  const candidates = [];
  for (const name of await readdir(folder)) {
    if (!matcher.test(name)) continue;
    const path = join(folder, name);
    const info = await stat(path);
    if (info.isFile()) candidates.push({ path, mtimeMs: info.mtimeMs, name });
  }
  // Newest first: by modification time, then by name (the names carry the timestamp).
  candidates.sort((a, b) => b.mtimeMs - a.mtimeMs || b.name.localeCompare(a.name));
  const deleted: string[] = [];
  for (const old of candidates.slice(keep)) {
    await unlink(old.path);
    deleted.push(old.path);
  }
  return deleted;
}
