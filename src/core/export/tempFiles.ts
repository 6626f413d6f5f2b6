/**
 * The backup's temporary file, and the cleanup of those that killed or crashed runs left behind.
 *
 * A temporary file is hidden, next to the target (same file system, so the final rename is atomic), never
 * matches a backup name, and says who owns it: `.<final name>.<host>-<pid>-<random>.partial`, where <host> is a
 * short hash of this computer's name (a folder can be shared or synced between computers) and <pid> the
 * writing process. At the start of a backup into a folder, a temporary file is stale, and removed, when
 *  - it was written on this computer by a process that no longer runs (SIGKILL, a crash, a power cut), or
 *  - nobody has written to it for `staleAfterMs` (24 h): its owner is on another computer, it comes from a
 *    version that did not record owners (`.<name>.<hex>.partial`), or its process id has been reused.
 * Only regular files with exactly these names are touched.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { fileErrorReason } from '../files/lockedFileRetry';
import { platformPath, type PathApi } from '../files/platformPaths';
import { nodeFolderFs, type FolderFs } from './folderFs';

export const staleAfterMs = 24 * 60 * 60 * 1000;

export interface TempOwner {
  /** 8 hex digits: the first bytes of SHA-256 of the host name. */
  host: string;
  pid: number;
}

export function currentOwner(): TempOwner {
  return { host: hostTag(hostname()), pid: process.pid };
}

export function hostTag(name: string): string {
  return createHash('sha256').update(name.toLowerCase()).digest('hex').slice(0, 8);
}

export function tempFileName(finalName: string, owner: TempOwner = currentOwner()): string {
  return `.${finalName}.${owner.host}-${owner.pid}-${randomBytes(4).toString('hex')}.partial`;
}

const ownedTempName = /^\.(.+\.bacpac)\.([0-9a-f]{8})-(\d{1,10})-[0-9a-f]{8}\.partial$/i;
/** What versions before owners were recorded wrote. */
const legacyTempName = /^\.(.+\.bacpac)\.[0-9a-f]{8}\.partial$/i;

/** The parts of one of our temporary file names, or undefined for any other name. */
export function parseTempFileName(name: string): { finalName: string; owner?: TempOwner } | undefined {
  const owned = ownedTempName.exec(name);
  if (owned) return { finalName: owned[1], owner: { host: owned[2].toLowerCase(), pid: Number(owned[3]) } };
  const legacy = legacyTempName.exec(name);
  return legacy ? { finalName: legacy[1] } : undefined;
}

/** True while a process with this id runs (EPERM: it runs, as another user). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface StaleCleanupOptions {
  /** Listing and deleting (the backup passes one that waits for locked files). */
  fs?: FolderFs;
  /** Path rules (default: the platform's); tests run the cleanup with path.win32 and path.posix. */
  path?: PathApi;
  owner?: TempOwner;
  isAlive?: (pid: number) => boolean;
  now?: () => number;
  /** Whether a file holds a whole package (default: it ends with a zip end record). */
  isFinishedPackage?: (path: string) => Promise<boolean>;
}

/**
 * A temporary file that ends with a zip end record holds a finished package: a backup whose final rename failed
 * (it was kept on purpose, and its message named it) or a run stopped between writing and renaming. The cleanup
 * leaves such a file and says what it is: it may be the only copy of that backup.
 */
export async function endsWithZipEndRecord(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size < 22) return false;
    const tail = Buffer.alloc(22);
    await file.read(tail, 0, 22, size - 22);
    return tail.readUInt32LE(0) === 0x06054b50;
  } finally {
    await file.close();
  }
}

export interface StaleCleanupOutcome {
  removed: { path: string; bytes: number }[];
  /** One sentence per stale file that could not be removed, naming it. */
  warnings: string[];
}

export async function removeStaleTempFiles(folder: string, options: StaleCleanupOptions = {}): Promise<StaleCleanupOutcome> {
  const fs = options.fs ?? nodeFolderFs;
  const { join } = options.path ?? platformPath;
  const me = options.owner ?? currentOwner();
  const isAlive = options.isAlive ?? processIsAlive;
  const isFinishedPackage = options.isFinishedPackage ?? endsWithZipEndRecord;
  const now = (options.now ?? Date.now)();
  const outcome: StaleCleanupOutcome = { removed: [], warnings: [] };
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return outcome; // A folder that does not exist yet has no leftovers; the backup itself reports real problems.
  }
  for (const name of names) {
    const parsed = parseTempFileName(name);
    if (!parsed) continue;
    const path = join(folder, name);
    try {
      const info = await fs.lstat(path);
      if (!info.isFile()) continue;
      const untouched = now - info.mtimeMs >= staleAfterMs;
      const ownerGone = parsed.owner?.host === me.host && parsed.owner.pid !== me.pid && !isAlive(parsed.owner.pid);
      if (!untouched && !ownerGone) continue;
      if (await isFinishedPackage(path)) {
        outcome.warnings.push(`${path} holds a finished backup that never got its name; rename it to ${parsed.finalName} to keep it, or delete it.`);
        continue;
      }
      await fs.unlink(path);
      outcome.removed.push({ path, bytes: info.size });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // its owner finished or removed it meanwhile
      outcome.warnings.push(`Could not remove ${path}, left behind by an interrupted backup: ${fileErrorReason(err)}`);
    }
  }
  return outcome;
}
