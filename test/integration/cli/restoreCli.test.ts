import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase, type ServedDatabase } from '../../support/demo/serveDatabase';
import { startRestoreTarget, type RestoreTargetServer } from '../../support/tds/database/restoreTargetServer';

// `cloud-db-backup pull`, `restore` and `script` as a person runs them, against the test double: a Cloud database
// (serveDatabase) and a local SQL Server to restore into (startRestoreTarget).

const projectRoot = resolve(__dirname, '..', '..', '..', '..');
const cli = join(projectRoot, 'dist', 'cli.js');
const skip = existsSync(cli) ? false : 'needs dist/cli.js: run `npm run build` first';

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const db = generateUmbracoDatabase({ scale: 0.02, databaseName: 'site-live' });
let cloud: ServedDatabase;
let local: RestoreTargetServer;
let folder: string;
before(async () => {
  cloud = await serveDatabase(db);
  local = await startRestoreTarget({ model: db.model });
  folder = mkdtempSync(join(tmpdir(), 'cli-restore-'));
});
after(async () => {
  await cloud?.close();
  await local?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const localFlags = (prefix: string, database: string) => [`--${prefix}server`, `tcp:127.0.0.1,${local.server.port}`, `--${prefix}database`, database, `--${prefix}user`, local.user, `--${prefix}trust-server-certificate`];

test('pull backs up the Cloud database, restores it locally and prints the umbracoDbDSN without the password', { skip }, async () => {
  const r = await runCli([
    'pull', '--server', `tcp:127.0.0.1,${cloud.port}`, '--database', cloud.database, '--user', cloud.user, '--trust-server-certificate', '--out', folder,
    ...localFlags('to-', 'site-local'),
  ], { CLOUD_DB_PASSWORD: cloud.password, CLOUD_DB_TARGET_PASSWORD: local.password });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /Backup written: /);
  assert.match(r.stdout, /Restored into \[site-local\] on tcp:127\.0\.0\.1,\d+ \(created\)/);
  assert.match(r.stdout, /dbo\.umbracoNode\s+\d+ of\s+\d+ {2}ok/);
  assert.match(r.stdout, /The package was verified as it was written, so it was not read a second time\./);
  assert.match(r.stdout, /"umbracoDbDSN": "Server=127\.0\.0\.1,\d+;Database=site-local;User Id=sa;Password=<password>;Encrypt=True;TrustServerCertificate=True"/);
  assert.match(r.stdout, /"umbracoDbDSN_ProviderName": "Microsoft.Data.SqlClient"/);
  assert.match(r.stdout, /warning: Users, roles and permissions were not restored \(4 users, .*--include-users/);
  assert.ok(!local.databases.get('site-local')!.statements.some((s) => s.startsWith('CREATE USER')), 'no user without --include-users');
  for (const secret of [cloud.password, local.password]) assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret));
  assert.ok(local.databases.has('site-local'));
  assert.equal(readdirSync(folder).filter((f) => f.endsWith('.bacpac')).length, 1);
});

test('restore refuses a database that is not empty (exit 2) and replaces it with --replace; script prints the schema', { skip }, async () => {
  const bacpac = join(folder, readdirSync(folder).find((f) => f.endsWith('.bacpac'))!);
  const env = { CLOUD_DB_TARGET_PASSWORD: local.password };
  const refused = await runCli(['restore', bacpac, ...localFlags('', 'site-local')], env);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /Restore failed: The database \[site-local\] .* is not empty/);
  const replaced = await runCli(['restore', bacpac, ...localFlags('', 'site-local'), '--replace', '--parallel', '2', '--include-users'], env);
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.match(replaced.stdout, /\(replaced\)/);
  assert.doesNotMatch(replaced.stdout, /verified as it was written/, 'a restore of a file verifies it itself');
  // --include-users: the users are created (the double has no logins, so the one mapped to a login is skipped and said so).
  const statements = local.databases.get('site-local')!.statements;
  assert.ok(statements.includes('CREATE USER [etl] WITHOUT LOGIN WITH DEFAULT_SCHEMA = [reporting];'), statements.filter((s) => s.startsWith('CREATE')).slice(0, 10).join('\n'));
  assert.ok(statements.includes('GRANT VIEW DEFINITION TO [umbracoReaders];'));
  assert.match(replaced.stdout, /warning: User umbraco-cloud-live was not restored: the server has no login umbraco-cloud-live/);
  assert.doesNotMatch(replaced.stdout, /Users, roles and permissions were not restored/);
  const localDb = await runCli(['restore', bacpac, '--server', '(localdb)\\MSSQLLocalDB', '--database', 'x', '--user', 'sa'], env);
  assert.equal(localDb.code, 2);
  assert.match(localDb.stderr, /LocalDB and named pipes are not supported/);

  const script = await runCli(['script', bacpac]);
  assert.equal(script.code, 0, script.stderr);
  assert.match(script.stdout, /^-- Schema of site-live/);
  assert.match(script.stdout, /CREATE TABLE \[dbo\]\.\[umbracoNode\] \(/);
  assert.match(script.stdout, /\nGO\n/);
});

test('npm run demo shows the whole loop: backup, then restore into a second double with per-table counts', { skip, timeout: 300_000 }, async () => {
  const r = await runCli(['demo', '--out', join(folder, 'demo')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Backup written: /);
  assert.match(r.stdout, /Restored into \[umbraco-demo-local\] on tcp:127\.0\.0\.1,\d+ \(created\)/);
  assert.match(r.stdout, /every table's row count matches the package/);
  const lines = r.stdout.split('\n').filter((l) => / of +[\d,]+ {2}(ok|MISMATCH)$/.test(l));
  assert.ok(lines.length > 60, `${lines.length} table lines`);
  assert.deepEqual(lines.filter((l) => l.endsWith('MISMATCH')), []);
});
