import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupError } from '../../../src/core/errors';
import { runBackup } from '../../../src/core/export/runBackup';
import { runRestore } from '../../../src/core/restore';
import { createRichSchemaDatabase } from '../../support/databases/richSchema';
import { serveDatabase } from '../../support/demo/serveDatabase';
import { startRestoreTarget, type RestoreTargetOptions } from '../../support/tds/database/restoreTargetServer';

// Every way a restore can fail ends in a message a person can act on and leaves no database that looks complete.

const source = createRichSchemaDatabase();
let folder = '';
let bacpac = '';

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'restore-faults-'));
  const served = await serveDatabase(source);
  try {
    bacpac = (await runBackup({ connection: served.settings(), outputFolder: folder, fileNamePattern: 'rich.bacpac', compression: 'fast' })).path;
  } finally {
    await served.close();
  }
});
after(() => rmSync(folder, { recursive: true, force: true }));

async function withTarget(options: Omit<RestoreTargetOptions, 'model'>, run: (t: Awaited<ReturnType<typeof startRestoreTarget>>) => Promise<void>): Promise<void> {
  const target = await startRestoreTarget({ model: source.model, ...options });
  try {
    await run(target);
  } finally {
    await target.close();
  }
}

async function restoreError(promise: Promise<unknown>): Promise<BackupError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof BackupError, String(e));
    return e;
  }
  assert.fail('the restore succeeded');
}

test('a wrong password is a login error and nothing is created', () => withTarget({}, async (target) => {
  const e = await restoreError(runRestore({ packagePath: bacpac, target: target.settings('Shop', { password: 'wrong' }) }));
  assert.equal(e.kind, 'login');
  assert.ok(!e.message.includes(target.password));
  assert.deepEqual([...target.databases.keys()], []);
}));

test('a target that is not empty is refused before anything is written; --replace replaces it', () => withTarget({ existing: [{ name: 'Shop', objects: 3 }] }, async (target) => {
  const e = await restoreError(runRestore({ packagePath: bacpac, target: target.settings('Shop') }));
  assert.equal(e.kind, 'invalid');
  assert.match(e.message, /\[Shop\] on tcp:127\.0\.0\.1,\d+ is not empty \(3 objects\)/);
  assert.match(e.details.hint ?? '', /replace/);
  assert.deepEqual([...target.databases.keys()], ['shop']);
  assert.deepEqual(target.databases.get('shop')!.statements, []);

  const asked: unknown[] = [];
  const declined = await restoreError(runRestore({ packagePath: bacpac, target: target.settings('Shop'), confirmReplace: async (t) => { asked.push(t); return false; } }));
  assert.equal(declined.kind, 'invalid');
  assert.deepEqual(asked, [{ database: 'Shop', server: target.settings('Shop').server, objects: 3 }]);
  const result = await runRestore({ packagePath: bacpac, target: target.settings('Shop'), confirmReplace: async () => true });
  assert.equal(result.mode, 'replaced');
  assert.deepEqual([...target.databases.keys()], ['shop']);
  assert.ok(target.databases.get('shop')!.statements.length > 0, 'the new database holds the restored schema');
}));

test('a server error in the middle of a bulk load (disk full) drops the partial database and says so', () => withTarget({
  intercept: (request) => (request.kind === 'bulk' && /Invoice/.test(request.sql)
    ? { error: { number: 1105, class: 17, message: "Could not allocate space for object 'app.Invoice' in database 'Shop' because the 'PRIMARY' filegroup is full." } }
    : undefined),
}, async (target) => {
  const e = await restoreError(runRestore({ packagePath: bacpac, target: target.settings('Shop'), parallelism: 2 }));
  assert.match(e.message, /filegroup is full/);
  assert.match(e.message, /partly restored database \[Shop__restoring_[0-9a-f]+\] was dropped/);
  assert.equal(e.details.sqlErrorNumber, 1105);
  assert.deepEqual([...target.databases.keys()], []);
}));

test('a connection dropped during a bulk load fails as a network error and drops the partial database', () => withTarget({
  intercept: (request) => (request.kind === 'bulk' ? { resultSets: [], dropAfterRows: 0 } : undefined),
}, async (target) => {
  const e = await restoreError(runRestore({ packagePath: bacpac, target: target.settings('Shop') }));
  assert.equal(e.kind, 'network', e.message);
  assert.match(e.message, /was dropped/);
  assert.deepEqual([...target.databases.keys()], []);
}));

test('cancelling in the middle of a table stops the load and drops the partial database', async () => {
  const controller = new AbortController();
  await withTarget({
    intercept: (request) => {
      if (request.kind !== 'bulk') return undefined;
      controller.abort();
      return { hang: true };
    },
  }, async (target) => {
    const e = await restoreError(runRestore({ packagePath: bacpac, target: target.settings('Shop') }, { signal: controller.signal }));
    assert.equal(e.kind, 'cancelled');
    assert.match(e.message, /Restore cancelled while loading/);
    assert.match(e.message, /was dropped/);
    assert.deepEqual([...target.databases.keys()], []);
  });
});

test('an existing empty database is filled in place; after a failure the restore empties it again', () => withTarget({
  existing: [{ name: 'Shop' }],
  noMaster: true,
  intercept: (request) => (request.kind === 'bulk' && /Invoice/.test(request.sql) ? { error: { number: 547, class: 16, message: 'The INSERT statement conflicted with the FOREIGN KEY constraint.' } } : undefined),
}, async (target) => {
  const e = await restoreError(runRestore({ packagePath: bacpac, target: target.settings('Shop') }));
  assert.match(e.message, /conflicted with the FOREIGN KEY/);
  assert.match(e.message, /objects this restore created in \[Shop\] were dropped; the database is empty again/);
  const statements = target.databases.get('shop')!.statements;
  assert.ok(statements.includes('DROP TABLE IF EXISTS [app].[Invoice];'), statements.slice(-12).join('\n'));
  assert.ok(statements.includes('DROP VIEW IF EXISTS [app].[a_TopCustomers];'));
}));
