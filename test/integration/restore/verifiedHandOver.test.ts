import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupError } from '../../../src/core/errors';
import { runBackup } from '../../../src/core/export/runBackup';
import type { BackupResult } from '../../../src/core/export/types';
import { runRestore } from '../../../src/core/restore';
import type { VerifiedFile } from '../../../src/core/verify/types';
import { createRichSchemaDatabase } from '../../support/databases/richSchema';
import { serveDatabase } from '../../support/demo/serveDatabase';
import { startRestoreTarget } from '../../support/tds/database/restoreTargetServer';

// Pull to Local verifies the backup as it is written; the restore takes that report instead of reading every row a
// second time — but only while the file is still the one the report describes (same size, same modification time).

const source = createRichSchemaDatabase();
let folder = '';
let backup: BackupResult;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'restore-handover-'));
  const served = await serveDatabase(source);
  try {
    backup = await runBackup({ connection: served.settings(), outputFolder: folder, fileNamePattern: 'rich.bacpac', compression: 'fast' });
  } finally {
    await served.close();
  }
});
after(() => rmSync(folder, { recursive: true, force: true }));

/** The backup's report with one table's row count off by one: a restore that uses it must find the counts differ. */
function offByOne(verification: VerifiedFile): VerifiedFile {
  const [first, ...rest] = verification.report.tables;
  return { ...verification, report: { ...verification.report, tables: [{ ...first, rows: first.rows + 1 }, ...rest] } };
}

test('a backup reports its verification: the report, and the size and time of the file under its final name', () => {
  assert.equal(backup.verified, true);
  const verification = backup.verification!;
  assert.ok(verification.report.ok);
  assert.equal(verification.report.totalRows, backup.totalRows);
  const now = statSync(backup.path);
  assert.equal(verification.size, now.size);
  assert.equal(verification.mtimeMs, now.mtimeMs);
});

test('the restore uses a handed-over verification of the unchanged file instead of verifying again', async () => {
  const target = await startRestoreTarget({ model: source.model });
  try {
    const restored = await runRestore({ packagePath: backup.path, target: target.settings('Handed'), verified: backup.verification });
    assert.equal(restored.totalRows, backup.totalRows);
    assert.equal(restored.verification, 'as written');
    // Proof that the report was used and the file not read for counts again: a report that is wrong by one row makes
    // the final comparison fail.
    await assert.rejects(
      runRestore({ packagePath: backup.path, target: target.settings('Wrong'), verified: offByOne(backup.verification!) }),
      (e: unknown) => e instanceof BackupError && /Row counts differ from the package/.test(e.message),
    );
  } finally {
    await target.close();
  }
});

test('a file touched since it was verified is verified again', async () => {
  const target = await startRestoreTarget({ model: source.model });
  const copyTime = new Date(statSync(backup.path).mtimeMs + 5_000);
  try {
    utimesSync(backup.path, copyTime, copyTime);
    const restored = await runRestore({ packagePath: backup.path, target: target.settings('Touched'), verified: offByOne(backup.verification!) });
    assert.equal(restored.totalRows, backup.totalRows, 'the restore re-verified the file and compared with its real counts');
    assert.equal(restored.verification, 'now');
  } finally {
    await target.close();
  }
});
