// The per-database lock file: exclusive across processes (two child processes contend for it: the one that
// waits runs after the other, the one that skips says who holds it), stale locks of dead processes or without
// refreshes are taken over, and a lock is only ever removed by its owner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireBackupLock, backupLockPath } from '../../../src/core/export/backupLock';
import { BackupError } from '../../../src/core/errors';

const lockModule = require.resolve('../../../src/core/export/backupLock');

function tempFolder(t: { after(fn: () => void): void }): string {
  const folder = mkdtempSync(join(tmpdir(), 'lock-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/**
 * A child process that takes the lock (waiting up to waitMs), appends "start"/"end" lines to a shared journal
 * around `holdMs` of work, and exits 0, or 7 with the lock's message when it gave up.
 */
function contender(folder: string, name: string, waitMs: number, holdMs: number): Promise<{ code: number | null; stderr: string }> {
  const script = `
    const { appendFileSync } = require('node:fs');
    const { acquireBackupLock } = require(${JSON.stringify(lockModule)});
    const journal = ${JSON.stringify(join(folder, 'journal.txt'))};
    (async () => {
      let lock;
      try {
        lock = await acquireBackupLock(${JSON.stringify(folder)}, 'shop-live', { holder: ${JSON.stringify(name)}, waitMs: ${waitMs}, pollMs: 20 });
      } catch (e) {
        process.stderr.write(e.kind + ': ' + e.message);
        process.exit(7);
      }
      appendFileSync(journal, ${JSON.stringify(name)} + ' start ' + Date.now() + '\\n');
      await new Promise((r) => setTimeout(r, ${holdMs}));
      appendFileSync(journal, ${JSON.stringify(name)} + ' end ' + Date.now() + '\\n');
      await lock.release();
    })();`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function journal(folder: string): { name: string; event: string; at: number }[] {
  return readFileSync(join(folder, 'journal.txt'), 'utf8').trim().split('\n').map((line) => {
    const [name, event, at] = line.split(' ');
    return { name, event, at: Number(at) };
  });
}

test('two processes that wait for one lock take turns: their work never overlaps, and the lock is gone after', async (t) => {
  const folder = tempFolder(t);
  const results = await Promise.all([contender(folder, 'a', 30_000, 300), contender(folder, 'b', 30_000, 300)]);
  assert.deepEqual(results.map((r) => r.code), [0, 0], results.map((r) => r.stderr).join('\n'));
  const events = journal(folder);
  assert.equal(events.length, 4);
  // start, end, start, end: the second starts only after the first ended.
  assert.deepEqual(events.map((e) => e.event), ['start', 'end', 'start', 'end']);
  assert.equal(events[0].name, events[1].name);
  assert.equal(events[2].name, events[3].name);
  assert.notEqual(events[0].name, events[2].name);
  assert.ok(!existsSync(backupLockPath(folder, 'shop-live')));
});

test('of two processes that do not wait, one works and the other skips, naming the holder', async (t) => {
  const folder = tempFolder(t);
  // The first holds it for long enough that the second certainly finds it taken: start the second after the first's "start".
  const first = contender(folder, 'cron-job', 0, 2_000);
  const deadline = Date.now() + 20_000;
  while (!existsSync(join(folder, 'journal.txt'))) {
    if (Date.now() > deadline) throw new Error('the first contender never started');
    await new Promise((r) => setTimeout(r, 20));
  }
  const second = await contender(folder, 'vs-code', 0, 10);
  assert.equal(second.code, 7);
  assert.match(second.stderr, /^locked: Another backup of shop-live into .* is running: cron-job \(process \d+, since \d\d:\d\d:\d\d UTC\)\.$/);
  assert.equal((await first).code, 0);
  assert.deepEqual(journal(folder).map((e) => `${e.name} ${e.event}`), ['cron-job start', 'cron-job end']);
});

test('a lock left by a process that no longer runs is taken over at once', async (t) => {
  const folder = tempFolder(t);
  const path = backupLockPath(folder, 'db');
  // A pid far above any pid_max of a normal system: that process does not exist.
  writeFileSync(path, JSON.stringify({ token: 'dead', pid: 2 ** 30, host: hostname(), holder: 'crashed', startedAt: Date.now() }));
  const lock = await acquireBackupLock(folder, 'db', { holder: 'test' });
  assert.match(readFileSync(path, 'utf8'), /"holder":"test"/);
  await lock.release();
  assert.deepEqual(readdirSync(folder), [], 'neither the lock nor its break file is left');
});

test('a lock from another host is respected until it was not refreshed for staleAfterMs', async (t) => {
  const folder = tempFolder(t);
  const path = backupLockPath(folder, 'db');
  writeFileSync(path, JSON.stringify({ token: 'other', pid: 1, host: 'another-host', holder: 'cloud-db-backup', startedAt: Date.now() }));
  await assert.rejects(acquireBackupLock(folder, 'db', { holder: 'test', staleAfterMs: 60_000 }), (e: unknown) => {
    assert.ok(e instanceof BackupError && e.kind === 'locked');
    assert.match(e.message, /cloud-db-backup \(process 1 on another-host/);
    assert.match(e.details.hint ?? '', /stale 1 minutes after its last refresh/);
    return true;
  });
  const old = new Date(Date.now() - 120_000);
  utimesSync(path, old, old);
  const lock = await acquireBackupLock(folder, 'db', { holder: 'test', staleAfterMs: 60_000 });
  await lock.release();
});

test('the owner refreshes the lock while it holds it, and release never removes a lock that is not its own', async (t) => {
  const folder = tempFolder(t);
  const path = backupLockPath(folder, 'db');
  const lock = await acquireBackupLock(folder, 'db', { holder: 'test', refreshEveryMs: 20 });
  const old = new Date(Date.now() - 3_600_000);
  utimesSync(path, old, old);
  const deadline = Date.now() + 10_000;
  while (Date.now() - statSync(path).mtimeMs > 60_000) {
    if (Date.now() > deadline) throw new Error('the lock was never refreshed');
    await new Promise((r) => setTimeout(r, 10));
  }
  // Someone broke it as stale and took it (this process was suspended, say): release must leave theirs alone.
  writeFileSync(path, JSON.stringify({ token: 'theirs', pid: process.pid, host: hostname(), holder: 'other', startedAt: Date.now() }));
  await lock.release();
  assert.ok(existsSync(path));
});

test('waiting for a lock ends with "cancelled" when the signal aborts', async (t) => {
  const folder = tempFolder(t);
  const held = await acquireBackupLock(folder, 'db', { holder: 'first' });
  const abort = new AbortController();
  const waiting = acquireBackupLock(folder, 'db', { holder: 'second', waitMs: 60_000, pollMs: 10, signal: abort.signal });
  setTimeout(() => abort.abort(), 50);
  await assert.rejects(waiting, (e: unknown) => e instanceof BackupError && e.kind === 'cancelled');
  await held.release();
});

test('the lock file name is hidden and safe for any database name', () => {
  assert.equal(backupLockPath('/b', 'shop-live'), join('/b', '.shop-live.backup-lock'));
  assert.equal(backupLockPath('/b', 'a/b:c'), join('/b', '.a_b_c.backup-lock'));
});
