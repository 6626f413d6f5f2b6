import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BackupRequest, BackupResult } from '../../../src/core/export/types';
import { defaultBackupSettings } from '../../../src/vscode/model/backupSettings';
import { BackupRunner } from '../../../src/vscode/model/backupRunner';
import type { CloudEnvironment } from '../../../src/vscode/model/cloudEnvironment';
import { EnvironmentStore, environmentsKey, historyLimit, newEnvironmentId, passwordKey } from '../../../src/vscode/model/environmentStore';
import { englishL10n } from '../../../src/vscode/model/l10n';
import { FakeMemento, FakeSecrets } from './fakes';

const password = 'Tr0ub4dor&3-unique-marker';

function environment(id: string): CloudEnvironment {
  return {
    id,
    project: 'Shop',
    environment: 'Live',
    server: 'tcp:shop.database.windows.net,1433',
    database: 'shop-live',
    login: 'live-login',
    options: { encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 30 },
  };
}

test('add → back up → remove: the password lives only in SecretStorage, and leaves with the environment', async () => {
  const state = new FakeMemento();
  const secrets = new FakeSecrets();
  const store = new EnvironmentStore(state, secrets);
  const id = newEnvironmentId();
  const logLines: string[] = [];
  const requests: BackupRequest[] = [];

  // add
  await store.save(environment(id), { kind: 'remember', password });
  assert.equal(secrets.data.get(passwordKey(id)), password);
  assert.ok(!state.dump().includes(password), 'globalState holds no password after add');

  // back up, with an engine that echoes the password in every channel it has
  const runner = new BackupRunner({
    engine: {
      runBackup: async (request, callbacks) => {
        requests.push(request);
        callbacks.onLog?.('info', `connecting as ${request.connection.user} with ${request.connection.password}`);
        callbacks.onProgress?.({ phase: 'connecting', rowsDone: 0, rowsEstimated: 0, bytesWritten: 0, elapsedMs: 0, message: `pw ${password}` });
        const result: BackupResult = {
          path: '/b/shop-live.bacpac',
          bytes: 10,
          durationMs: 5,
          database: 'shop-live',
          consistency: 'snapshot',
          tables: [],
          totalRows: 0,
          warnings: [`warning mentioning ${password}`],
          verified: true,
          deleted: [],
        };
        return result;
      },
    },
    store,
    settings: () => defaultBackupSettings,
    paths: () => ({ home: '/home/ada' }),
    askPassword: async () => assert.fail('a remembered password must not be asked for'),
    log: { info: (m) => logLines.push(m), warn: (m) => logLines.push(m), error: (m) => logLines.push(m) },
    l10n: englishL10n,
    now: () => 1_000,
  });
  const start = await runner.start(id);
  assert.equal(start.status, 'ready');
  if (start.status !== 'ready') return;
  const outcome = await start.run({ signal: new AbortController().signal, onProgress: () => undefined });
  assert.equal(outcome.status, 'succeeded');
  assert.equal(requests[0].connection.password, password, 'the engine got the remembered password');
  assert.equal(store.history(id).length, 1);
  assert.ok(!state.dump().includes(password), 'globalState holds no password after a backup');
  assert.ok(logLines.length > 0 && logLines.every((l) => !l.includes(password)), 'the log holds no password');

  // remove
  await store.remove(id);
  assert.equal(secrets.data.size, 0, 'removing the environment deletes its secret');
  assert.deepEqual(store.list(), []);
  assert.deepEqual(store.history(id), []);
  assert.ok(!state.dump().includes(password));
});

test('a stray password property never reaches globalState', async () => {
  const state = new FakeMemento();
  const store = new EnvironmentStore(state, new FakeSecrets());
  const sneaky = { ...environment('e1'), password, options: { ...environment('e1').options, password } };
  await store.save(sneaky as CloudEnvironment, { kind: 'keep' });
  assert.ok(!state.dump().includes(password));
  assert.deepEqual(store.get('e1'), environment('e1'));
});

