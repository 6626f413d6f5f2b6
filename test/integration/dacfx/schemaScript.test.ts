import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBackup } from '../../../src/core/export/runBackup';
import { BacpacPackageReader } from '../../../src/core/package/bacpacReader';
import { databaseOptionDefaults } from '../../../src/core/model/databaseOptions';
import type { DatabaseOptionsModel } from '../../../src/core/model/types';
import { existingLoginsQuery } from '../../../src/core/restore/restoreQueries';
import { buildSchemaScript, databaseOptionStatements, renderSchemaScript } from '../../../src/core/script';
import { readPackageModel } from '../../../src/core/script/packageModel';
import type { GeneratedDatabase } from '../../support/databases/generatedDatabase';
import { createAllTypesDatabase } from '../../support/databases/rowGenerator';
import { createRichSchemaDatabase } from '../../support/databases/richSchema';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase } from '../../support/demo/serveDatabase';
import { sharedPath, skipUnlessShared } from '../../support/sharedFixtures';

// The oracle for the schema script (src/core/script): DacFx builds a model from our T-SQL and compares it element
// by element — every object, every property DacFx's metadata lists, every reference and child — with the model it
// loads from the package (tools/dacfx-check compare-script). ScriptDom parses the script under the SQL Server
// 2022 and Azure SQL Database grammars. Packages: the real DacFx ones under ../shared (three peers, Umbraco 13
// and 17) and our own exports of the Umbraco demo, the all-types and the rich-schema databases.

const projectRoot = resolve(__dirname, '..', '..', '..', '..');
const checker = join(projectRoot, 'scripts', 'check-dacfx.mjs');
const timeout = 20 * 60 * 1000;

function dotnetSkip(): false | string {
  if (process.env.CI === 'true') return false;
  return spawnSync('dotnet', ['--version']).status === 0 ? false : 'needs the .NET SDK (`dotnet` on PATH) to run DacFx';
}
const skip = dotnetSkip();
let folder = '';

interface CompareReport { objectsCompared: number; errors: string[]; differences: string[]; skipped: string[]; derived: string[] }

async function scriptOf(bacpac: string, includePrincipals = false): Promise<string> {
  const reader = await BacpacPackageReader.open(bacpac);
  try {
    return renderSchemaScript(buildSchemaScript((await readPackageModel(reader)).model, { includePrincipals }));
  } finally {
    await reader.close();
  }
}

