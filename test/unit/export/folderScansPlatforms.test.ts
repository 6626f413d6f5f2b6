import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix, win32 } from 'node:path';
import { formatBackupFileName } from '../../../src/core/export/fileNames';
import { applyRetention } from '../../../src/core/export/retention';
import { removeStaleTempFiles, staleAfterMs, tempFileName } from '../../../src/core/export/tempFiles';
import { lockErrorCodes, lockTolerant } from '../../../src/core/files/lockedFileRetry';
import type { PathApi } from '../../../src/core/files/platformPaths';
import { instantSleep, lockedFiles } from '../../support/files/lockedFiles';
import { memoryFolder, type MemoryEntry } from '../../support/files/memoryFolderFs';

const platforms: [string, PathApi, string][] = [
  ['path.win32, drive letter', win32, 'C:\\Users\\Ada\\CloudDatabaseBackups\\Shop\\Live'],
  ['path.win32, UNC share', win32, '\\\\nas\\share\\backups\\Shop\\Live'],
  ['path.posix', posix, '/home/ada/CloudDatabaseBackups/Shop/Live'],
];
const day = (d: number) => new Date(2026, 0, d, 12, 0, 0);
const backupName = (database: string, d: number) => formatBackupFileName(undefined, database, day(d));
const windowsLocks = () => ({ codes: lockErrorCodes('win32'), sleep: instantSleep().sleep });

for (const [label, path, folder] of platforms) {
  const at = (name: string) => `${folder}${path.sep}${name}`;

  test(`${label}: retention keeps the newest by name and deletes the rest, with this platform's paths`, async () => {
    const live = [1, 2, 3, 4].map((d) => backupName('live', d));
    const fs = memoryFolder(folder, path, [...live, backupName('staging', 1), 'readme.txt'].map((name) => ({ name })));
    const outcome = await applyRetention({ folder, pattern: undefined, database: 'live', keep: 2, justWritten: live[3], fs, path });
    assert.deepEqual(outcome.warnings, []);
    assert.deepEqual(outcome.deleted.sort(), [at(live[0]), at(live[1])].sort());
    assert.deepEqual(fs.names().sort(), [live[2], live[3], backupName('staging', 1), 'readme.txt'].sort());
  });

  test(`${label}: retention finds backups whose names were made safe (leading dot, device name)`, async () => {
    for (const database of ['.shop', 'CON']) {
      const pattern = database === 'CON' ? '{database}.{yyyy}-{MM}-{dd}.bacpac' : undefined;
      const names = [1, 2, 3].map((d) => formatBackupFileName(pattern, database, day(d)));
      const fs = memoryFolder(folder, path, names.map((name) => ({ name })));
      const outcome = await applyRetention({ folder, pattern, database, keep: 1, justWritten: names[2], fs, path });
      assert.deepEqual(outcome.deleted.sort(), [at(names[0]), at(names[1])].sort(), database);
    }
  });

  test(`${label}: retention waits for an old backup a scanner holds, and warns about one that stays locked`, async () => {
    const live = [1, 2, 3].map((d) => backupName('live', d));
    const logs: string[] = [];
    const brief = lockTolerant(lockedFiles({ unlink: 2 }, 'EPERM', memoryFolder(folder, path, live.map((name) => ({ name })))), {
      ...windowsLocks(),
      log: (level, m) => logs.push(`${level} ${m}`),
    });
    const one = await applyRetention({ folder, pattern: undefined, database: 'live', keep: 2, justWritten: live[2], fs: brief, path });
    assert.deepEqual(one.deleted, [at(live[0])]);
    assert.equal(logs.filter((l) => l.startsWith(`info Could not remove ${at(live[0])} (EPERM`)).length, 2);

    const stuck = lockTolerant(lockedFiles({ unlink: 1000 }, 'EBUSY', memoryFolder(folder, path, live.map((name) => ({ name })))), windowsLocks());
    const two = await applyRetention({ folder, pattern: undefined, database: 'live', keep: 1, justWritten: live[2], fs: stuck, path });
    assert.deepEqual(two.deleted, []);
    assert.equal(two.warnings.length, 2, 'each old backup is tried; neither failure stops the other');
    assert.match(two.warnings[0], new RegExp(`could not remove the old backup .*${live[1].replace(/\./g, '\\.')}: another program still held it \\(EBUSY\\) after 8 attempts`));
  });

  test(`${label}: the stale-temp cleanup removes dead owners' leftovers with this platform's paths and keeps a finished, unnamed backup`, async () => {
    const me = { host: '0a1b2c3d', pid: 100 };
    const now = Date.now();
    const final = backupName('live', 1);
    const dead = tempFileName(final, { host: me.host, pid: 200 });
    const alive = tempFileName(final, { host: me.host, pid: 300 });
    const kept = tempFileName(backupName('live', 2), { host: me.host, pid: 201 });
    const entries: MemoryEntry[] = [
      { name: dead, bytes: 1000, mtimeMs: now },
      { name: alive, bytes: 10, mtimeMs: now },
      { name: kept, bytes: 5000, mtimeMs: now - staleAfterMs * 2, finished: true },
      { name: final, bytes: 50, mtimeMs: now },
    ];
    const memory = memoryFolder(folder, path, entries);
    const fs = lockTolerant(lockedFiles({ unlink: 3 }, 'EACCES', memory), windowsLocks());
    const outcome = await removeStaleTempFiles(folder, { fs, path, owner: me, isAlive: (pid) => pid === 300, now: () => now, isFinishedPackage: memory.isFinishedPackage });
    assert.deepEqual(outcome.removed, [{ path: at(dead), bytes: 1000 }], 'removed after the scanner let go');
    assert.deepEqual(outcome.warnings, [`${at(kept)} holds a finished backup that never got its name; rename it to ${backupName('live', 2)} to keep it, or delete it.`]);
    assert.deepEqual(memory.names().sort(), [alive, kept, final].sort());
  });
}
