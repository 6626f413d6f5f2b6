/**
 * Renames and deletes that outlast a locked file. On Windows an antivirus scanner or the search indexer often opens
 * a file the moment it has been written, so `rename` and `unlink` fail with EPERM, EBUSY or EACCES for a moment.
 * `retryWhileLocked` tries again with a growing pause — bounded (about 5 s in all), each retry logged — and then
 * gives up with a FileLockedError that says which file, what held it and what to do. `lockTolerant` wraps a file-operation
 * port the same way, so every caller (final rename, temp cleanup, retention) gets one behaviour.
 */
import { rename, unlink } from 'node:fs/promises';
import { BackupError } from '../errors';

/** The file operations backups perform on finished and temporary files; tests inject failing ones. */
export interface FileOperations {
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const nodeFileOperations: FileOperations = { rename, unlink };

export interface LockRetryOptions {
  /** The pause before each further attempt; how many there are bounds the retries. */
  delaysMs?: readonly number[];
  /** Error codes that mean "another program holds the file" (default: the current platform's). */
  codes?: readonly string[];
  /** Injected by tests so that retries take no time. */
  sleep?: (ms: number) => Promise<void>;
  log?: (level: 'info' | 'warn', message: string) => void;
  /** Stops retrying (the last error is thrown) once aborted. */
  signal?: AbortSignal;
}

/** 50 ms doubling to 2 s: about 5 s in all, longer than a scanner usually holds a fresh file. */
export const defaultLockRetryDelaysMs: readonly number[] = [50, 100, 200, 400, 800, 1600, 2000];

/**
 * On Windows all three codes mean a sharing violation or a pending delete. Elsewhere EACCES and EPERM are real
 * permission errors (retrying them would only delay the message); EBUSY can still be a busy mount or file.
 */
export function lockErrorCodes(platform: NodeJS.Platform): readonly string[] {
  return platform === 'win32' ? ['EPERM', 'EBUSY', 'EACCES'] : ['EBUSY'];
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A file another program still held after every retry. */
export class FileLockedError extends BackupError {
  /** "another program still held it (EBUSY) after 8 attempts over 5.1 s", for messages that name the file their own way. */
  readonly reason: string;

  constructor(description: string, readonly code: string, attempts: number, seconds: string, cause: unknown) {
    const reason = `another program still held it (${code}) after ${attempts} attempts over ${seconds} s`;
    super('io', `Could not ${description}: ${reason}.`, {
      hint: 'Another program holds the file, often an antivirus scanner, the search indexer or a sync client. Try again in a moment, or exclude the backups folder from scanning.',
      cause,
    });
    this.reason = reason;
  }
}

/** Why a file operation failed, for a message that already names the file. */
export function fileErrorReason(error: unknown): string {
  return error instanceof FileLockedError ? error.reason : (error as Error).message;
}

/** What the operation does, for messages: "rename X to Y", "remove X". */
export interface LockedOperation {
  verb: string;
  path: string;
  /** For a rename: the new name. */
  to?: string;
}

/**
 * Runs `operation`, retrying it while it fails with a lock error. When the file stays locked it throws a
 * FileLockedError naming the file (its `cause` is the last error); any other error is thrown as it is.
 */
export async function retryWhileLocked<T>(what: LockedOperation, operation: () => Promise<T>, options: LockRetryOptions = {}): Promise<T> {
  const delays = options.delaysMs ?? defaultLockRetryDelaysMs;
  const codes = options.codes ?? lockErrorCodes(process.platform);
  const sleep = options.sleep ?? defaultSleep;
  const description = `${what.verb} ${what.path}${what.to ? ` to ${what.to}` : ''}`;
  const startedAt = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (code === undefined || !codes.includes(code)) throw error;
      if (attempt >= delays.length || options.signal?.aborted) {
        const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
        const locked = new FileLockedError(description, code, attempt + 1, seconds, error);
        options.log?.('warn', locked.message);
        throw locked;
      }
      options.log?.('info', `Could not ${description} (${code}: another program may hold it); trying again in ${delays[attempt]} ms (retry ${attempt + 1} of ${delays.length}).`);
      await sleep(delays[attempt]);
    }
  }
}

/**
 * The same port with its renames and deletes retried while the file is locked; whatever else the port does
 * (listing a folder, reading file information) passes through unchanged.
 */
export function lockTolerant<Port extends FileOperations>(operations: Port, options: LockRetryOptions = {}): Port {
  return {
    ...operations,
    rename: (from, to) => retryWhileLocked({ verb: 'rename', path: from, to }, () => operations.rename(from, to), options),
    unlink: (path) => retryWhileLocked({ verb: 'remove', path }, () => operations.unlink(path), options),
  };
}

/** Removes a file that may already be gone (a temp file after a failure): ENOENT is success. */
export async function removeIfPresent(operations: FileOperations, path: string): Promise<void> {
  try {
    await operations.unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') throw error;
  }
}
