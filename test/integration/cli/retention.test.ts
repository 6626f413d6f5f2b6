// The retention reproductions of issue 14, through the command line as a person or a cron job runs it:
// clock skew, names in another case, .BACPAC, symlinks (fresh and dangling), a pattern without {database}.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliSkip, runCli, type CliRun } from '../../support/cli/runCli';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase, type ServedDatabase } from '../../support/demo/serveDatabase';

const skip = cliSkip;

// A database name with capitals, so that case matters.
const db = generateUmbracoDatabase({ scale: 0.02, databaseName: 'Umbraco' });
let served: ServedDatabase;
let root: string;
before(async () => {
  served = await serveDatabase(db);
  root = mkdtempSync(join(tmpdir(), 'cli-retention-'));
});
after(async () => {
  await served?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

function folder(name: string): string {
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  return path;
}

function file(dir: string, name: string, mtime?: Date): string {
  writeFileSync(join(dir, name), 'an older backup');
  if (mtime) utimesSync(join(dir, name), mtime, mtime);
  return name;
}

function backUp(out: string, extra: string[]): Promise<CliRun> {
  return runCli(
    ['backup', '--server', `tcp:127.0.0.1,${served.port}`, '--database', served.database, '--user', served.user, '--trust-server-certificate', '--out', out, '--compression', 'fast', '--no-verify', ...extra],
    { CLOUD_DB_PASSWORD: served.password },
  );
}

const written = (r: CliRun) => /^Backup written: (.*)$/m.exec(r.stdout)?.[1] ?? '';

test('an older backup with a modification time in the future does not make retention delete the new one', { skip }, async () => {
  const out = folder('skew');
  const old = file(out, 'Umbraco-2026-01-01-00.00.00.bacpac', new Date(Date.now() + 2 * 3600_000)); // touch -d '+2 hours'
  const r = await backUp(out, ['--retain', '1']);
  assert.equal(r.code, 0, r.stderr);
  const path = written(r);
  assert.ok(existsSync(path), `the backup just written is gone: ${r.stdout}`);
  assert.ok(!r.stdout.includes(`removed old backup: ${path}`), r.stdout);
  assert.match(r.stdout, new RegExp(`removed old backup: .*${old.replace(/\./g, '\\.')}`));
  assert.deepEqual(readdirSync(out), [path.slice(out.length + 1)]);
});

test("retention leaves other-case names, .BACPAC files and symlinks alone, and a symlink never counts as the newest", { skip }, async () => {
  const out = folder('matching');
  const elsewhere = folder('elsewhere');
  const lower = file(out, 'umbraco-2020-01-01-00.00.00.bacpac');
  const upperExtension = file(out, 'Umbraco-2020-01-02-00.00.00.BACPAC');
  const real = [3, 4].map((day) => file(out, `Umbraco-2020-01-0${day}-00.00.00.bacpac`));
  // A symlink to a fresh file, named newer than anything: following it, it looked like the newest backup.
  writeFileSync(join(elsewhere, 'fresh.bin'), 'x');
  symlinkSync(join(elsewhere, 'fresh.bin'), join(out, 'Umbraco-2099-01-01-00.00.00.bacpac'));
  const r = await backUp(out, ['--retain', '2']);
  assert.equal(r.code, 0, r.stderr);
  const path = written(r);
  const left = readdirSync(out).sort();
  assert.deepEqual(left, [lower, upperExtension, real[1], 'Umbraco-2099-01-01-00.00.00.bacpac', path.slice(out.length + 1)].sort(), r.stdout);
  assert.ok(lstatSync(join(out, 'Umbraco-2099-01-01-00.00.00.bacpac')).isSymbolicLink());
  assert.ok(existsSync(join(elsewhere, 'fresh.bin')));
});

test('a dangling symlink named like an old backup does not turn a written, verified backup into a failure', { skip }, async () => {
  const out = folder('dangling');
  symlinkSync(join(root, 'no-such-file'), join(out, 'Umbraco-2020-01-01-00.00.00.bacpac'));
  const old = file(out, 'Umbraco-2020-01-02-00.00.00.bacpac');
  const r = await backUp(out, ['--retain', '1']);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.ok(existsSync(written(r)));
  assert.ok(!existsSync(join(out, old)), 'the rest of retention still ran');
  assert.ok(lstatSync(join(out, 'Umbraco-2020-01-01-00.00.00.bacpac')).isSymbolicLink(), 'the symlink is not ours to delete');
});

test('--retain with a pattern without {database} exits 2 before connecting, and deletes nothing', { skip }, async () => {
  const out = folder('no-database');
  const otherDatabase = file(out, '2020-01-01-00.00.00.bacpac');
  const logins = served.server.logins.length;
  const r = await backUp(out, ['--retain', '1', '--name', '{yyyy}-{MM}-{dd}-{HH}.{mm}.{ss}.bacpac']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--retain cannot be used with --name .*no \{database\}/);
  assert.equal(served.server.logins.length, logins, 'no connection was made');
  assert.deepEqual(readdirSync(out), [otherDatabase]);
});
