import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackupError } from '../../../src/core/errors';
import type { BackupCallbacks, BackupRequest, BackupResult } from '../../../src/core/export/types';
import { defaultBackupSettings, type BackupSettings } from '../../../src/vscode/model/backupSettings';
import { BackupRunner, type BackupRunnerDeps } from '../../../src/vscode/model/backupRunner';
import type { CloudEnvironment } from '../../../src/vscode/model/cloudEnvironment';
import { EnvironmentStore } from '../../../src/vscode/model/environmentStore';
import { englishL10n } from '../../../src/vscode/model/l10n';
import { fakeBackupResult, FakeMemento, FakeSecrets } from './fakes';

function environment(id: string, name = 'Live'): CloudEnvironment {
  return {
    id,
    project: 'Shop',
    environment: name,
    server: 's',
    database: `db-${id}`,
    login: 'l',
    options: { encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 30 },
  };
}

const result = (request: BackupRequest): BackupResult => fakeBackupResult(request);

async function setup(overrides: Partial<BackupRunnerDeps> = {}) {
  const store = new EnvironmentStore(new FakeMemento(), new FakeSecrets());
  await store.save(environment('a'), { kind: 'remember', password: 'pa' });
  await store.save(environment('b', 'Staging'), { kind: 'keep' });
  const asked: string[] = [];
  const logs: string[] = [];
  const runner = new BackupRunner({
    engine: { runBackup: async (request) => result(request) },
    store,
    settings: () => defaultBackupSettings,
    paths: () => ({ home: '/home/ada' }),
    askPassword: async (env) => {
      asked.push(env.id);
      return 'typed';
    },
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    l10n: englishL10n,
    now: () => 0,
    ...overrides,
    ...(overrides.store ? {} : { store }),
  });
  return { store, runner, asked, logs };
}

const observer = () => ({ signal: new AbortController().signal, onProgress: () => undefined });

test('a second backup of the same environment is refused while the first runs; other environments may run', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const { runner } = await setup({
    engine: {
      runBackup: async (request) => {
        await gate;
        return result(request);
      },
    },
  });
  const first = await runner.start('a');
  assert.equal(first.status, 'ready');
  assert.ok(runner.isRunning('a'));
  assert.deepEqual(await runner.start('a'), { status: 'refused', reason: 'running', env: environment('a') });
  const other = await runner.start('b');
  assert.equal(other.status, 'ready');
  if (first.status !== 'ready' || other.status !== 'ready') return;
  const running = [first.run(observer()), other.run(observer())];
  release();
  const outcomes = await Promise.all(running);
  assert.deepEqual(outcomes.map((o) => o.status), ['succeeded', 'succeeded']);
  assert.equal(runner.running().size, 0);
  assert.equal((await runner.start('a')).status, 'ready', 'free again afterwards');
});

test('two starts in the same tick cannot both win', async () => {
  const { runner } = await setup();
  const [x, y] = await Promise.all([runner.start('b'), runner.start('b')]);
  assert.deepEqual([x.status, y.status].sort(), ['ready', 'refused']);
});

test('without a remembered password the runner asks; a closed box frees the slot', async () => {
  const { runner, asked } = await setup();
  const start = await runner.start('b');
  assert.equal(start.status, 'ready');
  if (start.status === 'ready') assert.equal(start.request.connection.password, 'typed');
  assert.deepEqual(asked, ['b']);
  await (start.status === 'ready' ? start.run(observer()) : undefined);

  const closed = await setup({ askPassword: async () => undefined });
  assert.deepEqual(await closed.runner.start('b'), { status: 'refused', reason: 'no-password', env: environment('b', 'Staging') });
  assert.equal(closed.runner.isRunning('b'), false);
});

test('a password given with the start (Save and Back Up) is used without asking', async () => {
  const { runner, asked } = await setup();
  const start = await runner.start('b', { password: 'just-typed' });
  assert.ok(start.status === 'ready' && start.request.connection.password === 'just-typed');
  assert.deepEqual(asked, []);
});

test('unknown environments and bad settings are reported before anything runs', async () => {
  const { runner } = await setup({
    settings: (): BackupSettings => ({ ...defaultBackupSettings, backupsFolder: '${workspaceFolder}/x' }),
  });
  assert.deepEqual(await runner.start('nope'), { status: 'refused', reason: 'unknown-environment' });
  const bad = await runner.start('a');
  assert.equal(bad.status, 'failed');
  assert.ok(bad.status === 'failed' && bad.error instanceof BackupError && bad.error.kind === 'invalid');
  assert.equal(runner.isRunning('a'), false);
});

