import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRowDecoder } from '../../../src/core/bcp';
import { runBackup } from '../../../src/core/export/runBackup';
import { BacpacPackageReader } from '../../../src/core/package/bacpacReader';
import { runRestore } from '../../../src/core/restore';
import type { GeneratedDatabase } from '../../support/databases/generatedDatabase';
import { createAllTypesDatabase } from '../../support/databases/rowGenerator';
import { createRichSchemaDatabase } from '../../support/databases/richSchema';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase } from '../../support/demo/serveDatabase';
import { startRestoreTarget } from '../../support/tds/database/restoreTargetServer';

// export(double A) → restore into double B → export(double B): the BCP parts must be byte-identical, table by
// table, and the schema the restore created must be the schema exported. Rows reach B only through bulk loads
// (INSERT BULK + BULK_LOAD, decoded by the double), its schema only through the script's statements.

let folder = '';
before(() => { folder = mkdtempSync(join(tmpdir(), 'restore-roundtrip-')); });
after(() => rmSync(folder, { recursive: true, force: true }));

async function exportOf(db: GeneratedDatabase, name: string): Promise<string> {
  const served = await serveDatabase(db);
  try {
    return (await runBackup({ connection: served.settings(), outputFolder: folder, fileNamePattern: `${name}.bacpac`, compression: 'fast' })).path;
  } finally {
    await served.close();
  }
}

/** Every BCP part's bytes by part name (the names carry schema, table and number). */
async function partsOf(path: string): Promise<Map<string, Buffer>> {
  const reader = await BacpacPackageReader.open(path);
  try {
    const parts = new Map<string, Buffer>();
    for (const part of reader.dataParts) parts.set(part.name, await reader.readPart(part.name));
    return parts;
  } finally {
    await reader.close();
  }
}

for (const [label, create, parallelism] of [
  ['all-types', () => createAllTypesDatabase({ rowsPerTable: 60 }), 1],
  ['rich-schema', () => createRichSchemaDatabase(), 3],
  ['umbraco demo', () => generateUmbracoDatabase({ scale: 0.02 }), 4],
] as const) {
  test(`export → restore → export gives byte-identical BCP parts: ${label}`, async () => {
    const source = create();
    const first = await exportOf(source, `${label}-a`.replace(/\W+/g, '-'));
    const target = await startRestoreTarget({ model: source.model });
    try {
      const progress: string[] = [];
      const result = await runRestore(
        { packagePath: first, target: target.settings('Copy'), parallelism, batchBytes: 64 * 1024 },
        { onProgress: (p) => { if (progress.at(-1) !== p.stage) progress.push(p.stage); } },
      );
      assert.equal(result.mode, 'created');
      assert.deepEqual(result.tables.filter((t) => t.packageRows !== t.restoredRows), []);
      assert.ok(result.totalRows > 0);
      assert.deepEqual(progress, ['verify', 'connect', 'create', 'beforeData', 'data', 'afterData', 'programmability', 'extendedProperties', 'counts', 'options', 'finish']);
      assert.deepEqual([...target.databases.keys()], ['copy'], 'only the renamed database is left');
      assert.deepEqual(target.server.failures, []);

      const second = (await runBackup({ connection: target.settings('Copy'), outputFolder: folder, fileNamePattern: `${label}-b.bacpac`.replace(/[^\w.-]+/g, '-'), compression: 'fast' })).path;
      const [a, b] = [await partsOf(first), await partsOf(second)];
      assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
      for (const [name, bytes] of a) {
        if (bytes.equals(b.get(name)!)) continue;
        // rowversion values are the server's to make (a real one would too): those columns aside, rows are equal.
        const table = source.model.tables.find((t) => name.startsWith(`Data/${t.schema}.${t.name}/`))!;
        const decoder = createRowDecoder(table.columns);
        const versions = decoder.columns.map((c, i) => (c.type.base === 'rowversion' ? i : -1)).filter((i) => i >= 0);
        assert.ok(versions.length > 0, `${name} differs after the round trip, and its table has no rowversion column`);
        const mask = (rows: unknown[][]) => rows.map((r) => r.map((v, i) => (versions.includes(i) ? 'rowversion' : v)));
        assert.deepEqual(mask(decoder.decodeRows(b.get(name)!)), mask(decoder.decodeRows(bytes)), `${name}: rows other than rowversion`);
      }
      // The schema the restore's statements created is the whole schema (same element counts as the source).
      const createdModel = target.createdModel('Copy');
      for (const k of ['schemas', 'tables', 'primaryKeys', 'uniqueConstraints', 'foreignKeys', 'defaultConstraints', 'checkConstraints', 'indexes', 'modules', 'sequences', 'userDefinedTypes', 'extendedProperties'] as const) {
        assert.equal(createdModel[k].length, source.model[k].length, `${k} created by the restore`);
      }
    } finally {
      await target.close();
    }
  });
}
