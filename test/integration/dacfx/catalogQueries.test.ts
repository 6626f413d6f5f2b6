import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { catalogQueries } from '../../../src/core/catalog/queries';
import { testConnectionQuery } from '../../../src/core/connection/testConnection';
import { snapshotStateQuery } from '../../../src/core/export/consistency';
import { planTableRead } from '../../../src/core/export/tableReader';
import { allTypesModel } from '../../support/databases/allTypes';
import { richSchemaModel } from '../../support/databases/richSchema';

// Parses every query the catalog reader and the export send with Microsoft's T-SQL parser (SQL Server 2025 and
// Azure SQL Database grammars) through `scripts/check-dacfx.mjs parse-sql`: the catalog queries, the data query of
// every table of the all-types and rich-schema databases (every column type's select expression, names that need
// quoting), the snapshot check and Test Connection's query. The sys.* views and columns they name are written to
// tools/dacfx-check/sys-catalog-usage.md, which must be up to date (it is committed, to compare with the docs).

const projectRoot = resolve(__dirname, '..', '..', '..', '..');
const script = join(projectRoot, 'scripts', 'check-dacfx.mjs');
const usageFile = join(projectRoot, 'tools', 'dacfx-check', 'sys-catalog-usage.md');
const timeout = 15 * 60 * 1000;

interface QueryReport { name: string; syntaxErrors: { parser: string; line: number; column: number; message: string }[]; sysViews: string[]; sysColumns: Record<string, string[]> }
interface ParseReport { queries: QueryReport[]; sysCatalog: Record<string, string[]> }

const skip = process.env.CI !== 'true' && spawnSync('dotnet', ['--version']).status !== 0 ? 'needs the .NET SDK (`dotnet` on PATH)' : false;

function parse(queries: { name: string; sql: string }[]): { status: number | null; output: string; report: ParseReport; markdown: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dacfx-parse-'));
  try {
    writeFileSync(join(dir, 'queries.json'), JSON.stringify(queries));
    const jsonOut = join(dir, 'report.json');
    const markdownOut = join(dir, 'usage.md');
    const run = spawnSync(process.execPath, [script, 'parse-sql', join(dir, 'queries.json'), '--json-out', jsonOut, '--markdown-out', markdownOut], { encoding: 'utf8', timeout });
    return {
      status: run.status, output: `${run.stdout}\n${run.stderr}`,
      report: JSON.parse(readFileSync(jsonOut, 'utf8')) as ParseReport, markdown: readFileSync(markdownOut, 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const catalogList = Object.entries(catalogQueries).map(([name, sql]) => ({ name, sql }));
const sessionQueries = [
  { name: 'snapshotState (consistency.ts)', sql: snapshotStateQuery },
  { name: 'testConnection (testConnection.ts)', sql: testConnectionQuery },
];
const dataQueries = [allTypesModel(), richSchemaModel()].flatMap((model) => (['wire', 'driver'] as const).flatMap((reader) =>
  model.tables.map((table) => ({ name: `data (${reader} reader) ${model.name}.${table.schema}.${table.name}`, sql: planTableRead(table, model, reader).sql }))));

test('every catalog, data and session query parses for SQL Server 2025 and Azure SQL Database', { skip, timeout }, () => {
  const queries = [...catalogList, ...sessionQueries, ...dataQueries];
  assert.ok(dataQueries.length >= 10, 'a data query per table of both databases');
  const { status, output, report, markdown } = parse(queries);
  assert.equal(status, 0, output);
  assert.deepEqual(report.queries.map((q) => q.name), queries.map((q) => q.name));
  for (const query of report.queries) assert.deepEqual(query.syntaxErrors, [], query.name);
  for (const query of report.queries.slice(0, catalogList.length + 1)) {
    assert.ok(query.sysViews.length > 0, `${query.name} reads no sys.* view`);
  }
  // The data queries read user tables only; every sys.* name comes from the catalog and session queries.
  for (const query of report.queries.slice(catalogList.length + sessionQueries.length)) assert.deepEqual(query.sysViews, [], query.name);
  assert.ok(report.sysCatalog['sys.sql_expression_dependencies']?.includes('referenced_id'), 'module dependencies are read');
  if (process.env.DACFX_UPDATE_SYS_USAGE === '1') writeFileSync(usageFile, markdown);
  const committed = existsSync(usageFile) ? readFileSync(usageFile, 'utf8') : '';
  assert.equal(committed, markdown, 'tools/dacfx-check/sys-catalog-usage.md is out of date: run this test with DACFX_UPDATE_SYS_USAGE=1 and commit it');
});

test('a syntax error fails the check and is reported with its line and column', { skip, timeout }, () => {
  const { status, report } = parse([
    { name: 'fine', sql: 'SELECT c.name, c.is_nullable FROM sys.columns AS c JOIN sys.tables t ON t.object_id = c.object_id' },
    { name: 'broken', sql: 'SELECT name\nFROM sys.objects WHERE' },
  ]);
  assert.equal(status, 1);
  const [fine, broken] = report.queries;
  assert.deepEqual(fine.syntaxErrors, []);
  assert.deepEqual(fine.sysColumns, { 'sys.columns': ['is_nullable', 'name', 'object_id'], 'sys.tables': ['object_id'] });
  assert.equal(broken.syntaxErrors.length, 2, 'one error from each grammar');
  assert.deepEqual(broken.syntaxErrors.map((e) => [e.line, e.column]), [[2, 23], [2, 23]]);
});
