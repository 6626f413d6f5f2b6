import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRowDecoder } from '../../../src/core/bcp';
import { runBackup } from '../../../src/core/export/runBackup';
import type { TableModel } from '../../../src/core/model/types';
import { BacpacPackageReader } from '../../../src/core/package/bacpacReader';
import { runRestore } from '../../../src/core/restore';
import { readPackageModel } from '../../../src/core/script/packageModel';
import { startRestoreTarget } from '../../support/tds/database/restoreTargetServer';
import { sharedPath, skipUnlessShared } from '../../support/sharedFixtures';

// A real Umbraco database exported by Microsoft's DacFx (../shared/fixtures/umbraco-real) restored into the double
// and backed up again by us: every table has the same rows, value for value (DacFx splits and orders parts its
// own way, so rows are compared decoded and sorted, not as bytes).

let folder = '';
before(() => { folder = mkdtempSync(join(tmpdir(), 'restore-real-')); });
after(() => rmSync(folder, { recursive: true, force: true }));

async function rowsByTable(path: string, tables: readonly TableModel[]): Promise<Map<string, unknown[][]>> {
  const reader = await BacpacPackageReader.open(path);
  try {
    const out = new Map<string, unknown[][]>();
    for (const part of reader.dataParts) {
      const table = tables.find((t) => t.schema === part.schema && t.name === part.table)!;
      const rows = createRowDecoder(table.columns).decodeRows(await reader.readPart(part.name));
      out.set(`${part.schema}.${part.table}`, [...(out.get(`${part.schema}.${part.table}`) ?? []), ...rows]);
    }
    return out;
  } finally {
    await reader.close();
  }
}

for (const file of ['UmbracoCommerceDemoStore_v13.1.0.bacpac', 'UmbracoCommerceDemoStore_v17.0.0.bacpac']) {
  const parts = ['fixtures', 'umbraco-real', file];
  test(`a DacFx package of a real Umbraco site restores and backs up with the same rows: ${file}`, { skip: skipUnlessShared(...parts), timeout: 600_000 }, async () => {
    const path = sharedPath(...parts);
    const reader = await BacpacPackageReader.open(path);
    const parsed = await readPackageModel(reader).finally(() => reader.close());
    const target = await startRestoreTarget({ model: parsed.model });
    try {
      const result = await runRestore({ packagePath: path, target: target.settings('DemoStore'), parallelism: 4 });
      assert.ok(result.totalRows > 1000, `${result.totalRows} rows`);
      assert.match(result.warnings.join('\n'), /Users, roles and permissions were not restored/);
      const copy = (await runBackup({ connection: target.settings('DemoStore'), outputFolder: folder, fileNamePattern: `${file}-copy.bacpac`, compression: 'fast' })).path;
      const [before, after] = [await rowsByTable(path, parsed.model.tables), await rowsByTable(copy, parsed.model.tables)];
      assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
      // A server returns rows in clustered-key order, not load order: compare each table's rows as a sorted list.
      const canonical = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).sort();
      for (const [table, rows] of before) assert.deepEqual(canonical(after.get(table)!), canonical(rows), table);
      assert.deepEqual(target.server.failures, []);
    } finally {
      await target.close();
    }
  });
}
