/**
 * The file-system operations the backup uses on its output folder, as one injectable port: retention and
 * stale-temp cleanup list and delete through it, and the final rename goes through it. Tests (and a platform
 * layer that retries locked files) pass their own; everything else uses Node's.
 */
import { lstat, readdir, rename, unlink } from 'node:fs/promises';

export interface FolderEntryInfo {
  /** True only for a regular file: never for a symlink (lstat), a folder or a device. */
  isFile(): boolean;
  size: number;
  mtimeMs: number;
}

export interface FolderFs {
  readdir(folder: string): Promise<string[]>;
  /** Must not follow symlinks. */
  lstat(path: string): Promise<FolderEntryInfo>;
  unlink(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export const nodeFolderFs: FolderFs = {
  readdir: (folder) => readdir(folder),
  lstat: (path) => lstat(path),
  unlink: (path) => unlink(path),
  rename: (from, to) => rename(from, to),
};