test('cancellation: the signal reaches the engine, the outcome is cancelled, history records it', async () => {
  const { runner, store } = await setup({
    engine: {
      runBackup: (_request: BackupRequest, callbacks: BackupCallbacks) =>
        new Promise((_resolve, reject) => {
          callbacks.signal?.addEventListener('abort', () => reject(new BackupError('cancelled', 'Cancelled.')));
        }),
    },
  });
  const start = await runner.start('a');
  if (start.status !== 'ready') return assert.fail(start.status);
  const abort = new AbortController();
  const pending = start.run({ signal: abort.signal, onProgress: () => undefined });
  abort.abort();
  assert.deepEqual(await pending, { status: 'cancelled', env: environment('a') });
  assert.equal(store.history('a')[0].outcome, 'cancelled');
});

test('a failure is recorded with its kind, and the password is redacted from message and log', async () => {
  const { runner, store, logs } = await setup({
    engine: {
      runBackup: async () => {
        throw new BackupError('login', "Login failed; password 'pa' rejected", { sqlErrorNumber: 18456 });
      },
    },
  });
  const start = await runner.start('a');
  if (start.status !== 'ready') return assert.fail(start.status);
  const outcome = await start.run(observer());
  assert.equal(outcome.status, 'failed');
  if (outcome.status !== 'failed') return;
  assert.ok(outcome.error instanceof BackupError && outcome.error.kind === 'login');
  assert.ok(!(outcome.error as BackupError).message.includes("'pa'"));
  const entry = store.history('a')[0];
  assert.equal(entry.outcome, 'failed');
  assert.equal(entry.errorKind, 'login');
  assert.ok(entry.message && !entry.message.includes("'pa'"));
  assert.ok(logs.some((l) => l.includes('login 18456')));
  assert.ok(logs.every((l) => !l.includes("'pa'")));
});

test('cancelAll (deactivate) cancels every running backup and waits until each has cleaned up', async () => {
  const cleanedUp: string[] = [];
  const { runner, store } = await setup({
    engine: {
      runBackup: (request: BackupRequest, callbacks: BackupCallbacks) =>
        new Promise((_resolve, reject) => {
          callbacks.signal?.addEventListener('abort', () => {
            // The engine's clean-up (removing its temporary file) takes a moment after the abort.
            setImmediate(() => {
              cleanedUp.push(request.connection.database);
              reject(new BackupError('cancelled', 'Cancelled.'));
            });
          });
        }),
    },
  });
  const pending = [];
  for (const id of ['a', 'b']) {
    const start = await runner.start(id, { password: 'p' });
    if (start.status !== 'ready') return assert.fail(start.status);
    pending.push(start.run(observer()));
  }
  assert.deepEqual([...runner.running()].sort(), ['a', 'b']);
  await runner.cancelAll();
  assert.deepEqual(cleanedUp.sort(), ['db-a', 'db-b'], 'both finished their clean-up before cancelAll resolved');
  assert.deepEqual((await Promise.all(pending)).map((o) => o.status), ['cancelled', 'cancelled']);
  assert.equal(runner.running().size, 0);
  assert.equal(store.history('a')[0].outcome, 'cancelled');
  await runner.cancelAll(); // nothing running: resolves at once
});

test('cancelAll gives up waiting after its timeout for a backup that does not stop', async () => {
  const { runner } = await setup({ engine: { runBackup: () => new Promise(() => undefined) } });
  const start = await runner.start('a');
  if (start.status !== 'ready') return assert.fail(start.status);
  void start.run(observer());
  await runner.cancelAll(10);
  assert.equal(runner.isRunning('a'), true, 'still running, but deactivate is not held up');
});

test('a scheduled (non-interactive) start never asks for a password: without a remembered one it fails and says what to do', async () => {
  const { runner, asked } = await setup();
  const start = await runner.start('b', { interactive: false });
  assert.equal(start.status, 'failed');
  assert.deepEqual(asked, []);
  const error = (start as { error: BackupError }).error;
  assert.equal(error.kind, 'invalid');
  assert.match(error.message, /No password is remembered for Shop \/ Staging, and a scheduled backup cannot ask for one\./);
  assert.match(error.details.hint ?? '', /Remember password/);
  assert.equal(runner.isRunning('b'), false, 'the slot is free again');
});
