// cron, systemd and `docker stop` end a backup with SIGTERM, a closed terminal with SIGHUP: both cancel like
// Ctrl+C, remove the temporary file and exit 128 + the signal number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryNameOf } from '../../../src/core/catalog/queries';
import { tableOfDataQuery } from '../../../src/core/export/tableReader';
import { cliSkip, startCli } from '../../support/cli/runCli';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase, type ServedDatabase } from '../../support/demo/serveDatabase';
import { dataResultSet } from '../../support/tds/database/dataQuery';

const skip = cliSkip;

const db = generateUmbracoDatabase({ scale: 0.02, databaseName: 'signals-live' });
let served: ServedDatabase;
let root: string;
before(async () => {
  // Every table's rows 20 ms apart: time to send a signal in the middle of the data.
  served = await serveDatabase(db, {
    intercept: (request) => {
      const target = queryNameOf(request.sql)?.name === 'cdb:data' ? tableOfDataQuery(request.sql) : undefined;
      const table = target && db.model.tables.find((t) => t.name === target.name);
      return table ? { resultSets: [dataResultSet(table, db.rows(table), request.sql)], delayMsPerRow: 20 } : undefined;
    },
  });
  root = mkdtempSync(join(tmpdir(), 'cli-signals-'));
});
after(async () => {
  await served?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function interrupt(signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; left: string[] }> {
  const out = join(root, signal);
  const args = ['backup', '--server', `tcp:127.0.0.1,${served.port}`, '--database', served.database, '--user', served.user, '--trust-server-certificate', '--out', out];
  const { child, output, exited } = startCli(args, { CLOUD_DB_PASSWORD: served.password });
  const deadline = Date.now() + 60_000;
  while (!(existsSync(out) && readdirSync(out).some((f) => f.endsWith('.partial')))) {
    if (Date.now() > deadline || child.exitCode !== null) assert.fail(`no temporary file appeared: ${output().stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill(signal);
  const run = await exited;
  return { code: run.code, stderr: run.stderr, left: readdirSync(out) };
}

test('SIGTERM cancels the backup, removes the temporary file and exits 143', { skip }, async () => {
  const r = await interrupt('SIGTERM');
  assert.equal(r.code, 143, r.stderr);
  assert.deepEqual(r.left, []);
});

test('SIGHUP cancels the backup, removes the temporary file and exits 129', { skip }, async () => {
  const r = await interrupt('SIGHUP');
  assert.equal(r.code, 129, r.stderr);
  assert.deepEqual(r.left, []);
});
