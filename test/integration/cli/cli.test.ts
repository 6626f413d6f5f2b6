import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliSkip, projectRoot, runCli } from '../../support/cli/runCli';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase, type ServedDatabase } from '../../support/demo/serveDatabase';
import { firewallBlocked } from '../../support/tds/scenarios';

const skip = cliSkip;

const db = generateUmbracoDatabase({ scale: 0.05, databaseName: 'cli-live' });
let served: ServedDatabase;
let folder: string;
before(async () => {
  served = await serveDatabase(db);
  folder = mkdtempSync(join(tmpdir(), 'cli-'));
});
after(async () => {
  await served?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const connectionFlags = () => ['--server', `tcp:127.0.0.1,${served.port}`, '--database', served.database, '--user', served.user, '--trust-server-certificate'];

test('help lists the commands and the exit codes', { skip }, async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  for (const word of ['backup', 'verify', 'demo', 'Exit codes']) assert.match(r.stdout, new RegExp(word));
  const b = await runCli(['backup', '--help']);
  assert.equal(b.code, 0);
  assert.match(b.stdout, /--exclude-data/);
  assert.match(b.stdout, /no --password flag/);
});

test('usage errors exit 2 and say what is missing', { skip }, async () => {
  const r = await runCli(['backup', '--server', 'x']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /database is missing/);
  const u = await runCli(['backup', '--password', 'secret']);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /Unknown option '--password'/);
  const reader = await runCli(['backup', ...connectionFlags(), '--row-reader', 'fast'], { CLOUD_DB_PASSWORD: served.password });
  assert.equal(reader.code, 2);
  assert.match(reader.stderr, /--row-reader must be one of wire, driver, not 'fast'/);
});

test('--row-reader driver (the fallback) writes a verified backup too', { skip }, async () => {
  const out = join(folder, 'driver');
  const r = await runCli(['backup', ...connectionFlags(), '--out', out, '--row-reader', 'driver', '--compression', 'fast'], { CLOUD_DB_PASSWORD: served.password });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /verified: yes/);
  assert.equal(readdirSync(out).length, 1);
});

test('backup with the password from the environment writes a verified file and never prints the password', { skip }, async () => {
  const out = join(folder, 'ok');
  const r = await runCli(['backup', ...connectionFlags(), '--out', out, '--exclude-data', 'dbo.umbracoLog', '--compression', 'fast', '--retain', '3'], { CLOUD_DB_PASSWORD: served.password });
  assert.equal(r.code, 0, r.stderr);
  const files = readdirSync(out);
  assert.equal(files.length, 1);
  assert.match(files[0], /^cli-live-\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}\.bacpac$/);
  assert.match(r.stdout, /Backup written: .*cli-live-.*\.bacpac/);
  assert.match(r.stdout, /consistency: snapshot; verified: yes/);
  assert.match(r.stderr, /Exporting data table \d+ of \d+/, 'plain progress lines when not on a terminal');
  assert.ok(!(r.stdout + r.stderr).includes(served.password));

  const v = await runCli(['verify', join(out, files[0])]);
  assert.equal(v.code, 0, v.stdout);
  assert.match(v.stdout, /^OK: /);
  assert.match(v.stdout, /dbo\.umbracoNode/);
});

test('--out ~\\… and --out ~/… mean the home folder, as when cmd or PowerShell pass ~ through unexpanded', { skip }, async () => {
  const home = join(folder, 'home');
  const r = await runCli(['backup', ...connectionFlags(), '--out', '~/backups', '--no-verify'], { CLOUD_DB_PASSWORD: served.password, HOME: home, USERPROFILE: home });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readdirSync(join(home, 'backups')).length, 1);
  assert.ok(!existsSync(join(projectRoot, '~')), 'no folder named ~');
  const [file] = readdirSync(join(home, 'backups'));
  const v = await runCli(['verify', `~/backups/${file}`], { HOME: home, USERPROFILE: home });
  assert.equal(v.code, 0, v.stdout + v.stderr);
});

test('a firewall-blocked server exits 4 and names the IP to allow', { skip }, async () => {
  const blocked = await serveDatabase(db, { authenticate: () => ({ error: firewallBlocked('cli', '198.51.100.23') }) });
  try {
    const r = await runCli(['backup', '--server', `tcp:127.0.0.1,${blocked.port}`, '--database', blocked.database, '--user', blocked.user, '--trust-server-certificate', '--out', join(folder, 'fw')], { CLOUD_DB_PASSWORD: blocked.password });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /198\.51\.100\.23/);
    assert.ok(!existsSync(join(folder, 'fw')) || readdirSync(join(folder, 'fw')).length === 0);
  } finally {
    await blocked.close();
  }
});

test('verify exits 3 on a damaged package and says what is wrong', { skip }, async () => {
  const out = join(folder, 'ok');
  const good = join(out, readdirSync(out)[0]);
  const bad = join(folder, 'damaged.bacpac');
  const bytes = readFileSync(good);
  writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  const r = await runCli(['verify', bad]);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /FAILED/);
  const json = await runCli(['verify', '--json', good]);
  assert.equal(JSON.parse(json.stdout).ok, true);
});

test('without a password and without a terminal, backup says how to give one', { skip }, async () => {
  const r = await runCli(['backup', ...connectionFlags(), '--out', join(folder, 'nopw')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /CLOUD_DB_PASSWORD/);
  assert.match(r.stderr, /read -rs CLOUD_DB_PASSWORD/, 'says how to set it without echo');
  assert.equal(r.stderr.match(/No password/g)?.length, 1);
});
