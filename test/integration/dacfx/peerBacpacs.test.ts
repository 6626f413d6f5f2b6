import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sharedPath, skipUnlessShared } from '../../support/sharedFixtures';

// Runs Microsoft's DacFx (tools/dacfx-check, through scripts/check-dacfx.mjs) over the real DacFx-written
// packages, and checks what DacFx reads against the independent decoder output in expected/*.decoded.json.

const projectRoot = resolve(__dirname, '..', '..', '..', '..');
const script = join(projectRoot, 'scripts', 'check-dacfx.mjs');
const peers = ['adventureworkslt2025', 'bacpactod-kitchen-sink', 'saptable-adf-starter-db'];
// The first run builds the tool (NuGet restore + compile), which takes minutes on a busy 2-core machine.
const timeout = 15 * 60 * 1000;

interface ColumnReport { name: string; type: string; baseType: string; userType?: string; length?: number; nullable: boolean; identity: boolean; computed: boolean }
interface TableReport { name: string; columns: ColumnReport[]; rows?: number; dataParts: { uri: string; rows: number }[] }
interface BacpacReport { file: string; ok: boolean; errors: string[]; modelVersion?: string; tables: TableReport[]; dataRowsDecoded?: number; originRowCount?: number; createScriptLength?: number }
interface DecodedFixture { totalRows: number; tables: { table: string; columns: { name: string }[]; parts: { part: string; rows: number }[]; rowCount: number }[] }

function dotnetSkip(): false | string {
  // CI must not skip: there the script itself fails when dotnet is missing, and this test reports it.
  if (process.env.CI === 'true') return false;
  return spawnSync('dotnet', ['--version']).status === 0 ? false : 'needs the .NET SDK (`dotnet` on PATH) to run DacFx';
}

const skip = skipUnlessShared('fixtures', 'peer-bacpacs') || dotnetSkip();

function runChecker(args: string[]) {
  return spawnSync(process.execPath, [script, 'bacpac', ...args], { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
}

function withTempDir(body: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'dacfx-check-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('DacFx loads, validates, scripts and reads the data of every real peer bacpac', { skip, timeout }, () => {
  withTempDir((dir) => {
    const jsonOut = join(dir, 'report.json');
    const files = peers.map((name) => sharedPath('fixtures', 'peer-bacpacs', `${name}.bacpac`));
    const result = runChecker([...files, '--json-out', jsonOut, '--script-out', join(dir, 'scripts')]);
    assert.equal(result.status, 0, `check-dacfx failed:\n${result.stdout}\n${result.stderr}`);

    const reports = JSON.parse(readFileSync(jsonOut, 'utf8')) as BacpacReport[];
    assert.equal(reports.length, peers.length);
    for (const [i, name] of peers.entries()) {
      const report = reports[i];
      assert.ok(report.ok, `${name}: ${report.errors.join('\n')}`);
      assert.ok((report.createScriptLength ?? 0) > 0, `${name}: DacFx produced no create script`);
      const script = readFileSync(join(dir, 'scripts', `${name}.sql`), 'utf8');
      assert.match(script, /CREATE TABLE/);

      // What DacFx's own BCP reader decoded must agree with the independent decoder, table by table.
      const expected = JSON.parse(readFileSync(sharedPath('fixtures', 'peer-bacpacs', 'expected', `${name}.decoded.json`), 'utf8')) as DecodedFixture;
      assert.equal(report.dataRowsDecoded, expected.totalRows, `${name}: total rows`);
      assert.equal(report.originRowCount, expected.totalRows, `${name}: Origin.xml row count`);
      for (const table of expected.tables) {
        const actual = report.tables.find((t) => t.name === table.table);
        assert.ok(actual, `${name}: DacFx's model has no table ${table.table}`);
        assert.deepEqual(actual.columns.filter((c) => !c.computed).map((c) => c.name), table.columns.map((c) => c.name), `${table.table}: BCP columns`);
        assert.equal(actual.rows, table.rowCount, `${table.table}: rows`);
        assert.deepEqual(actual.dataParts.map((p) => [p.uri, p.rows]), table.parts.map((p) => [`/${p.part}`, p.rows]), `${table.table}: parts`);
      }
      assert.equal(report.tables.length, expected.tables.length, `${name}: table count`);
    }

    const awlt = reports[0];
    assert.equal(awlt.modelVersion, 'Sql170');
    const customer = awlt.tables.find((t) => t.name === '[SalesLT].[Customer]');
    assert.ok(customer);
    const column = (n: string) => customer.columns.find((c) => c.name === n);
    assert.deepEqual(
      { ...column('CustomerID') },
      { name: 'CustomerID', type: 'int', baseType: 'int', isMax: false, nullable: false, identity: true, computed: false, rowGuid: false },
    );
    assert.equal(column('FirstName')?.type, '[dbo].[Name] (nvarchar(50))');
    assert.equal(column('FirstName')?.userType, '[dbo].[Name]');
    assert.equal(column('EmailAddress')?.type, 'nvarchar(50)');
    assert.equal(column('EmailAddress')?.nullable, true);
    assert.equal(column('rowguid')?.baseType, 'uniqueidentifier');
  });
});

test('a damaged bacpac makes the DacFx check fail with DacFx\'s own error', { skip, timeout }, () => {
  withTempDir((dir) => {
    const original = readFileSync(sharedPath('fixtures', 'peer-bacpacs', 'saptable-adf-starter-db.bacpac'));
    const damaged = join(dir, 'damaged.bacpac');
    // Cut off the ZIP's central directory: no reader can open what is left.
    writeFileSync(damaged, original.subarray(0, Math.floor(original.length / 2)));
    const jsonOut = join(dir, 'report.json');
    const result = runChecker([damaged, '--json-out', jsonOut]);
    assert.equal(result.status, 1, `expected failure:\n${result.stdout}\n${result.stderr}`);
    const [report] = JSON.parse(readFileSync(jsonOut, 'utf8')) as BacpacReport[];
    assert.equal(report.ok, false);
    assert.match(report.errors.join('\n'), /BacPackage\.Load failed/);
  });
});
