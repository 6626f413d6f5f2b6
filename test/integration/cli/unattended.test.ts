// The CLI made for unattended runs, against SQL Server test doubles: --json (one document on stdout, parsed
// here; progress on stderr), --config with two databases on two doubles, the worst exit code when one of them
// fails, refused configs (nothing connects), and the lock file: a second run of the same database skips or
// waits, whether the holder is another live process or another CLI run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupLockPath } from '../../../src/core/export/backupLock';
import { runCli, cliSkip as skip, type CliRun as Run } from '../../support/cli/runCli';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase, type ServedDatabase } from '../../support/demo/serveDatabase';
import { firewallBlocked } from '../../support/tds/scenarios';
import { serveScenario } from '../../vscode/support/doubleScenarios';

/** stdout must be exactly one JSON document. */
function parseJson(run: Run): Record<string, unknown> {
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`stdout is not one JSON document (${(error as Error).message}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

let live: ServedDatabase;
let staging: ServedDatabase;
let folder: string;
before(async () => {
  live = await serveDatabase(generateUmbracoDatabase({ scale: 0.03, databaseName: 'shop-live' }));
  staging = await serveDatabase(generateUmbracoDatabase({ scale: 0.03, databaseName: 'shop-staging' }));
  folder = mkdtempSync(join(tmpdir(), 'cli-unattended-'));
});
after(async () => {
  await live?.close();
  await staging?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const flagsFor = (s: ServedDatabase) => ['--server', `tcp:127.0.0.1,${s.port}`, '--database', s.database, '--user', s.user, '--trust-server-certificate'];
const entryFor = (s: ServedDatabase, out: string, passwordEnv: string, extra: Record<string, unknown> = {}) => ({
  server: `tcp:127.0.0.1,${s.port}`,
  database: s.database,
  user: s.user,
  passwordEnv,
  out,
  trustServerCertificate: true,
  compression: 'fast',
  ...extra,
});

function writeConfig(name: string, config: unknown): string {
  const path = join(folder, name);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

test('--json: one document on stdout with file, bytes, rows per table, duration, consistency and warnings', { skip }, async () => {
  const out = join(folder, 'json');
  const r = await runCli(['backup', ...flagsFor(live), '--out', out, '--json', '--exclude-data', 'dbo.umbracoLog'], { CLOUD_DB_PASSWORD: live.password });
  assert.equal(r.code, 0, r.stderr);
  const doc = parseJson(r);
  assert.equal(doc.ok, true);
  assert.equal(doc.exitCode, 0);
  assert.equal(doc.database, 'shop-live');
  assert.equal(doc.file, join(out, readdirSync(out).find((f) => f.endsWith('.bacpac'))!));
  assert.equal(typeof doc.bytes, 'number');
  assert.ok((doc.bytes as number) > 1000);
  assert.equal(typeof doc.durationMs, 'number');
  assert.equal(doc.consistency, 'snapshot');
  assert.equal(doc.verified, true);
  assert.ok(Array.isArray(doc.warnings));
  const tables = doc.tables as { schema: string; name: string; rows: number; dataExcluded: boolean }[];
  const node = tables.find((t) => t.name === 'umbracoNode');
  assert.ok(node && node.rows > 0, 'rows per table');
  assert.equal(tables.find((t) => t.name === 'umbracoLog')?.dataExcluded, true);
  assert.equal(tables.reduce((s, t) => s + t.rows, 0), doc.totalRows);
  assert.match(r.stderr, /Backup written: /, 'the human summary went to stderr');
  assert.ok(!(r.stdout + r.stderr).includes(live.password));
});

test('--json on failure: the error with its kind, hint, client IP and exit code', { skip }, async () => {
  const blocked = await serveDatabase(generateUmbracoDatabase({ scale: 0.01, databaseName: 'shop-fw' }), { authenticate: () => ({ error: firewallBlocked('shop', '198.51.100.9') }) });
  try {
    const r = await runCli(['backup', ...flagsFor(blocked), '--out', join(folder, 'fw'), '--json'], { CLOUD_DB_PASSWORD: blocked.password });
    assert.equal(r.code, 4);
    const doc = parseJson(r);
    assert.equal(doc.ok, false);
    assert.equal(doc.exitCode, 4);
    const error = doc.error as { kind: string; message: string; clientIp?: string };
    assert.equal(error.kind, 'firewall');
    assert.equal(error.clientIp, '198.51.100.9');
    assert.match(r.stderr, /198\.51\.100\.9/, 'the person reading the log sees it too');
  } finally {
    await blocked.close();
  }
  const usage = await runCli(['backup', '--json', '--server', 'x']);
  assert.equal(usage.code, 2);
  assert.equal((parseJson(usage).error as { kind: string }).kind, 'usage');
});

test('--config: two databases on two doubles, one after another, both verified; --json lists both', { skip }, async () => {
  const config = writeConfig('two.json', {
    $schema: '../schemas/backups.schema.json',
    databases: [entryFor(live, 'two/live', 'LIVE_PW', { name: 'Shop / Live', retain: 2 }), entryFor(staging, 'two/staging', 'STAGING_PW', { name: 'Shop / Staging' })],
  });
  const r = await runCli(['backup', '--config', config, '--json'], { LIVE_PW: live.password, STAGING_PW: staging.password });
  assert.equal(r.code, 0, r.stderr);
  const doc = parseJson(r) as { ok: boolean; exitCode: number; databases: { ok: boolean; name: string; file: string; database: string }[] };
  assert.equal(doc.ok, true);
  assert.deepEqual(doc.databases.map((d) => [d.ok, d.name, d.database]), [[true, 'Shop / Live', 'shop-live'], [true, 'Shop / Staging', 'shop-staging']]);
  assert.ok(doc.databases[0].file.startsWith(join(folder, 'two', 'live')), 'relative out is taken from the config file folder');
  assert.equal(readdirSync(join(folder, 'two', 'staging')).filter((f) => f.endsWith('.bacpac')).length, 1);
  assert.match(r.stderr, /\[1\/2\] Shop \/ Live: backing up[\s\S]*\[2\/2\] Shop \/ Staging: backing up/, 'in order');
  assert.ok(!(r.stdout + r.stderr).includes(live.password) && !(r.stdout + r.stderr).includes(staging.password));
});

test('--config: a failing database does not stop the next, and the exit code is the worst one', { skip }, async () => {
  const config = writeConfig('one-fails.json', {
    databases: [entryFor(live, 'fails/live', 'LIVE_PW', { user: 'wrong-login' }), entryFor(staging, 'fails/staging', 'STAGING_PW')],
  });
  const r = await runCli(['backup', '--config', config], { LIVE_PW: live.password, STAGING_PW: staging.password });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /\[1\/2\] shop-live: failed: /);
  assert.equal(readdirSync(join(folder, 'fails', 'staging')).filter((f) => f.endsWith('.bacpac')).length, 1, 'the second still ran');
  assert.match(r.stdout, /Backup written: .*shop-staging/);
});

test('--config refuses bad files before anything connects, naming the key and the file', { skip }, async () => {
  const before = live.server.connections.length + staging.server.connections.length;
  const cases: [string, unknown, RegExp][] = [
    ['unknown-key.json', { databases: [{ ...entryFor(live, 'x', 'LIVE_PW'), retian: 3 }] }, /unknown-key\.json: databases\[0\]\.retian is not a known key/],
    ['no-password.json', { databases: [entryFor(live, 'x', 'LIVE_PW'), entryFor(staging, 'y', 'MISSING_PW')] }, /no-password\.json: databases\[1\]\.passwordEnv names the environment variable MISSING_PW, which is not set/],
    ['missing-field.json', { databases: [{ ...entryFor(live, 'x', 'LIVE_PW'), out: undefined }] }, /databases\[0\]\.out is missing/],
    ['duplicate.json', { databases: [entryFor(live, 'same', 'LIVE_PW'), entryFor(live, './same/', 'LIVE_PW', { compression: 'max' })] }, /duplicate\.json: databases\[1\] writes to the same target as databases\[0\]/],
    ['wrong-type.json', { databases: [{ ...entryFor(live, 'x', 'LIVE_PW'), retain: '3' }] }, /databases\[0\]\.retain must be a whole number, not string/],
    ['empty.json', { databases: [] }, /databases needs at least 1 entry/],
  ];
  for (const [name, config, message] of cases) {
    const r = await runCli(['backup', '--config', writeConfig(name, config)], { LIVE_PW: live.password });
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, message, name);
    assert.match(r.stderr, new RegExp(folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), `${name}: the message names the file`);
  }
  const mixed = await runCli(['backup', '--config', 'x.json', '--out', 'y']);
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /--config takes its options from the file; remove --out/);
  assert.equal(live.server.connections.length + staging.server.connections.length, before, 'nothing connected');
});

test('a backup of a database whose lock another live process holds is skipped with exit 7, or waits with --wait-for-lock', { skip }, async () => {
  const out = join(folder, 'locked');
  mkdirSync(out, { recursive: true });
  const lock = backupLockPath(out, live.database);
  // This test process is the live holder (same host, running pid): not stale.
  writeFileSync(lock, JSON.stringify({ token: 'held-by-test', pid: process.pid, host: hostname(), holder: 'VS Code', startedAt: Date.now() }));
  const skipped = await runCli(['backup', ...flagsFor(live), '--out', out, '--json'], { CLOUD_DB_PASSWORD: live.password });
  assert.equal(skipped.code, 7, skipped.stderr);
  const doc = parseJson(skipped);
  assert.equal((doc.error as { kind: string }).kind, 'locked');
  assert.match((doc.error as { message: string }).message, /Another backup of shop-live into .* is running: VS Code \(process \d+/);
  assert.deepEqual(readdirSync(out), ['.shop-live.backup-lock'], 'nothing written, the holder\'s lock untouched');

  const waiting = runCli(['backup', ...flagsFor(live), '--out', out, '--wait-for-lock', '60'], { CLOUD_DB_PASSWORD: live.password });
  setTimeout(() => unlinkSync(lock), 1_500);
  const waited = await waiting;
  assert.equal(waited.code, 0, waited.stderr);
  assert.deepEqual(readdirSync(out).filter((f) => !f.endsWith('.bacpac')), [], 'its own lock removed after');
  assert.equal(readdirSync(out).filter((f) => f.endsWith('.bacpac')).length, 1);
});

test('two CLI processes backing up one database into one folder at once: one skips (7), one writes a file that verifies', { skip }, async () => {
  const slow = await serveScenario('slow', 'cli-contended', { slowDelayMsPerRow: 3 });
  const out = join(folder, 'contended');
  const flags = () => [...flagsFor(slow), '--out', out, '--compression', 'fast'];
  const env = { CLOUD_DB_PASSWORD: slow.password };
  try {
    const first = runCli(['backup', ...flags()], env);
    // The second starts once the first holds the lock, so which one skips is certain.
    await waitForFile(backupLockPath(out, slow.database));
    const second = await runCli(['backup', ...flags(), '--json'], env);
    assert.equal(second.code, 7, second.stderr);
    assert.equal((parseJson(second).error as { kind: string }).kind, 'locked');
    const firstRun = await first;
    assert.equal(firstRun.code, 0, firstRun.stderr);
    const files = readdirSync(out);
    assert.equal(files.length, 1, files.join(', '));
    const verified = await runCli(['verify', join(out, files[0])]);
    assert.equal(verified.code, 0, verified.stdout);

    // With --wait-for-lock the second waits for the first and then writes its own file: two files, both whole.
    const third = runCli(['backup', ...flags()], env);
    await waitForFile(backupLockPath(out, slow.database));
    const fourth = await runCli(['backup', ...flags(), '--wait-for-lock', '120'], env);
    assert.equal(fourth.code, 0, fourth.stderr);
    assert.equal((await third).code, 0);
    const all = readdirSync(out).sort();
    assert.equal(all.length, 3, all.join(', '));
    for (const f of all) assert.equal((await runCli(['verify', join(out, f)])).code, 0, f);
  } finally {
    await slow.close();
  }
});

async function waitForFile(path: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${path}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
