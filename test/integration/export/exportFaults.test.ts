import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryNameOf } from '../../../src/core/catalog/queries';
import { BackupError } from '../../../src/core/errors';
import { nodeFolderFs, type FolderFs } from '../../../src/core/export/folderFs';
import { runBackup, type BackupRuntime } from '../../../src/core/export/runBackup';
import { tableOfDataQuery } from '../../../src/core/export/tableReader';
import type { BackupRequest } from '../../../src/core/export/types';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase, type ServeOptions, type ServedDatabase } from '../../support/demo/serveDatabase';
import { dataResultSet } from '../../support/tds/database/dataQuery';
import { firewallBlocked } from '../../support/tds/scenarios';
import type { HandlerResult, ResponseAction } from '../../support/tds/server';

const db = generateUmbracoDatabase({ scale: 0.05, databaseName: 'faults-live' });
const folders: string[] = [];
/** The real back-off (5 s, doubling) with milliseconds instead of seconds. */
const quickRetries: BackupRuntime = { retry: { firstDelayMs: 5, maxDelayMs: 60 } };
after(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

interface Outcome {
  error: BackupError;
  files: string[];
  logs: string[];
  served: ServedDatabase;
}

/** Runs a backup that must fail; returns the error, what is left in the folder and the log lines. */
async function failingBackup(options: ServeOptions, request: Partial<BackupRequest> = {}, abortWhen?: (phase: string, rows: number) => boolean, runtime: BackupRuntime = quickRetries): Promise<Outcome> {
  const served = await serveDatabase(db, { ...options });
  const folder = mkdtempSync(join(tmpdir(), 'export-fault-'));
  folders.push(folder);
  const logs: string[] = [];
  const abort = new AbortController();
  try {
    await runBackup(
      { outputFolder: folder, ...request, connection: served.settings(request.connection) },
      {
        signal: abort.signal,
        onLog: (level, message) => logs.push(`${level} ${message}`),
        onProgress: (p) => {
          if (abortWhen?.(p.phase, p.rowsDone)) abort.abort();
        },
      },
      runtime,
    );
    assert.fail('the backup should have failed');
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    // The server sees every connection closed once the backup gives up.
    for (let i = 0; i < 50 && served.server.connections.some((c) => !c.closed); i++) await new Promise((r) => setTimeout(r, 20));
    const outcome = { error: e, files: readdirSync(folder), logs, served };
    await served.close();
    return outcome;
  }
}

function assertCleanFailure(o: Outcome, kind: BackupError['kind']): void {
  assert.equal(o.error.kind, kind, o.error.message);
  assert.deepEqual(o.files, [], 'neither a final nor a temporary file is left behind');
  assert.ok(o.served.server.connections.every((c) => c.closed), 'every connection is closed');
  for (const text of [o.error.message, o.error.details.hint ?? '', ...o.logs]) {
    assert.ok(!text.includes(o.served.password), `the password leaked: ${text}`);
  }
}

/** Serves the data of `table` through a fault action instead of normally. */
function onTable(tableName: string, action: (rows: ReturnType<typeof dataResultSet>) => ResponseAction): ServeOptions['intercept'] {
  return (request): HandlerResult => {
    if (queryNameOf(request.sql)?.name !== 'cdb:data' || tableOfDataQuery(request.sql)?.name !== tableName) return undefined;
    const table = db.model.tables.find((t) => t.name === tableName)!;
    return action(dataResultSet(table, db.rows(table), request.sql));
  };
}

test('a wrong password is a login error that says what to check', async () => {
  const o = await failingBackup({}, { connection: { password: 'not-the-password' } as never });
  assertCleanFailure(o, 'login');
  assert.match(o.error.message, /login|password/i);
});

test('Azure firewall 40615 names the IP to add to the Umbraco Cloud allow list', async () => {
  const o = await failingBackup({ authenticate: () => ({ error: firewallBlocked('faults', '203.0.113.7') }) });
  assertCleanFailure(o, 'firewall');
  assert.equal(o.error.details.clientIp, '203.0.113.7');
  assert.match(o.error.message + (o.error.details.hint ?? ''), /203\.0\.113\.7/);
  assert.match(o.error.message + (o.error.details.hint ?? ''), /Umbraco Cloud/);
});

test('a wrong database name is error 4060 with advice to check the name', async () => {
  const o = await failingBackup({}, { connection: { database: 'faults-staging' } as never });
  assertCleanFailure(o, 'database');
  assert.match(o.error.message, /faults-staging/);
});

test('an error in the middle of a table fails cleanly', async () => {
  const o = await failingBackup({
    intercept: onTable('umbracoPropertyData', (rs) => ({ resultSets: [rs], errorAfterRows: 25, error: { number: 1205, class: 13, message: 'Transaction (Process ID 61) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.' } })),
  });
  assert.ok(o.error.details.sqlErrorNumber === 1205 || /deadlock/i.test(o.error.message), o.error.message);
  assert.deepEqual(o.files, []);
  assert.ok(o.served.server.connections.every((c) => c.closed));
});

test('a connection dropped in the middle of every attempt is a network error after three restarts', async () => {
  const o = await failingBackup({ intercept: onTable('umbracoNode', (rs) => ({ resultSets: [rs], dropAfterRows: 10 })) });
  assertCleanFailure(o, 'network');
  assert.equal(dataQueries(o.served, 'umbracoNode'), 4, 'the first attempt and three restarts');
  assert.equal(o.logs.filter((l) => /^warn connection lost in dbo\.umbracoNode; retrying \d of 3/.test(l)).length, 3, o.logs.join('\n'));
});

test('cancelling in the middle of a slow table stops at once and leaves nothing', async () => {
  const started = Date.now();
  const o = await failingBackup(
    { intercept: onTable('umbracoPropertyData', (rs) => ({ resultSets: [rs], delayMsPerRow: 20 })) },
    {},
    (phase, rows) => phase === 'exporting-data' && rows > 0,
  );
  assertCleanFailure(o, 'cancelled');
  assert.ok(Date.now() - started < 20_000, 'cancel does not wait for the table to finish');
});

test('a transient 40613 at login is retried and the backup still succeeds', async () => {
  const served = await serveDatabase(db, { failLogins: 1 });
  const folder = mkdtempSync(join(tmpdir(), 'export-transient-'));
  folders.push(folder);
  try {
    const result = await runBackup({ connection: served.settings(), outputFolder: folder });
    assert.equal(result.verified, true);
    assert.ok(served.server.logins.length >= 2, 'the first login failed and was tried again');
    assert.deepEqual(readdirSync(folder), [result.path.slice(folder.length + 1)]);
  } finally {
    await served.close();
  }
});

test('without snapshot isolation the backup falls back to read committed and says so', async () => {
  const served = await serveDatabase(db, { snapshotIsolation: false });
  const folder = mkdtempSync(join(tmpdir(), 'export-rc-'));
  folders.push(folder);
  try {
    const result = await runBackup({ connection: served.settings(), outputFolder: folder, retain: 1 });
    assert.equal(result.consistency, 'read-committed');
    assert.ok(result.warnings.some((w) => /snapshot isolation/i.test(w)));
    assert.ok(served.server.queries.every((q) => !/snapshot/i.test(q.isolationLevel)));
  } finally {
    await served.close();
  }
});

/** How many times the server was asked for a table's rows. */
function dataQueries(served: ServedDatabase, tableName: string): number {
  return served.server.queries.filter((q) => queryNameOf(q.sql)?.name === 'cdb:data' && tableOfDataQuery(q.sql)?.name === tableName).length;
}

/** Answers a table's first `times` data queries with `fault`, then normally. */
function failingFirst(tableName: string, times: number, fault: (rs: ReturnType<typeof dataResultSet>) => ResponseAction): ServeOptions['intercept'] {
  let left = times;
  const faulty = onTable(tableName, fault)!;
  return (request, ctx) => {
    if (queryNameOf(request.sql)?.name !== 'cdb:data' || tableOfDataQuery(request.sql)?.name !== tableName || left === 0) return undefined;
    left--;
    return faulty(request, ctx);
  };
}

/** Runs a backup that must succeed, recording log lines, progress messages and every file the folder ever held. */
async function recoveringBackup(intercept: ServeOptions['intercept'], request: Partial<BackupRequest> = {}) {
  const served = await serveDatabase(db, { intercept });
  const folder = mkdtempSync(join(tmpdir(), 'export-restart-'));
  folders.push(folder);
  const logs: string[] = [];
  const messages: string[] = [];
  const partialsSeen = new Set<string>();
  try {
    const result = await runBackup(
      { connection: served.settings(), outputFolder: folder, ...request },
      {
        onLog: (level, message) => logs.push(`${level} ${message}`),
        onProgress: (p) => {
          if (p.message) messages.push(p.message);
          for (const f of readdirSync(folder)) if (f.endsWith('.partial')) partialsSeen.add(f);
        },
      },
      quickRetries,
    );
    for (let i = 0; i < 50 && served.server.connections.some((c) => !c.closed); i++) await new Promise((r) => setTimeout(r, 20));
    return { result, logs, messages, partialsSeen, files: readdirSync(folder), served };
  } finally {
    await served.close();
  }
}

test('Azure 40613 after ten rows of a table restarts the backup with a new snapshot and a new temp file, and it succeeds', async () => {
  const unavailable = { number: 40613, class: 16, message: "Database 'faults-live' on server 'tds-double' is not currently available.  Please retry the connection later." };
  const r = await recoveringBackup(failingFirst('umbracoNode', 1, (rs) => ({ resultSets: [rs], errorAfterRows: 10, error: unavailable })));
  assert.equal(r.result.verified, true);
  assert.deepEqual(r.files, [r.result.path.slice(r.result.path.lastIndexOf('/') + 1)], 'one final file, no temp file left');
  assert.equal(dataQueries(r.served, 'umbracoNode'), 2);
  assert.deepEqual(r.messages, ['Azure SQL error 40613 in dbo.umbracoNode; retrying 1 of 3 in 0 s']);
  assert.ok(r.logs.some((l) => /^warn Azure SQL error 40613 in dbo\.umbracoNode; retrying 1 of 3/.test(l)), r.logs.join('\n'));
  assert.ok(r.result.warnings.some((w) => /retrying 1 of 3/.test(w)), 'the result says the backup was restarted');
  assert.ok(r.partialsSeen.size >= 2, `each attempt writes its own temp file: ${[...r.partialsSeen].join(', ')}`);
  const node = r.result.tables.find((t) => t.name === 'umbracoNode')!;
  assert.equal(node.rows, db.rowCount(db.model.tables.find((t) => t.name === 'umbracoNode')!), 'every row, none twice');
  assert.ok(r.served.server.connections.every((c) => c.closed));
  const snapshots = r.served.server.connections.flatMap((c) => c.transactions).filter((t) => /snapshot/i.test(t.isolationLevel));
  assert.ok(snapshots.length >= 2, 'a new snapshot transaction for the restart');
});

test('a connection dropped in the middle of a table once is retried and the backup succeeds', async () => {
  const r = await recoveringBackup(failingFirst('umbracoPropertyData', 1, (rs) => ({ resultSets: [rs], dropAfterRows: 10 })));
  assert.equal(r.result.verified, true);
  assert.equal(r.files.length, 1);
  assert.deepEqual(r.messages, ['connection lost in dbo.umbracoPropertyData; retrying 1 of 3 in 0 s']);
});

test('in parallel mode the restart names the table whose read failed, not the last one started', async () => {
  const r = await recoveringBackup(failingFirst('umbracoNode', 1, (rs) => ({ resultSets: [rs], dropAfterRows: 10 })), { consistency: 'parallel', parallelism: 3 });
  assert.equal(r.result.consistency, 'parallel');
  assert.equal(r.files.length, 1);
  assert.deepEqual(r.messages, ['connection lost in dbo.umbracoNode; retrying 1 of 3 in 0 s']);
});

test('errors a retry cannot fix are never retried: a permission error mid-table fails at once', async () => {
  const denied = { number: 229, class: 14, message: "The SELECT permission was denied on the object 'umbracoNode', database 'faults-live', schema 'dbo'." };
  const o = await failingBackup({ intercept: onTable('umbracoNode', (rs) => ({ resultSets: [rs], errorAfterRows: 10, error: denied })) });
  assert.deepEqual(o.files, []);
  assert.equal(dataQueries(o.served, 'umbracoNode'), 1);
  assert.ok(!o.logs.some((l) => /retrying/.test(l)), o.logs.join('\n'));
});

test('once the backup has its final name, a retention problem is a warning naming the file, and the rest of retention runs', async () => {
  const served = await serveDatabase(db);
  const folder = mkdtempSync(join(tmpdir(), 'export-retention-warning-'));
  folders.push(folder);
  const older = [1, 2].map((day) => join(folder, `faults-live-2020-01-0${day}-12.00.00.bacpac`));
  for (const path of older) writeFileSync(path, 'an older backup');
  const fs: FolderFs = {
    ...nodeFolderFs,
    unlink: async (path) => {
      if (path === older[0]) throw Object.assign(new Error(`EBUSY: resource busy or locked, unlink '${path}'`), { code: 'EBUSY' });
      return nodeFolderFs.unlink(path);
    },
  };
  try {
    const result = await runBackup({ connection: served.settings(), outputFolder: folder, retain: 1, verify: false }, {}, { fs });
    assert.deepEqual(result.deleted, [older[1]]);
    assert.ok(result.warnings.some((w) => w.includes(older[0]) && /could not remove/.test(w)), result.warnings.join('\n'));
    assert.deepEqual(readdirSync(folder).sort(), [result.path, older[0]].map((p) => p.slice(folder.length + 1)).sort());
  } finally {
    await served.close();
  }
});
