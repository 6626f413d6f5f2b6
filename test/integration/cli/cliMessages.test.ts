/**
 * What a person reads from the CLI when something is wrong (issue 15): one message per failure with the
 * documented exit code; a value the server sent outside its type named by table, column, row and value (exit 5);
 * no password or fragment of one in any message, in any phase; every weakened-TLS run warned about; a missing
 * file, a folder or a FIFO given to verify is a file problem (exit 6) and never blocks.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { emptyDatabaseModel } from '../../../src/core/model/types';
import type { GeneratedDatabase } from '../../support/databases/generatedDatabase';
import { createRichSchemaDatabase } from '../../support/databases/richSchema';
import { serveDatabase, type ServeOptions } from '../../support/demo/serveDatabase';

const projectRoot = resolve(__dirname, '..', '..', '..', '..');
const cli = join(projectRoot, 'dist', 'cli.js');
const skip = existsSync(cli) ? false : 'needs dist/cli.js: run `npm run build` first';

interface Run { code: number | null; stdout: string; stderr: string }

function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

let folder = '';
before(() => {
  folder = mkdtempSync(join(tmpdir(), 'cli-messages-'));
});
after(() => folder && rmSync(folder, { recursive: true, force: true }));

async function backupWith(db: GeneratedDatabase, options: ServeOptions, extraArgs: string[] = []): Promise<Run & { out: string }> {
  const served = await serveDatabase(db, options);
  const out = join(folder, `out-${Math.random().toString(36).slice(2)}`);
  try {
    const r = await runCli(['backup', '--server', `tcp:127.0.0.1,${served.port}`, '--database', served.database, '--user', served.user,
      '--trust-server-certificate', '--out', out, ...extraArgs], { CLOUD_DB_PASSWORD: served.password });
    return { ...r, out };
  } finally {
    await served.close();
  }
}

function timesDatabase(): GeneratedDatabase {
  const model = emptyDatabaseModel('times', 'SQL_Latin1_General_CP1_CI_AS', { versionText: 'Microsoft SQL Azure (RTM) - 12.0.2000.8', majorVersion: 12, isAzureSqlDatabase: true });
  model.tables.push({ schema: 'dbo', name: 'Times', ansiNulls: true, columns: [
    { name: 'Id', type: { base: 'int' }, nullable: false },
    { name: 'At', type: { base: 'time', scale: 7 }, nullable: false },
  ] });
  const rows = [[1, '12:00:00.0000000'], [2, '23:59:59.9999999'], [3, '24:00:00.0000000'], [4, '01:00:00.0000000']];
  return { model, rowCount: () => rows.length, rows: () => rows.map((r) => [...r]) };
}

test('a time of 24:00:00 from the server stops the backup at once: exit 5, table, column, row and value, the server blamed, one message', { skip }, async () => {
  const r = await backupWith(timesDatabase(), {});
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /table dbo\.Times, column \[At\] time\(7\) \(row 3\): time of day 24:00:00\.0000000 \(864000000000 × 100 ns\) is not before midnight/);
  assert.match(r.stderr, /the stored data or the server is at fault/);
  assert.doesNotMatch(r.stderr, /bug in Cloud Database Backup/);
  assert.equal(occurrences(r.stderr, 'row 3'), 1, `printed once:\n${r.stderr}`);
  assert.ok(!existsSync(r.out) || readdirSync(r.out).length === 0, 'no file is left');
});

test('a schema query failure names what was read and the database, never the query tag, and redacts a password the server echoes', { skip }, async () => {
  const password = `Echo-${process.pid}-pw`;
  const r = await backupWith(createRichSchemaDatabase(), {
    password,
    intercept: (req) => (req.sql.includes('cdb:catalog:foreign-keys')
      ? { error: { number: 229, class: 14, message: `The SELECT permission was denied for login with password '${password}'.` } }
      : undefined),
  });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /while reading the foreign keys of database "RichSchema" on tcp:127\.0\.0\.1,\d+/);
  assert.doesNotMatch(r.stderr, /cdb:catalog|\/\*|of the server/);
  assert.ok(!r.stderr.includes(password), r.stderr);
  assert.equal(occurrences(r.stderr, 'SELECT permission was denied'), 1, `printed once:\n${r.stderr}`);
});

test('a data query failure that echoes the password is redacted too', { skip }, async () => {
  const password = `Data-${process.pid}-pw`;
  const r = await backupWith(createRichSchemaDatabase(), {
    password,
    intercept: (req) => (req.sql.includes('cdb:data') ? { error: { number: 50000, class: 16, message: `boom: ${password}` } } : undefined),
  });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /boom: \*{8}/);
  assert.match(r.stderr, /of database "RichSchema"/);
  assert.ok(!r.stderr.includes(password), r.stderr);
});

test('a connection string with ";" in an unquoted password never echoes what follows Password=', { skip }, async () => {
  for (const text of ['Server=tcp:127.0.0.1,1;Database=d;User ID=u;Password=S3cr3t;CANARY-9z', 'Server=x;Database=d;User ID=u;PWD=S3cr3t;CANARY=9z;Encrypt=Nope']) {
    const r = await runCli(['backup', '--connection-string', text, '--out', join(folder, 'never')]);
    assert.equal(r.code, 2, r.stderr);
    for (const secret of ['S3cr3t', 'CANARY', '9z', 'Nope']) assert.ok(!r.stderr.includes(secret), `${secret} in: ${r.stderr}`);
    assert.match(r.stderr, /put it in double quotes/);
  }
});

test('weakened TLS is warned about on stderr on every run, whichever way it was asked for', { skip }, async () => {
  const served = await serveDatabase(createRichSchemaDatabase());
  try {
    const base = ['--database', served.database, '--user', served.user, '--out', join(folder, 'tls'), '--connect-timeout', '5'];
    const trusting = await runCli(['backup', '--server', `tcp:127.0.0.1,${served.port}`, '--trust-server-certificate', ...base], { CLOUD_DB_PASSWORD: served.password });
    assert.equal(trusting.code, 0, trusting.stderr);
    assert.match(trusting.stderr, /Warning: Trust server certificate is on/);
    assert.doesNotMatch(trusting.stderr, /Encryption is off/);
    const plain = await runCli(['backup', '--server', `tcp:127.0.0.1,${served.port}`, '--no-encrypt', ...base], { CLOUD_DB_PASSWORD: served.password });
    assert.match(plain.stderr, /Warning: Encryption is off/);
    const fromString = await runCli(['backup', '--connection-string', `Server=tcp:127.0.0.1,${served.port};Encrypt=Optional;TrustServerCertificate=True`, ...base], { CLOUD_DB_PASSWORD: served.password });
    assert.match(fromString.stderr, /Warning: Encryption is off/);
    assert.match(fromString.stderr, /Warning: Trust server certificate is on/);
  } finally {
    await served.close();
  }
});

test('a refused connection names the port it tried, not 1433', { skip }, async () => {
  const port = await new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => done(free));
    });
  });
  const r = await runCli(['backup', '--server', `tcp:127.0.0.1,${port}`, '--database', 'd', '--user', 'u', '--out', join(folder, 'refused'), '--connect-timeout', '5'], { CLOUD_DB_PASSWORD: 'x' });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, new RegExp(`connections to port ${port}\\b`));
  assert.doesNotMatch(r.stderr, /port 1433/);
  assert.equal(occurrences(r.stderr, 'Backup failed:'), 1, `printed once:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /^Error: /m, 'no second copy of the message');
});

test('verify: a missing file, a folder and a FIFO are file problems (exit 6), and a FIFO does not block', { skip }, async () => {
  const missing = await runCli(['verify', join(folder, 'nope.bacpac')]);
  assert.equal(missing.code, 6, missing.stdout + missing.stderr);
  assert.match(missing.stdout, /There is no file/);
  const dir = join(folder, 'a-folder.bacpac');
  mkdirSync(dir);
  assert.equal((await runCli(['verify', dir])).code, 6);
  const fifo = join(folder, 'pipe.bacpac');
  if (spawnSync('mkfifo', [fifo]).status === 0) {
    const started = Date.now();
    const r = await runCli(['verify', fifo], {}, 30_000);
    assert.equal(r.code, 6, `${r.code} ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /not a regular file/);
    assert.ok(Date.now() - started < 30_000);
  }
});
