/**
 * Values a server sends outside their column's type are caught while transcoding (issue 15, item 4), on the wire
 * reader's paths the CLI test does not take: a decimal wider than its precision, and a time of 24:00:00 inside a
 * sql_variant. The backup stops with BackupError 'source' naming table, column, row and value; no file is left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlRow } from '../../../src/core/bcp/values';
import { isBackupError } from '../../../src/core/errors';
import { runBackup } from '../../../src/core/export/runBackup';
import { emptyDatabaseModel, type ColumnModel } from '../../../src/core/model/types';
import type { GeneratedDatabase } from '../../support/databases/generatedDatabase';
import { serveDatabase } from '../../support/demo/serveDatabase';

function oneTable(column: ColumnModel, values: SqlRow[number][]): GeneratedDatabase {
  const model = emptyDatabaseModel('ranges', 'SQL_Latin1_General_CP1_CI_AS', { versionText: 'Microsoft SQL Azure (RTM) - 12.0.2000.8', majorVersion: 12, isAzureSqlDatabase: true });
  model.tables.push({ schema: 'dbo', name: 'T', ansiNulls: true, columns: [{ name: 'Id', type: { base: 'int' }, nullable: false }, column] });
  const rows: SqlRow[] = values.map((v, i) => [i + 1, v]);
  return { model, rowCount: () => rows.length, rows: () => rows.map((r) => [...r]) };
}

async function assertStopsAt(db: GeneratedDatabase, message: RegExp): Promise<void> {
  const served = await serveDatabase(db);
  const folder = mkdtempSync(join(tmpdir(), 'ranges-'));
  try {
    await assert.rejects(runBackup({ connection: served.settings(), outputFolder: folder, rowReader: 'wire' }), (err: unknown) => {
      assert.ok(isBackupError(err), String(err));
      assert.equal(err.kind, 'source', err.message);
      assert.match(err.message, message);
      assert.match(err.details.hint ?? '', /the stored data or the server is at fault/);
      return true;
    });
    assert.deepEqual(readdirSync(folder), []);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await served.close();
  }
}

test('a decimal wider than its precision stops the backup at its row', async () => {
  await assertStopsAt(oneTable({ name: 'Amount', type: { base: 'decimal', precision: 5, scale: 2 }, nullable: true }, ['1.50', '999.99', '12345.67']),
    /table dbo\.T, column \[Amount\] decimal\(5,2\) \(row 3\): 12345\.67 has more than 5 digits/);
});

test('a time of 24:00:00 inside a sql_variant stops the backup at its row', async () => {
  const variant = (value: string) => ({ kind: 'sql_variant' as const, baseType: 'time' as const, scale: 7, value });
  await assertStopsAt(oneTable({ name: 'V', type: { base: 'sql_variant' }, nullable: true }, [variant('10:00:00.0000000'), variant('24:00:00.0000000')]),
    /table dbo\.T, column \[V\] sql_variant \(row 2\): time of day 24:00:00\.0000000/);
});
