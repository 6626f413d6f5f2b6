import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalTargetStore, localServerProblem, localTargetPasswordKey } from '../../../src/vscode/restore/localTargets';
import { umbracoConnectionString } from '../../../src/core/restore/umbracoConnectionString';
import { defaultConnectionOptions } from '../../../src/core/connection/types';

function fakes() {
  const state = new Map<string, unknown>();
  const secrets = new Map<string, string>();
  return {
    state, secrets,
    store: new LocalTargetStore(
      { get: <T>(k: string) => state.get(k) as T | undefined, update: async (k, v) => { state.set(k, v); } },
      { get: async (k) => secrets.get(k), store: async (k, v) => { secrets.set(k, v); }, delete: async (k) => { secrets.delete(k); } },
    ),
  };
}

test('a local target keeps its password in secret storage only, whatever the caller hands over', async () => {
  const { state, secrets, store } = fakes();
  const saved = await store.save({ server: 'localhost,1433', database: 'site-local', user: 'sa', trustServerCertificate: true, password: 'S3cret!' } as never, 'S3cret!');
  assert.deepEqual(store.list(), [saved]);
  assert.ok(!JSON.stringify([...state.values()]).includes('S3cret!'));
  assert.equal(secrets.get(localTargetPasswordKey(saved.id)), 'S3cret!');
  assert.equal(await store.getPassword(saved.id), 'S3cret!');
  await store.remove(saved.id);
  assert.deepEqual(store.list(), []);
  assert.equal(secrets.size, 0);
});

test('LocalDB, named pipes and Azure SQL servers are not restore targets, each with what to do instead', async () => {
  assert.match(localServerProblem('(localdb)\\MSSQLLocalDB')!, /named pipes.*SQL Server Express or Developer.*container/);
  assert.match(localServerProblem('tcp:site.database.windows.net,1433')!, /never a Cloud database/);
  assert.equal(localServerProblem('localhost,1433'), undefined);
  assert.equal(localServerProblem('tcp:127.0.0.1,14330'), undefined);
  const { store } = fakes();
  await assert.rejects(store.save({ server: 'x.database.windows.net', database: 'd', user: 'u', trustServerCertificate: false }), /never a Cloud database/);
});

test('the connection string for appsettings.json: umbracoDbDSN form, password only when asked, values quoted when needed', () => {
  const target = { ...defaultConnectionOptions, server: 'tcp:localhost,1433', database: 'my;site', user: 'sa', password: 'p"w;1', trustServerCertificate: true };
  assert.equal(umbracoConnectionString(target, { includePassword: false }), 'Server=localhost,1433;Database="my;site";User Id=sa;Password=<password>;Encrypt=True;TrustServerCertificate=True');
  assert.equal(umbracoConnectionString(target, { includePassword: true }), 'Server=localhost,1433;Database="my;site";User Id=sa;Password="p""w;1";Encrypt=True;TrustServerCertificate=True');
});