test('save replaces by id; keep/forget change only the secret', async () => {
  const secrets = new FakeSecrets();
  const store = new EnvironmentStore(new FakeMemento(), secrets);
  let changes = 0;
  store.onDidChange(() => changes++);
  await store.save(environment('e1'), { kind: 'remember', password: 'a' });
  await store.save({ ...environment('e1'), database: 'renamed' }, { kind: 'keep' });
  assert.equal(store.list().length, 1);
  assert.equal(store.get('e1')?.database, 'renamed');
  assert.equal(await store.getPassword('e1'), 'a');
  await store.save(environment('e1'), { kind: 'forget' });
  assert.equal(await store.hasPassword('e1'), false);
  assert.equal(changes, 3);
});

test('history keeps the newest entries, newest first', async () => {
  const store = new EnvironmentStore(new FakeMemento(), new FakeSecrets());
  await store.save(environment('e1'), { kind: 'keep' });
  for (let i = 0; i < historyLimit + 5; i++) await store.addHistory('e1', { finishedAt: i, outcome: 'succeeded' });
  const history = store.history('e1');
  assert.equal(history.length, historyLimit);
  assert.equal(history[0].finishedAt, historyLimit + 4);
  await store.addHistory('gone', { finishedAt: 1, outcome: 'failed' });
  assert.deepEqual(store.history('gone'), [], 'no history for an environment that does not exist');
});

test('corrupt stored data is skipped, not thrown', () => {
  const state = new FakeMemento();
  state.data.set('cloudDatabaseBackup.environments', JSON.stringify([{ id: 'x' }, 'junk', null, environment('ok')]));
  const store = new EnvironmentStore(state, new FakeSecrets());
  assert.deepEqual(store.list().map((e) => e.id), ['ok']);
});

test('a schedule is stored with its environment (globalState, not settings); an invalid or "off" one is dropped', async () => {
  const memento = new FakeMemento();
  const store = new EnvironmentStore(memento, new FakeSecrets());
  const schedule = { kind: 'daily' as const, time: '03:00', since: 1234 };
  await store.save({ ...environment('e1'), schedule }, { kind: 'keep' });
  assert.deepEqual(store.get('e1')?.schedule, schedule);
  assert.match(memento.dump(), /"schedule":\{"kind":"daily","time":"03:00","since":1234\}/);
  await store.save({ ...environment('e1'), schedule: { kind: 'daily', time: '25:99', since: 1 } }, { kind: 'keep' });
  assert.equal(store.get('e1')?.schedule, undefined);
  await store.save({ ...environment('e1'), schedule: { kind: 'off', since: 1 } }, { kind: 'keep' });
  assert.equal(store.get('e1')?.schedule, undefined);
});

test('Encrypt: Strict is stored and read back as strict; environments saved with a boolean read as they were', async () => {
  const state = new FakeMemento();
  const store = new EnvironmentStore(state, new FakeSecrets());
  const strict = environment('strict');
  strict.options = { ...strict.options, encrypt: 'strict' };
  await store.save(strict, { kind: 'keep' });
  assert.equal(store.get('strict')?.options.encrypt, 'strict', 'Strict is not downgraded to true');

  // What older versions wrote: a boolean, and no Strict.
  const old = (id: string, encrypt: unknown) => ({ ...environment(id), options: { encrypt, trustServerCertificate: false, connectTimeoutSeconds: 30 } });
  await state.update(environmentsKey, [old('on', true), old('off', false), old('word', 'Strict'), old('junk', 42)]);
  assert.equal(store.get('on')?.options.encrypt, true);
  assert.equal(store.get('off')?.options.encrypt, false);
  assert.equal(store.get('word')?.options.encrypt, 'strict');
  assert.equal(store.get('junk')?.options.encrypt, true, 'an unreadable value encrypts');
});