function compare(bacpac: string, script: string, name: string, includePrincipals = false): { status: number | null; report: CompareReport; output: string } {
  const sqlFile = join(folder, `${name}.sql`);
  const jsonOut = join(folder, `${name}.json`);
  writeFileSync(sqlFile, script);
  const run = spawnSync(process.execPath, [checker, 'compare-script', bacpac, sqlFile, '--json-out', jsonOut, ...(includePrincipals ? ['--include-principals'] : [])], { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(readFileSync(jsonOut, 'utf8')) as CompareReport;
  return { status: run.status, report, output: `${run.stdout}\n${run.stderr}` };
}

function assertSameModel(bacpac: string, script: string, name: string, minObjects: number, knownWriterDifferences: string[] = []): void {
  const { status, report, output } = compare(bacpac, script, name);
  assert.deepEqual(report.errors, [], output);
  assert.deepEqual(report.differences, knownWriterDifferences, output);
  if (knownWriterDifferences.length === 0) assert.equal(status, 0, output);
  assert.ok(report.objectsCompared >= minObjects, `only ${report.objectsCompared} objects compared`);
}

before(() => {
  if (!skip) folder = mkdtempSync(join(tmpdir(), 'schema-script-'));
});
after(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const realPackages: [string, string[], number][] = [
  ['AdventureWorksLT 2025', ['fixtures', 'peer-bacpacs', 'adventureworkslt2025.bacpac'], 300],
  ['bacpactod kitchen sink', ['fixtures', 'peer-bacpacs', 'bacpactod-kitchen-sink.bacpac'], 40],
  ['saptable ADF starter', ['fixtures', 'peer-bacpacs', 'saptable-adf-starter-db.bacpac'], 15],
  ['Umbraco 13 (DemoStore)', ['fixtures', 'umbraco-real', 'UmbracoCommerceDemoStore_v13.1.0.bacpac'], 700],
  ['Umbraco 17 (DemoStore)', ['fixtures', 'umbraco-real', 'UmbracoCommerceDemoStore_v17.0.0.bacpac'], 700],
];

for (const [label, parts, minObjects] of realPackages) {
  test(`DacFx's model of our script equals the package's: ${label}`, { skip: skip || skipUnlessShared(...parts), timeout }, async () => {
    const bacpac = sharedPath(...parts);
    assertSameModel(bacpac, await scriptOf(bacpac), label.replace(/\W+/g, '-'), minObjects);
  });
}

// A difference on the package's side, not the script's: the all-types source has [dbo].[AddOne] created with
// QUOTED_IDENTIFIER OFF, the script sets it OFF, but DacFx reads our model.xml's function as ON (our writer puts
// QuotedIdentifiers="False" on the nested FunctionBody script, which DacFx does not take for the function). Listed
// exactly, so that any other difference still fails; to be fixed in the model.xml writer.
const allTypesWriterDifferences = ['ScalarFunction [dbo].[AddOne]: property QuotedIdentifierOn: package "True", script "False"'];

// By default the script creates no principals, so a schema owned by a role is owned by dbo (the restore's default;
// with principals included the owner is kept: see the tests at the end).
const umbracoWithoutPrincipals = ['Schema [reporting]: Authorizer: package [[umbracoReaders]], script [[dbo]]'];

const ourDatabases: [string, () => GeneratedDatabase, number, string[]][] = [
  ['umbraco demo', () => generateUmbracoDatabase({ scale: 0.02 }), 300, umbracoWithoutPrincipals],
  ['all-types', () => createAllTypesDatabase({ rowsPerTable: 3 }), 5, allTypesWriterDifferences],
  ['rich-schema', () => createRichSchemaDatabase(), 25, []],
];

for (const [label, create, minObjects, known] of ourDatabases) {
  test(`DacFx's model of our script equals the package's: our export of the ${label} database`, { skip, timeout }, async () => {
    const served = await serveDatabase(create());
    let bacpac: string;
    try {
      bacpac = (await runBackup({ connection: served.settings(), outputFolder: folder, fileNamePattern: `${label.replace(/\W+/g, '-')}.bacpac`, compression: 'fast' })).path;
    } finally {
      await served.close();
    }
    assertSameModel(bacpac, await scriptOf(bacpac), `ours-${label.replace(/\W+/g, '-')}`, minObjects, known);
  });
}

test('the comparison fails when the script differs from the package (an oracle that can fail)', { skip: skip || skipUnlessShared('fixtures', 'peer-bacpacs', 'adventureworkslt2025.bacpac'), timeout }, async () => {
  const bacpac = sharedPath('fixtures', 'peer-bacpacs', 'adventureworkslt2025.bacpac');
  const script = await scriptOf(bacpac);
  const changed = script
    .replace('CREATE TYPE [dbo].[Name] FROM nvarchar(50)', 'CREATE TYPE [dbo].[Name] FROM nvarchar(51)')
    .replace(/ ON DELETE CASCADE/, '')
    .replace(/CREATE NONCLUSTERED INDEX [^\n]*\nGO\n/, '');
  assert.notEqual(changed, script);
  const { status, report } = compare(bacpac, changed, 'mutated');
  assert.equal(status, 1);
  assert.ok(report.differences.some((d) => d.includes('UddtLength')), report.differences.join('\n'));
  assert.ok(report.differences.some((d) => d.includes('DeleteAction')), report.differences.join('\n'));
  assert.ok(report.differences.some((d) => d.startsWith('Index ') && d.includes('not created by the script')), report.differences.join('\n'));
  const broken = compare(bacpac, script.replace('CREATE TABLE', 'CREATE TABEL'), 'syntax');
  assert.equal(broken.status, 1);
  assert.ok(broken.report.errors.some((e) => e.includes('TSql160Parser')), broken.report.errors.join('\n'));
});

// With principals included (the restore's --include-users), DacFx's model of the script must hold the package's
// SqlUser, SqlRole, SqlRoleMembership and SqlPermissionStatement elements, property for property (a user's random
// password aside; logins stay out: the restore creates users FOR LOGIN only where the target has the login).
function assertSamePrincipals(bacpac: string, script: string, name: string, expected: RegExp[]): CompareReport {
  const { status, report, output } = compare(bacpac, script, name, true);
  assert.deepEqual(report.errors, [], output);
  assert.deepEqual(report.differences, [], output);
  assert.equal(status, 0, output);
  assert.deepEqual(report.skipped.filter((s) => !/^(Login|DatabaseOptions) /.test(s)), [], 'only logins and options are left out of the comparison');
  for (const pattern of expected) assert.match(script, pattern);
  return report;
}

test('with principals included, DacFx\'s model of our script has the package\'s users, roles, memberships and permissions: our export of the umbraco demo', { skip, timeout }, async () => {
  const served = await serveDatabase(generateUmbracoDatabase({ scale: 0.02 }));
  let bacpac: string;
  try {
    bacpac = (await runBackup({ connection: served.settings(), outputFolder: folder, fileNamePattern: 'principals-umbraco.bacpac', compression: 'fast' })).path;
  } finally {
    await served.close();
  }
  const script = await scriptOf(bacpac, true);
  assertSamePrincipals(bacpac, script, 'principals-umbraco', [
    /^CREATE USER \[umbraco-reporting\] WITH PASSWORD = N'/m, /^CREATE ROLE \[umbracoEditors\] AUTHORIZATION \[umbraco-cloud-live\];$/m,
    /^CREATE SCHEMA \[reporting\] AUTHORIZATION \[umbracoReaders\];$/m, /^REVOKE SELECT ON OBJECT::\[dbo\]\.\[umbracoUser\] \(\[userPassword\]\) FROM \[etl\];$/m,
  ]);
  // The oracle fails when the script loses a permission, a grant option or a membership.
  const changed = script
    .replace('GRANT CONNECT TO [umbraco-reporting];', '')
    .replace('GRANT INSERT ON OBJECT::[dbo].[umbracoNode] TO [umbracoEditors] WITH GRANT OPTION;', 'GRANT INSERT ON OBJECT::[dbo].[umbracoNode] TO [umbracoEditors];')
    .replace('ALTER ROLE [db_owner] ADD MEMBER [umbraco-cloud-live];', '');
  const mutated = compare(bacpac, changed, 'principals-mutated', true);
  assert.equal(mutated.status, 1);
  const d = mutated.report.differences.join('\n');
  assert.match(d, /Permission \[Grant\.Connect\.Database\]\.\[umbraco-reporting\].*not created by the script/);
  assert.match(d, /WithGrantOption: package "True", script "False"/);
  assert.match(d, /RoleMembership .*Member=\[umbraco-cloud-live\], Role=\[db_owner\].*not created by the script/);
});

test('with principals included, DacFx\'s model of our script has the package\'s users, memberships and permissions: Umbraco 13 (DemoStore)', { skip: skip || skipUnlessShared('fixtures', 'umbraco-real', 'UmbracoCommerceDemoStore_v13.1.0.bacpac'), timeout }, async () => {
  const bacpac = sharedPath('fixtures', 'umbraco-real', 'UmbracoCommerceDemoStore_v13.1.0.bacpac');
  assertSamePrincipals(bacpac, await scriptOf(bacpac, true), 'principals-demostore', [/^CREATE USER \[\S+\] FOR LOGIN \[/m, /^ALTER ROLE \[db_owner\] ADD MEMBER /m, /^GRANT VIEW ANY COLUMN MASTER KEY DEFINITION TO \[public\];$/m]);
});

// The restore's other statements: one ALTER DATABASE per option (every option set away from its default) and the
// look-up of the logins users map to. ScriptDom parses each under both grammars.
test('every database option statement and the login look-up parse for SQL Server 2025 and Azure SQL Database', { skip, timeout }, () => {
  const options: Record<string, boolean | number> = {};
  for (const [name, def] of databaseOptionDefaults) options[name] = typeof def === 'boolean' ? !def : name === 'QueryStoreDesiredState' ? 2 : name === 'RecoveryMode' || name === 'PageVerifyMode' || name === 'ParameterizationOption' ? 2 : name === 'ServiceBrokerOption' ? 1 : name === 'Containment' ? 1 : name === 'DelayedDurabilityMode' ? 1 : name === 'QueryStoreCaptureMode' ? 2 : (def ?? 0) + 7;
  const model = { ...generateUmbracoDatabase({ scale: 0.001 }).model, compatibilityLevel: 150, options: options as DatabaseOptionsModel };
  const statements = databaseOptionStatements(model).filter((s) => s.sql);
  assert.ok(statements.length >= 35, `${statements.length} statements`);
  const queries = [...statements.map((s) => ({ name: s.option, sql: s.sql! })), { name: 'logins', sql: existingLoginsQuery(['umbraco-cloud-live', "o'brien"]) }];
  const jsonOut = join(folder, 'options.json');
  writeFileSync(join(folder, 'options-queries.json'), JSON.stringify(queries));
  const run = spawnSync(process.execPath, [checker, 'parse-sql', join(folder, 'options-queries.json'), '--json-out', jsonOut], { encoding: 'utf8', timeout });
  const report = JSON.parse(readFileSync(jsonOut, 'utf8')) as { queries: { name: string; syntaxErrors: unknown[] }[] };
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.equal(report.queries.length, queries.length);
  for (const q of report.queries) assert.deepEqual(q.syntaxErrors, [], q.name);
});
