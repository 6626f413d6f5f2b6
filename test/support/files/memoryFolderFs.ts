/**
 * One folder in memory, seen through a FolderFs with a given platform's path rules, so retention and the
 * stale-temp cleanup run with Windows paths (drive letters, UNC shares, a file system that ignores case) on any
 * machine. A path is found only when it is spelled the way that platform's `path.join` spells it: a scan that
 * joined with the wrong rules finds nothing and its test fails.
 */
import type { FolderEntryInfo, FolderFs } from '../../../src/core/export/folderFs';
import type { PathApi } from '../../../src/core/files/platformPaths';

export interface MemoryEntry {
  name: string;
  bytes?: number;
  mtimeMs?: number;
  symlink?: boolean;
  /** Holds a whole package (ends with a zip end record). */
  finished?: boolean;
}

export interface MemoryFolder extends FolderFs {
  names(): string[];
  isFinishedPackage(path: string): Promise<boolean>;
}

export function memoryFolder(folder: string, path: PathApi, entries: MemoryEntry[]): MemoryFolder {
  const files = new Map(entries.map((e) => [e.name, { ...e }]));
  const ignoresCase = path.sep === '\\';
  const same = (a: string, b: string) => (ignoresCase ? a.toLowerCase() === b.toLowerCase() : a === b);
  const notFound = (p: string) => Object.assign(new Error(`ENOENT: no such file or directory, '${p}'`), { code: 'ENOENT' });
  /** The entry at `p`, which must be `folder` + the platform's separator + a name in the folder. */
  const entryAt = (p: string) => {
    const prefix = folder + path.sep;
    if (!same(p.slice(0, prefix.length), prefix)) return undefined;
    const rest = p.slice(prefix.length);
    return [...files.values()].find((e) => same(e.name, rest));
  };
  return {
    names: () => [...files.keys()],
    async readdir(f) {
      if (!same(f, folder)) throw notFound(f);
      return [...files.keys()];
    },
    async lstat(p): Promise<FolderEntryInfo> {
      const entry = entryAt(p);
      if (!entry) throw notFound(p);
      return { isFile: () => !entry.symlink, size: entry.bytes ?? 1, mtimeMs: entry.mtimeMs ?? Date.now() };
    },
    async unlink(p) {
      const entry = entryAt(p);
      if (!entry) throw notFound(p);
      files.delete(entry.name);
    },
    async rename(from, to) {
      const entry = entryAt(from);
      if (!entry) throw notFound(from);
      files.delete(entry.name);
      const name = to.slice(folder.length + path.sep.length);
      files.set(name, { ...entry, name });
    },
    async isFinishedPackage(p) {
      return entryAt(p)?.finished === true;
    },
  };
}
