import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBackup } from '../../../src/core/export/runBackup';
import { verifyBacpac } from '../../../src/core/verify/verifyBacpac';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase } from '../../support/demo/serveDatabase';
import { rewritePackage } from '../../support/bacpac/rewritePackage';

// The verifier must catch what would make an import fail or lose data. A good package is made once, then
// copied with one thing wrong at a time.
let folder: string;
let good: string;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'verify-mutations-'));
  const served = await serveDatabase(generateUmbracoDatabase({ scale: 0.02, databaseName: 'mutations' }));
  try {
    good = (await runBackup({ connection: served.settings(), outputFolder: folder })).path;
  } finally {
    await served.close();
  }
});
after(() => folder && rmSync(folder, { recursive: true, force: true }));

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex').toUpperCase();

async function mutated(name: string, change: (entry: string, data: Buffer) => Buffer): Promise<string> {
  const path = join(folder, `${name}.bacpac`);
  await rewritePackage(good, path, change);
  return path;
}

/** Replaces text in model.xml and, unless told not to, writes the matching checksum into Origin.xml. */
function editModel(from: string | RegExp, to: string, fixChecksum = true) {
  let newChecksum = '';
  return (entry: string, data: Buffer): Buffer => {
    if (entry === 'model.xml') {
      const text = data.toString('utf8');
      const edited = Buffer.from(text.replace(from, to), 'utf8');
      assert.ok(!edited.equals(data), 'the edit must change model.xml');
      newChecksum = sha256(edited);
      return edited;
    }
    if (entry === 'Origin.xml' && fixChecksum) {
      return Buffer.from(data.toString('utf8').replace(/(<Checksum Uri="\/model\.xml">)[0-9A-F]+/, `$1${newChecksum}`), 'utf8');
    }
    return data;
  };
}

test('the unchanged package verifies', async () => {
  const report = await verifyBacpac(good);
  assert.deepEqual(report.errors, []);
});

test('a changed byte in model.xml is a checksum mismatch', async () => {
  const path = await mutated('model-byte', editModel('umbracoNode', 'umbracoNodf', false));
  const report = await verifyBacpac(path);
  assert.ok(report.errors.some((e) => e.code === 'checksum.mismatch'), JSON.stringify(report.errors));
});

test('a truncated BCP part does not decode', async () => {
  const path = await mutated('truncated-part', (entry, data) => (entry.includes('dbo.umbracoNode/') ? data.subarray(0, data.length - 3) : data));
  const report = await verifyBacpac(path);
  assert.ok(report.errors.some((e) => e.code === 'data.decode' && e.where?.includes('umbracoNode')), JSON.stringify(report.errors));
});

test('a dangling reference in the model is reported by name', async () => {
  // The primary key of umbracoNode now names a column the table does not have.
  const path = await mutated('dangling', editModel(/(<Element Type="SqlPrimaryKeyConstraint" Name="\[dbo\]\.\[PK_umbracoNode\]">[\s\S]*?<References Name="\[dbo\]\.\[umbracoNode\]\.)\[id\]/, '$1[no_such_column]'));
  const report = await verifyBacpac(path);
  assert.ok(!report.errors.some((e) => e.code === 'checksum.mismatch'), 'the checksum was fixed up');
  assert.ok(report.errors.some((e) => e.code === 'model.dangling-reference' && /no_such_column/.test(e.message)), JSON.stringify(report.errors));
});

test('a wrong row count in Origin.xml is reported', async () => {
  const path = await mutated('row-count', (entry, data) =>
    entry === 'Origin.xml' ? Buffer.from(data.toString('utf8').replace(/<TableRowCountTotalTag>(\d+)</, (_, n: string) => `<TableRowCountTotalTag>${Number(n) + 1}<`), 'utf8') : data,
  );
  const report = await verifyBacpac(path);
  assert.ok(report.errors.some((e) => e.code === 'data.row-count'), JSON.stringify(report.errors));
});
