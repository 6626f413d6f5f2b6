/**
 * A file-operation port whose renames and deletes fail like a file an antivirus scanner still holds on Windows:
 * the first `failures` attempts of each kind fail with `code`, then the real operation runs.
 */
import { nodeFolderFs, type FolderFs } from '../../../src/core/export/folderFs';

export interface LockedFiles extends FolderFs {
  /** Every attempt, in order: "rename FROM", "unlink PATH". */
  readonly attempts: string[];
}

export function lockedFiles(failures: { rename?: number; unlink?: number }, code = 'EBUSY', real: FolderFs = nodeFolderFs): LockedFiles {
  const left = { rename: failures.rename ?? 0, unlink: failures.unlink ?? 0 };
  const attempts: string[] = [];
  const fail = (op: string, path: string) =>
    Object.assign(new Error(`${code}: resource busy or locked, ${op} '${path}'`), { code, syscall: op, path, errno: -16 });
  return {
    ...real,
    attempts,
    async rename(from, to) {
      attempts.push(`rename ${from}`);
      if (left.rename > 0) {
        left.rename--;
        throw fail('rename', from);
      }
      await real.rename(from, to);
    },
    async unlink(path) {
      attempts.push(`unlink ${path}`);
      if (left.unlink > 0) {
        left.unlink--;
        throw fail('unlink', path);
      }
      await real.unlink(path);
    },
  };
}

/** Retries without waiting, recording the pauses asked for. */
export function instantSleep(): { sleep: (ms: number) => Promise<void>; pauses: number[] } {
  const pauses: number[] = [];
  return { pauses, sleep: async (ms) => void pauses.push(ms) };
}
