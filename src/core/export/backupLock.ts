/**
 * One backup per database and folder at a time, across processes (VS Code windows, the CLI, cron): a lock file
 * next to the backups, created exclusively (`wx`), holding who owns it. The owner refreshes the file's time
 * while it works. A lock is stale when its owner's process is gone (same host) or when it was not refreshed for
 * `staleAfterMs` (a crashed owner on another host, a sleeping laptop). Breaking a stale lock happens under a
 * second exclusive file, so two processes that both judge a lock stale never remove a fresh one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { BackupError } from '../errors';

export interface LockOwner {
  /** Random per acquisition: release and break compare it, never the pid alone. */
  token: string;
  pid: number;
  host: string;
  /** Who holds it, for the message another process shows: "VS Code", "cloud-db-backup". */
  holder: string;
  startedAt: number;
}

export interface AcquireLockOptions {
  /** Shown to whoever finds the lock taken. */
  holder: string;
  /** How long to wait for a taken lock; 0 (default) gives up at once. */
  waitMs?: number;
  signal?: AbortSignal;
  /** A lock not refreshed for this long is stale (default 10 minutes). */
  staleAfterMs?: number;
  /** How often the owner refreshes the lock (default 1 minute; must be well below staleAfterMs). */
  refreshEveryMs?: number;
  /** How often a waiting process looks again (default 500 ms). */
  pollMs?: number;
}

export interface HeldLock {
  readonly path: string;
  release(): Promise<void>;
}

const defaults = { staleAfterMs: 10 * 60_000, refreshEveryMs: 60_000, pollMs: 500 };
/** A break file older than this was left by a process that died while breaking. */
const breakStaleMs = 30_000;

/** The lock file of a database's backups in a folder; hidden, and never a name the Backups view lists. */
export function backupLockPath(folder: string, database: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = database.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_');
  return join(folder, `.${safe}.backup-lock`);
}

export async function acquireBackupLock(folder: string, database: string, options: AcquireLockOptions): Promise<HeldLock> {
  const path = backupLockPath(folder, database);
  const staleAfterMs = options.staleAfterMs ?? defaults.staleAfterMs;
  const deadline = Date.now() + (options.waitMs ?? 0);
  await mkdir(folder, { recursive: true });
  const owner: LockOwner = { token: randomBytes(12).toString('hex'), pid: process.pid, host: hostname(), holder: options.holder, startedAt: Date.now() };
  for (;;) {
    if (options.signal?.aborted) throw new BackupError('cancelled', 'The backup was cancelled while it waited for another backup of the same database.');
    if (await tryCreate(path, owner)) return holdLock(path, owner, options.refreshEveryMs ?? defaults.refreshEveryMs);
    const current = await readOwner(path);
    if (current === 'gone') continue;
    if (await isStale(path, current, staleAfterMs)) {
      await breakStaleLock(path, current);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(folder, database, current, staleAfterMs);
    await sleep(Math.min(options.pollMs ?? defaults.pollMs, Math.max(1, deadline - Date.now())), options.signal);
  }
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(JSON.stringify(owner));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new BackupError('io', `The lock file ${path} could not be created: ${(error as Error).message}`, {
      hint: 'Check the backups folder and its permissions.',
      cause: error,
    });
  }
}

/** The owner, `undefined` when the file cannot be read as one (being written, or not ours), 'gone' when it vanished. */
async function readOwner(path: string): Promise<LockOwner | undefined | 'gone'> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    const ok = typeof parsed.token === 'string' && typeof parsed.pid === 'number' && typeof parsed.host === 'string';
    return ok ? { token: parsed.token!, pid: parsed.pid!, host: parsed.host!, holder: String(parsed.holder ?? 'another process'), startedAt: Number(parsed.startedAt) || 0 } : undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
}

async function isStale(path: string, owner: LockOwner | undefined, staleAfterMs: number): Promise<boolean> {
  if (owner && owner.host === hostname() && !processAlive(owner.pid)) return true;
  try {
    return Date.now() - (await stat(path)).mtimeMs > staleAfterMs;
  } catch {
    return false; // gone: the next round creates it
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the lock only if it is still the one judged stale; a second file makes the check-and-remove exclusive. */
async function breakStaleLock(path: string, judged: LockOwner | undefined): Promise<void> {
  const breaker = `${path}.break`;
  const breakOwner: LockOwner = { token: randomBytes(12).toString('hex'), pid: process.pid, host: hostname(), holder: 'stale-lock breaker', startedAt: Date.now() };
  if (!(await tryCreate(breaker, breakOwner))) {
    // Someone else is breaking it; a break file left by a crash is itself removed after a while.
    const age = await stat(breaker).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > breakStaleMs) await unlink(breaker).catch(() => undefined);
    await sleep(20);
    return;
  }
  try {
    const current = await readOwner(path);
    const same = current !== 'gone' && (current?.token ?? null) === (judged?.token ?? null);
    if (same) await unlink(path).catch(() => undefined);
  } finally {
    await unlink(breaker).catch(() => undefined);
  }
}

function holdLock(path: string, owner: LockOwner, refreshEveryMs: number): HeldLock {
  const timer = setInterval(() => {
    const now = new Date();
    void utimes(path, now, now).catch(() => undefined);
  }, refreshEveryMs);
  timer.unref();
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      // Never remove a lock that is no longer ours (broken as stale while this process was suspended).
      const current = await readOwner(path);
      if (current !== 'gone' && current?.token === owner.token) await unlink(path).catch(() => undefined);
    },
  };
}

function lockedError(folder: string, database: string, owner: LockOwner | undefined, staleAfterMs: number): BackupError {
  const who = owner
    ? `${owner.holder} (process ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`}, since ${new Date(owner.startedAt).toISOString().slice(11, 19)} UTC)`
    : 'another process';
  return new BackupError('locked', `Another backup of ${database} into ${folder} is running: ${who}.`, {
    hint: `Wait for it to finish. If none is running (a crash on another computer), the lock counts as stale ${Math.round(staleAfterMs / 60_000)} minutes after its last refresh.`,
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
