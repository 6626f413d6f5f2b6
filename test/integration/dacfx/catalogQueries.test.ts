import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { catalogQueries } from '../../../src/core/catalog/queries';

// Parses every catalog query the exporter sends with Microsoft's T-SQL parser (SQL Server 2025 and Azure SQL
// Database grammars) through `scripts/check-dacfx.mjs parse-sql`.

const projectRoot = resolve(__dirname, '..', '..', '..', '..');
const script = join(projectRoot, 'scripts', 'check-dacfx.mjs');
const timeout = 15 * 60 * 1000;

interface QueryReport { name: string; syntaxErrors: { parser: string; line: number; column: number; message: string }[]; sysViews: string[]; sysColumns: Record<string, string[]> }
interface ParseReport { queries: QueryReport[]; sysCatalog: Record<string, string[]> }

const skip = process.env.CI !== 'true' && spawnSync('dotnet', ['--version']).status !== 0 ? 'needs the .NET SDK (`dotnet` on PATH)' : false;

function parse(queries: { name: string; sql: string }[]): { status: number | null; output: string; report: ParseReport } {
  const dir = mkdtempSync(join(tmpdir(), 'dacfx-parse-'));
  try {
    writeFileSync(join(dir, 'queries.json'), JSON.stringify(queries));
    const jsonOut = join(dir, 'report.json');
    const run = spawnSync(process.execPath, [script, 'parse-sql', join(dir, 'queries.json'), '--json-out', jsonOut], { encoding: 'utf8', timeout });
    return { status: run.status, output: `${run.stdout}\n${run.stderr}`, report: JSON.parse(readFileSync(jsonOut, 'utf8')) as ParseReport };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every catalog query parses for SQL Server 2025 and Azure SQL Database', { skip, timeout }, () => {
  const queries = Object.entries(catalogQueries).map(([name, sql]) => ({ name, sql }));
  const { status, output, report } = parse(queries);
  assert.equal(status, 0, output);
  assert.deepEqual(report.queries.map((q) => q.name), queries.map((q) => q.name));
  for (const query of report.queries) {
    assert.deepEqual(query.syntaxErrors, [], query.name);
    assert.ok(query.sysViews.length > 0, `${query.name} reads no sys.* view`);
  }
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
