import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBackupFileName } from '../../../src/core/export/fileNames';
import { nodeFolderFs, type FolderFs } from '../../../src/core/export/folderFs';
import { applyRetention } from '../../../src/core/export/retention';

function withFolder(run: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'retention-'));
    try {
      await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** Writes a backup-named file for `database` taken on day `day` of January 2026, with the given modification time. */
function backup(dir: string, database: string, day: number, mtime = new Date(2026, 0, day)): string {
  const name = formatBackupFileName(undefined, database, new Date(2026, 0, day, 12, 0, 0));
  writeFileSync(join(dir, name), 'x');
  utimesSync(join(dir, name), mtime, mtime);
  return name;
}

const names = (dir: string, paths: string[]) => paths.map((p) => p.slice(dir.length + 1)).sort();

test('keeps the newest N by the dates in the names, the one just written included; other files are left alone', withFolder(async (dir) => {
  const all = [1, 2, 3, 4, 5].map((day) => backup(dir, 'live', day));
  const other = backup(dir, 'staging', 1);
  writeFileSync(join(dir, 'readme.txt'), 'x');
  const outcome = await applyRetention({ folder: dir, pattern: undefined, database: 'live', keep: 2, justWritten: all[4] });
  assert.deepEqual(names(dir, outcome.deleted), all.slice(0, 3).sort());
  assert.deepEqual(outcome.warnings, []);
  assert.deepEqual(readdirSync(dir).sort(), [...all.slice(3), other, 'readme.txt'].sort());
  const keepAll = await applyRetention({ folder: dir, pattern: undefined, database: 'live', keep: 0, justWritten: all[4] });
  assert.deepEqual(keepAll.deleted, [], 'keep 0 means keep all');
}));

test('never deletes the file just written, even when older names carry future modification times (clock skew)', withFolder(async (dir) => {
  const future = new Date(Date.now() + 2 * 3600_000);
  const old = backup(dir, 'live', 1, future);
  const written = backup(dir, 'live', 2, new Date());
  const outcome = await applyRetention({ folder: dir, pattern: undefined, database: 'live', keep: 1, justWritten: written });
  assert.deepEqual(names(dir, outcome.deleted), [old]);
  assert.deepEqual(readdirSync(dir), [written]);
}));

test('the file just written is kept even when its name sorts before the others (a machine with a clock ahead wrote them)', withFolder(async (dir) => {
  const later = [10, 11].map((day) => backup(dir, 'live', day));
  const written = backup(dir, 'live', 1);
  const outcome = await applyRetention({ folder: dir, pattern: undefined, database: 'live', keep: 2, justWritten: written });
  assert.deepEqual(names(dir, outcome.deleted), [later[0]], 'the newest other one is kept next to it');
  assert.deepEqual(readdirSync(dir).sort(), [written, later[1]].sort());
}));

test('other-case names, .BACPAC and symlinks are never counted nor deleted', withFolder(async (dir) => {
  const real = [1, 2, 3].map((day) => backup(dir, 'Umbraco', day));
  const lower = backup(dir, 'umbraco', 1);
  writeFileSync(join(dir, 'Umbraco-2026-01-01-00.00.00.BACPAC'), 'x');
  // A symlink to a fresh file, named newer than every backup; and a dangling one named like an old backup.
  writeFileSync(join(dir, 'elsewhere.bin'), 'x');
  symlinkSync(join(dir, 'elsewhere.bin'), join(dir, 'Umbraco-2030-01-01-00.00.00.bacpac'));
  symlinkSync(join(dir, 'missing.bin'), join(dir, 'Umbraco-2020-01-01-00.00.00.bacpac'));
  const outcome = await applyRetention({ folder: dir, pattern: undefined, database: 'Umbraco', keep: 2, justWritten: real[2] });
  assert.deepEqual(names(dir, outcome.deleted), [real[0]]);
  assert.deepEqual(outcome.warnings, []);
  assert.deepEqual(readdirSync(dir).sort(), [real[1], real[2], lower, 'Umbraco-2026-01-01-00.00.00.BACPAC', 'elsewhere.bin', 'Umbraco-2030-01-01-00.00.00.bacpac', 'Umbraco-2020-01-01-00.00.00.bacpac'].sort());
}));

test('a file that cannot be removed is a warning naming it, and the rest of retention still runs', withFolder(async (dir) => {
  const all = [1, 2, 3, 4].map((day) => backup(dir, 'live', day));
  const locked = join(dir, all[1]);
  const fs: FolderFs = {
    ...nodeFolderFs,
    unlink: async (path) => {
      if (path === locked) throw Object.assign(new Error(`EPERM: operation not permitted, unlink '${path}'`), { code: 'EPERM' });
      return nodeFolderFs.unlink(path);
    },
  };
  const outcome = await applyRetention({ folder: dir, pattern: undefined, database: 'live', keep: 1, justWritten: all[3], fs });
  assert.deepEqual(names(dir, outcome.deleted), [all[0], all[2]].sort());
  assert.equal(outcome.warnings.length, 1);
  assert.ok(outcome.warnings[0].includes(locked), outcome.warnings[0]);
  assert.deepEqual(readdirSync(dir).sort(), [all[1], all[3]].sort());
}));

test('a folder that cannot be listed is a warning, not a failure', async () => {
  const outcome = await applyRetention({ folder: join(tmpdir(), 'retention-missing-folder-x'), pattern: undefined, database: 'live', keep: 1, justWritten: 'x' });
  assert.deepEqual(outcome.deleted, []);
  assert.match(outcome.warnings[0], /could not list/);
});
