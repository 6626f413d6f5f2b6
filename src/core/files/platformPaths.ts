/**
 * Paths built with an injected `path` module (`path.win32` or `path.posix`, the running platform's by default), so
 * the Windows rules — drive letters, UNC shares, backslashes, names Windows trims — are tested on any machine.
 */
import * as nodePath from 'node:path';

export type PathApi = nodePath.PlatformPath;

export const platformPath: PathApi = nodePath;

export function usesWindowsPaths(path: PathApi): boolean {
  return path.sep === '\\';
}

/**
 * Windows silently drops trailing dots and spaces from every name in a path (`C:\Backups.\` is `C:\Backups`).
 * Doing the same here keeps what messages and views show equal to what is on disk. Elsewhere the folder is kept.
 */
export function trimWindowsNames(folder: string, path: PathApi): string {
  if (!usesWindowsPaths(path)) return folder;
  const root = path.parse(folder).root;
  const names = folder
    .slice(root.length)
    .split(/[\\/]+/)
    .filter((name) => name !== '')
    .map((name) => (name === '.' || name === '..' ? name : name.replace(/[. ]+$/, '') || '_'));
  return path.join(root, ...names);
}

/** MAX_PATH: Windows programs without long-path support cannot open a path of 260 characters or more. */
export const windowsMaxPath = 260;

/** A warning for a path Explorer and older Windows programs cannot open; undefined when it is short enough. */
export function longWindowsPathWarning(filePath: string, path: PathApi): string | undefined {
  if (!usesWindowsPaths(path) || filePath.length < windowsMaxPath) return undefined;
  return `The backup's path is ${filePath.length} characters long; Windows programs without long-path support (older SSMS versions, some backup tools) cannot open paths of ${windowsMaxPath} characters or more. Choose a shorter backups folder or file name pattern.`;
}

/**
 * `~` at the start means the home folder. Unix shells expand it themselves, but cmd never does and PowerShell
 * does not for other programs, so `--out ~\backups` would otherwise make a folder named `~`.
 */
export function expandHome(text: string, home: string): string {
  return text === '~' || text.startsWith('~/') || text.startsWith('~\\') ? home + text.slice(1) : text;
}
