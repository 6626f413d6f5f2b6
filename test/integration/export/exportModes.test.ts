import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { weakenedTlsWarnings } from '../../../src/core/connection/tlsPosture';
import { runBackup } from '../../../src/core/export/runBackup';
import type { RowReader } from '../../../src/core/export/types';
import { readZipEntries } from '../../support/readZipEntries';
import type { GeneratedDatabase } from '../../support/databases/generatedDatabase';
import { createAllTypesDatabase } from '../../support/databases/rowGenerator';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase } from '../../support/demo/serveDatabase';
import { readBacpacRows } from '../../support/bacpac/readBacpacRows';
import { canonicalRow } from '../../support/bacpac/canonicalValues';

const folders: string[] = [];
after(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'export-modes-'));
  folders.push(folder);
  return folder;
}

/** Every row of every table in the package equals the source, value for value, in order. */
async function assertSameData(path: string, db: GeneratedDatabase): Promise<void> {
  const contents = await readBacpacRows(path);
  for (const table of db.model.tables) {
    const key = `${table.schema}.${table.name}`;
    const expected = [...db.rows(table)];
    const got = contents.rows.get(key) ?? [];
    assert.equal(got.length, expected.length, `${key} row count`);
    expected.forEach((row, i) => assert.deepEqual(canonicalRow(got[i], table.columns), canonicalRow(row, table.columns), `${key} row ${i}`));
  }
}

test('the all-types database exports every value exactly (100 ns datetime2, decimal(38,x), bigint, variants, CLR bytes)', async () => {
  const db = createAllTypesDatabase({ rowsPerTable: 40 });
  const served = await serveDatabase(db);
  try {
    const settings = served.settings();
    const result = await runBackup({ connection: settings, outputFolder: tempFolder(), compression: 'max' });
    assert.equal(result.verified, true);
    // The double's certificate is self-signed, so the connection trusts it, and says so.
    assert.deepEqual(result.warnings, weakenedTlsWarnings(settings));
    assert.equal(result.warnings.length, 1);
    await assertSameData(result.path, db);
  } finally {
    await served.close();
  }
});

test('the wire reader and the driver reader write byte-identical data parts (all types, NBCROW, PLP, snapshot)', async () => {
  for (const db of [createAllTypesDatabase({ rowsPerTable: 60 }), generateUmbracoDatabase({ scale: 0.05, databaseName: 'readers-live' })]) {
    const served = await serveDatabase(db);
    try {
      const parts = async (rowReader: RowReader) => {
        const result = await runBackup({ connection: served.settings(), outputFolder: tempFolder(), compression: 'fast', verify: false, rowReader });
        return new Map(readZipEntries(result.path).filter((e) => e.name.startsWith('Data/')).map((e) => [e.name, e.data]));
      };
      const wire = await parts('wire');
      const driver = await parts('driver');
      assert.ok(wire.size > 0);
      assert.deepEqual([...wire.keys()].sort(), [...driver.keys()].sort());
      for (const [name, data] of wire) assert.ok(data.equals(driver.get(name) as Buffer), `${db.model.name}: ${name} differs`);
    } finally {
      await served.close();
    }
  }
});

test('parallel mode reads tables on several connections and still writes the same data', async () => {
  const db = generateUmbracoDatabase({ scale: 0.1, databaseName: 'parallel-live' });
  const served = await serveDatabase(db);
  try {
    const folder = tempFolder();
    const result = await runBackup({ connection: served.settings(), outputFolder: folder, consistency: 'parallel', parallelism: 3, compression: 'none' });
    assert.equal(result.consistency, 'parallel');
    assert.ok(result.warnings.some((w) => /not transactionally consistent/.test(w)));
    const dataConnections = new Set(served.server.queries.filter((q) => q.sql.includes('cdb:data')).map((q) => q.connectionId));
    assert.ok(dataConnections.size > 1, `tables were read on ${dataConnections.size} connection(s)`);
    assert.ok(served.server.queries.filter((q) => q.sql.includes('cdb:data')).every((q) => !q.inTransaction));
    assert.deepEqual(readdirSync(folder), [result.path.slice(folder.length + 1)]);
    await assertSameData(result.path, db);
  } finally {
    await served.close();
  }
});

test('retention after a backup deletes only the oldest backups of that database', async () => {
  const db = generateUmbracoDatabase({ scale: 0.01, databaseName: 'retain-live' });
  const served = await serveDatabase(db);
  const folder = tempFolder();
  try {
    // Three older backups of this database, one of another database, and an unrelated file.
    const older = [1, 2, 3].map((day) => join(folder, `retain-live-2026-01-0${day}-12.00.00.bacpac`));
    const other = join(folder, 'retain-staging-2026-01-01-12.00.00.bacpac');
    for (const [i, path] of [...older, other, join(folder, 'notes.txt')].entries()) {
      writeFileSync(path, 'old');
      utimesSync(path, new Date(2026, 0, 1 + i), new Date(2026, 0, 1 + i));
    }
    const result = await runBackup({ connection: served.settings(), outputFolder: folder, retain: 2 });
    assert.deepEqual([...result.deleted].sort(), older.slice(0, 2).sort());
    assert.deepEqual(readdirSync(folder).sort(), [result.path, older[2], other, join(folder, 'notes.txt')].map((p) => p.slice(folder.length + 1)).sort());
  } finally {
    await served.close();
  }
});
