import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBackup } from '../../../src/core/export/runBackup';
import type { BackupResult } from '../../../src/core/export/types';
import { verifyBacpac } from '../../../src/core/verify/verifyBacpac';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase, type ServedDatabase } from '../../support/demo/serveDatabase';
import { readBacpacRows } from '../../support/bacpac/readBacpacRows';
import { canonicalRow } from '../../support/bacpac/canonicalValues';

const db = generateUmbracoDatabase({ scale: 0.2 });
let served: ServedDatabase;
let folder: string;
let result: BackupResult;
const logs: string[] = [];

before(async () => {
  served = await serveDatabase(db);
  folder = mkdtempSync(join(tmpdir(), 'demo-export-'));
  result = await runBackup(
    { connection: served.settings(), outputFolder: folder, excludeData: ['dbo.umbracoLog'], compression: 'fast' },
    { onLog: (level, message) => logs.push(`${level} ${message}`), onProgress: (p) => logs.push(JSON.stringify(p)) },
  );
});

after(async () => {
  await served?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('the Umbraco export verifies and leaves only the final file', async () => {
  assert.equal(result.verified, true);
  assert.equal(result.consistency, 'snapshot');
  assert.deepEqual(readdirSync(folder), [result.path.slice(folder.length + 1)]);
  assert.match(result.path, /umbraco-demo-live-\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}\.bacpac$/);
  const report = await verifyBacpac(result.path);
  assert.deepEqual(report.errors, []);
  assert.equal(report.totalRows, result.totalRows);
  assert.equal(report.originRowCount, result.totalRows);
});

test('what the backup carries and leaves out is in the result, and each "Left out" warning is logged once', () => {
  assert.deepEqual({ users: result.carried?.users, roles: result.carried?.roles, permissions: result.carried?.permissions }, { users: 4, roles: 2, permissions: 16 });
  assert.ok(result.carried?.options.includes('IsReadCommittedSnapshot=True'));
  const leftOut = result.warnings.filter((w) => w.startsWith('Left out: '));
  assert.equal(leftOut.length, 2);
  for (const w of leftOut) assert.equal(logs.filter((l) => l === `warn ${w}`).length, 1, w);
  assert.ok(logs.some((l) => l.startsWith('info Carried besides the tables: 4 users, 2 roles, 4 role memberships, 16 permissions;')));
});

test('every table and every value equals the generated source, in order', async () => {
  const contents = await readBacpacRows(result.path);
  assert.equal(contents.parsed.model.tables.length, 69);
  for (const table of db.model.tables) {
    const key = `${table.schema}.${table.name}`;
    const got = contents.rows.get(key) ?? [];
    if (table.name === 'umbracoLog') {
      assert.equal(got.length, 0, 'excluded table data must not be in the package');
      continue;
    }
    const expected = [...db.rows(table)];
    assert.equal(got.length, expected.length, `${key} row count`);
    for (let i = 0; i < expected.length; i++) {
      assert.deepEqual(canonicalRow(got[i], table.columns), canonicalRow(expected[i], table.columns), `${key} row ${i}`);
    }
  }
});

test('an excluded table keeps its schema but has no data part', async () => {
  const contents = await readBacpacRows(result.path);
  assert.ok(contents.parsed.model.tables.some((t) => t.name === 'umbracoLog'));
  assert.ok(!contents.partNames.some((n) => n.includes('dbo.umbracoLog/')));
  const log = result.tables.find((t) => t.name === 'umbracoLog');
  assert.deepEqual({ excluded: log?.dataExcluded, rows: log?.rows }, { excluded: true, rows: 0 });
});

test('schema and every table were read inside one SNAPSHOT transaction', () => {
  const dataQueries = served.server.queries.filter((q) => /cdb:(data|catalog)/.test(q.sql));
  assert.ok(dataQueries.length > 69);
  const descriptors = new Set(dataQueries.map((q) => q.transactionDescriptor));
  assert.equal(descriptors.size, 1, 'one transaction for all reads');
  assert.ok(dataQueries.every((q) => q.inTransaction && /snapshot/i.test(q.isolationLevel)), 'all reads under SNAPSHOT');
});

test('progress reports phases in order and the password appears in no log line', () => {
  const phases = logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l).phase as string);
  const order = ['connecting', 'reading-schema', 'writing-model', 'exporting-data', 'finishing', 'verifying', 'done'];
  assert.deepEqual([...new Set(phases)], order);
  for (const line of logs) assert.ok(!line.includes(served.password), 'password leaked into a log line');
});
