// `cloud-db-backup demo --serve` driven the way a newcomer uses it: start it, paste the command line it prints,
// back up; then its fault options: a 40613 in the largest table (--fail-after) is survived by the restart,
// a slow table (--slow-rows) can be cancelled with Ctrl+C, SIGTERM and SIGHUP, and a backup killed outright
// leaves a temporary file that the next backup removes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliSkip, projectRoot, startCli, type StartedCli } from '../../support/cli/runCli';

const skip = cliSkip || (existsSync(join(projectRoot, 'dist', 'demo-server.js')) ? false : 'needs dist/demo-server.js: run `npm run build` first');

const root = mkdtempSync(join(tmpdir(), 'demo-serve-'));
const running = new Set<StartedCli['child']>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

interface Started extends StartedCli {
  /** The exit code, or -1 when a signal ended the process. */
  code: Promise<number | null>;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): Started {
  const started = startCli(args, env);
  running.add(started.child);
  const code = new Promise<number | null>((done) => started.child.on('close', (exitCode, signal) => {
    running.delete(started.child);
    done(exitCode ?? (signal ? -1 : null));
  }));
  return { ...started, code };
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Demo extends Started {
  server: string;
  database: string;
  login: string;
  password: string;
  commandLine: string;
  connectionString: string;
}

/** Starts `demo --serve` and reads what it prints before serving. */
async function serveDemo(options: string[]): Promise<Demo> {
  const started = start(['demo', '--serve', '--scale', '0.05', ...options]);
  const stdout = await waitFor('the demo server to serve', () => {
    const { stdout } = started.output();
    if (started.child.exitCode !== null) throw new Error(`demo --serve exited: ${stdout}${started.output().stderr}`);
    return stdout.includes('Serving until Ctrl+C.') && stdout;
  });
  const field = (name: string) => new RegExp(`^  ${name}:\\s+(\\S+)`, 'm').exec(stdout)?.[1] ?? '';
  return {
    ...started,
    server: field('server'),
    database: field('database'),
    login: field('login'),
    password: field('password'),
    commandLine: /^ {2}(cloud-db-backup backup .*)$/m.exec(stdout)?.[1] ?? '',
    connectionString: /^ {2}(Server=.*)$/m.exec(stdout)?.[1] ?? '',
  };
}

/** A backup with the command line the demo printed (its words after `cloud-db-backup`), into `out`. */
function backUp(demo: Demo, out: string, extra: string[] = []): Started {
  const words = demo.commandLine.split(' ').slice(1);
  return start([...words, '--out', out, '--compression', 'fast', ...extra], { CLOUD_DB_PASSWORD: demo.password });
}

let plain: Demo;
let slow: Demo;

test('demo --serve prints the server, database, login, a generated password, a command line and a connection string without it', { skip }, async () => {
  plain = await serveDemo([]);
  assert.match(plain.server, /^tcp:127\.0\.0\.1,\d+$/);
  assert.equal(plain.database, 'umbraco-demo-live');
  assert.equal(plain.login, 'umbraco-demo-live-user');
  assert.ok(plain.password.length >= 12, 'a generated password');
  assert.equal(plain.commandLine, `cloud-db-backup backup --server ${plain.server} --database umbraco-demo-live --user umbraco-demo-live-user --trust-server-certificate`);
  assert.match(plain.connectionString, new RegExp(`^Server=${plain.server.replace(/[.,]/g, '\\$&')};Database=umbraco-demo-live;User ID=umbraco-demo-live-user;`));
  assert.ok(!plain.connectionString.includes(plain.password), 'the connection string leaves the password out');
  const lines = plain.output().stdout.split('\n');
  assert.ok(lines.findIndex((l) => l.includes('cloud-db-backup backup')) < 10, 'the command line is among the first lines');
  assert.equal(plain.output().stdout.split(plain.password).length - 1, 1, 'the password is printed once');

  const out = join(root, 'pasted');
  const run = backUp(plain, out);
  assert.equal(await run.code, 0, run.output().stderr);
  assert.match(run.output().stdout, /verified: yes/);
  assert.equal(readdirSync(out).length, 1);
});

test('demo --serve takes the password from CLOUD_DB_PASSWORD and never prints it', { skip }, async () => {
  const chosen = 'Demo-Chosen-Pw-7';
  const demo = start(['demo', '--serve', '--scale', '0.05'], { CLOUD_DB_PASSWORD: chosen });
  await waitFor('the demo server to serve', () => demo.output().stdout.includes('Serving until Ctrl+C.'));
  assert.ok(!demo.output().stdout.includes(chosen));
  assert.match(demo.output().stdout, /password:\s+the value of CLOUD_DB_PASSWORD/);
  demo.child.kill('SIGINT');
  assert.equal(await demo.code, 0);
  assert.match(demo.output().stdout, /Demo server stopped/);
});

test('--fail-after: a transient 40613 in the middle of the largest table is survived by restarting the backup', { skip }, async () => {
  const faulty = await serveDemo(['--fail-after', '10:1']);
  try {
    assert.match(faulty.output().stdout, /first 1 read of dbo\.umbracoPropertyData fails with Azure's transient error 40613 after 10 rows/);
    const out = join(root, 'retried');
    const run = backUp(faulty, out);
    assert.equal(await run.code, 0, run.output().stderr);
    assert.match(run.output().stderr, /Azure SQL error 40613 in dbo\.umbracoPropertyData; retrying 1 of 3 in 5 s/);
    assert.match(run.output().stdout, /verified: yes/);
    assert.deepEqual(readdirSync(out).filter((f) => !f.endsWith('.bacpac')), [], 'no temporary file left');
  } finally {
    faulty.child.kill('SIGINT');
    await faulty.code;
  }
});

/** Starts a backup from the slow demo, waits for its temporary file, then sends `signal`. */
async function interrupted(name: string, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; left: string[]; partial: string }> {
  slow ??= await serveDemo(['--slow-rows', '20']);
  const out = join(root, name);
  const run = backUp(slow, out);
  const partial = await waitFor('the temporary file', () => existsSync(out) && readdirSync(out).find((f) => f.endsWith('.partial')));
  run.child.kill(signal);
  const code = await run.code;
  return { code, stderr: run.output().stderr, left: existsSync(out) ? readdirSync(out) : [], partial };
}

test('--slow-rows: Ctrl+C cancels the backup in the middle, removes the temporary file and exits 130', { skip }, async () => {
  const r = await interrupted('sigint', 'SIGINT');
  assert.equal(r.code, 130, r.stderr);
  assert.deepEqual(r.left, []);
  assert.match(r.stderr, /Cancelling/);
});

test('SIGTERM and SIGHUP cancel like Ctrl+C: temporary file removed, exit 143 and 129', { skip }, async () => {
  const term = await interrupted('sigterm', 'SIGTERM');
  assert.equal(term.code, 143, term.stderr);
  assert.deepEqual(term.left, []);
  assert.match(term.stderr, /SIGTERM received: cancelling/);
  const hup = await interrupted('sighup', 'SIGHUP');
  assert.equal(hup.code, 129, hup.stderr);
  assert.deepEqual(hup.left, []);
});

test('a backup killed outright leaves its temporary file; the next backup into the folder removes it and says how much came back', { skip }, async () => {
  const killed = await interrupted('killed', 'SIGKILL');
  assert.equal(killed.code, -1);
  // Nor release its lock: the next backup finds it stale (its process is gone) and takes it over.
  assert.deepEqual([...killed.left].sort(), [killed.partial, '.umbraco-demo-live.backup-lock'].sort(), 'SIGKILL cannot clean up');
  const out = join(root, 'killed');
  const bytes = statSync(join(out, killed.partial)).size;
  const next = backUp(plain, out);
  assert.equal(await next.code, 0, next.output().stderr);
  const noted = /Removed 1 temporary file left by interrupted backups \(([\d,]+) bytes freed\): (.*)\./.exec(next.output().stderr);
  assert.ok(noted, next.output().stderr);
  assert.equal(Number(noted[1].replace(/,/g, '')), bytes);
  assert.ok(noted[2].endsWith(killed.partial));
  const left = readdirSync(out);
  assert.equal(left.length, 1);
  assert.match(left[0], /^umbraco-demo-live-.*\.bacpac$/);
});

test('Ctrl+C stops the demo server', { skip }, async () => {
  for (const demo of [plain, slow].filter(Boolean)) {
    demo.child.kill('SIGINT');
    assert.equal(await demo.code, 0);
    assert.match(demo.output().stdout, /Demo server stopped/);
  }
});
