import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupError } from '../../../src/core/errors';
import { formatBackupFileName } from '../../../src/core/export/fileNames';
import { runBackup, type BackupRuntime } from '../../../src/core/export/runBackup';
import { currentOwner } from '../../../src/core/export/tempFiles';
import { lockErrorCodes } from '../../../src/core/files/lockedFileRetry';
import { verifyBacpac } from '../../../src/core/verify/verifyBacpac';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase, type ServedDatabase } from '../../support/demo/serveDatabase';
import { instantSleep, lockedFiles, type LockedFiles } from '../../support/files/lockedFiles';

// Windows semantics on any machine: an antivirus scanner holds the fresh file for the first N attempts.
const db = generateUmbracoDatabase({ scale: 0.02, databaseName: 'locked-live' });
let served: ServedDatabase;
const folders: string[] = [];
before(async () => {
  served = await serveDatabase(db);
});
after(async () => {
  await served.close();
  folders.forEach((f) => rmSync(f, { recursive: true, force: true }));
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'locked-files-'));
  folders.push(folder);
  return folder;
}

function windowsPorts(files: LockedFiles): BackupRuntime {
  return { fs: files, lockRetry: { codes: lockErrorCodes('win32'), sleep: instantSleep().sleep } };
}

test('a final rename refused (EPERM) for the first 3 attempts is retried, logged, and the backup succeeds', async () => {
  const folder = tempFolder();
  const files = lockedFiles({ rename: 3 }, 'EPERM');
  const logs: string[] = [];
  const result = await runBackup({ connection: served.settings(), outputFolder: folder }, { onLog: (level, m) => logs.push(`${level} ${m}`) }, windowsPorts(files));
  assert.equal(result.verified, true);
  assert.deepEqual(readdirSync(folder), [result.path.slice(folder.length + 1)], 'only the backup, no temporary file');
  assert.equal(files.attempts.filter((a) => a.startsWith('rename')).length, 4);
  const retries = logs.filter((l) => /^info Could not rename .*\.partial to .*\.bacpac \(EPERM/.test(l));
  assert.equal(retries.length, 3, logs.join('\n'));
});

test('a final rename that stays locked keeps the verified temporary file and says where it is', async () => {
  const folder = tempFolder();
  const files = lockedFiles({ rename: 1000 }, 'EBUSY');
  const error = await runBackup({ connection: served.settings(), outputFolder: folder }, {}, windowsPorts(files)).then(
    () => assert.fail('the backup should fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof BackupError);
  assert.equal(error.kind, 'io');
  const left = readdirSync(folder);
  assert.equal(left.length, 1, 'only the kept temporary file');
  const kept = join(folder, left[0]);
  assert.match(left[0], /^\.locked-live-.*\.bacpac\.[0-9a-f]{8}-\d+-[0-9a-f]{8}\.partial$/);
  assert.ok(error.message.includes(kept), `the message names the kept file: ${error.message}`);
  assert.match(error.message, /written and verified, but it could not be renamed to .*locked-live-.*\.bacpac: another program still held it \(EBUSY\) after 8 attempts/);
  assert.match(error.details.hint ?? '', /Rename that file to locked-live-.*\.bacpac/);
  assert.equal((await verifyBacpac(kept)).ok, true, 'the kept file is the verified backup');

  // The next backup into the folder, by another process (its owner counts as gone): the cleanup keeps the file and says so.
  const next = await runBackup({ connection: served.settings(), outputFolder: folder }, {}, { tempFiles: { owner: { ...currentOwner(), pid: 1 }, isAlive: () => false } });
  assert.ok(readdirSync(folder).includes(left[0]), 'the finished backup is not taken for a leftover');
  assert.ok(next.warnings.some((w) => w.includes(kept) && w.includes('holds a finished backup that never got its name')), next.warnings.join('\n'));
});

test('retention deletes an old backup that is locked for a moment', async () => {
  const folder = tempFolder();
  const old = formatBackupFileName(undefined, 'locked-live', new Date(2020, 0, 1, 12, 0, 0));
  writeFileSync(join(folder, old), 'old');
  const files = lockedFiles({ unlink: 2 }, 'EACCES');
  const logs: string[] = [];
  const result = await runBackup(
    { connection: served.settings(), outputFolder: folder, retain: 1 },
    { onLog: (level, m) => logs.push(`${level} ${m}`) },
    windowsPorts(files),
  );
  assert.deepEqual(result.deleted, [join(folder, old)]);
  assert.deepEqual(readdirSync(folder), [result.path.slice(folder.length + 1)]);
  assert.equal(logs.filter((l) => l.startsWith(`info Could not remove ${join(folder, old)} (EACCES`)).length, 2);
});
