// Back Up All as a view-model: three environments, one failing (firewall), the others succeed; the summary
// lists all three with file sizes and the error's action; one after another by default, N at a time on request;
// cancel stops the rest; environments without a password are asked for one, already running ones are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackupError } from '../../../src/core/errors';
import type { BackupRequest, BackupResult } from '../../../src/core/export/types';
import { defaultBackupSettings } from '../../../src/vscode/model/backupSettings';
import { BackupRunner, type BackupRunnerDeps } from '../../../src/vscode/model/backupRunner';
import { backUpAll, summarizeBackUpAll, type BackUpAllObserver } from '../../../src/vscode/model/backUpAll';
import type { CloudEnvironment } from '../../../src/vscode/model/cloudEnvironment';
import { EnvironmentStore } from '../../../src/vscode/model/environmentStore';
import { englishL10n } from '../../../src/vscode/model/l10n';
import { fakeBackupResult, FakeMemento, FakeSecrets } from './fakes';

const environment = (id: string, name: string): CloudEnvironment => ({
  id,
  project: 'Shop',
  environment: name,
  server: 's',
  database: `shop-${id}`,
  login: 'l',
  options: { encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 30 },
});

const result = (request: BackupRequest, bytes: number): BackupResult =>
  fakeBackupResult(request, { path: `${request.outputFolder}/${request.connection.database}.bacpac`, bytes, durationMs: 1500 });

async function setup(engine: BackupRunnerDeps['engine'], opts: { askPassword?: BackupRunnerDeps['askPassword'] } = {}) {
  const store = new EnvironmentStore(new FakeMemento(), new FakeSecrets());
  const envs = [environment('live', 'Live'), environment('staging', 'Staging'), environment('dev', 'Development')];
  for (const env of envs) await store.save(env, { kind: 'remember', password: `pw-${env.id}` });
  const runner = new BackupRunner({
    engine,
    store,
    settings: () => defaultBackupSettings,
    paths: () => ({ home: '/home/ada' }),
    askPassword: opts.askPassword ?? (async () => undefined),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    l10n: englishL10n,
    now: () => 0,
  });
  return { store, runner, envs: store.list() };
}

function observer(signal = new AbortController().signal) {
  const events: string[] = [];
  const o: BackUpAllObserver = {
    signal,
    onStart: (env, position, total) => events.push(`start ${position} of ${total}: ${env.environment}`),
    onProgress: () => undefined,
    onFinished: (entry, finished, total) => events.push(`finished ${finished} of ${total}: ${entry.env.environment} ${entry.status}`),
  };
  return { o, events };
}

test('one failing environment does not stop the others, and the summary shows all three', async () => {
  const { runner, store, envs } = await setup({
    runBackup: async (request) => {
      if (request.connection.database === 'shop-staging') {
        throw new BackupError('firewall', 'Client with IP address 203.0.113.7 is not allowed.', { clientIp: '203.0.113.7' });
      }
      return result(request, request.connection.database === 'shop-live' ? 3 * 1024 * 1024 : 512 * 1024);
    },
  });
  const { o, events } = observer();
  const entries = await backUpAll(runner, envs, 1, o);
  assert.deepEqual(entries.map((e) => `${e.env.environment} ${e.status}`), ['Live succeeded', 'Staging failed', 'Development succeeded']);
  assert.deepEqual(events, [
    'start 1 of 3: Live',
    'finished 1 of 3: Live succeeded',
    'start 2 of 3: Staging',
    'finished 2 of 3: Staging failed',
    'start 3 of 3: Development',
    'finished 3 of 3: Development succeeded',
  ]);
  const summary = summarizeBackUpAll(entries, englishL10n, new Date(0));
  assert.equal(summary.severity, 'warning');
  assert.equal(summary.succeeded, 2);
  assert.equal(summary.message, 'Backed up 2 of 3 environments. Live: 3.00 MB · Staging: firewall blocks 203.0.113.7 · Development: 512 KB');
  assert.deepEqual(summary.firewall, { ip: '203.0.113.7', project: 'Shop' });
  assert.match(summary.markdown, /\| Shop \/ Live \| ✅ 3\.00 MB in 1\.5 s, verified \| \/home\/ada\/CloudDatabaseBackups\/Shop\/Live\/shop-live\.bacpac \|/);
  assert.match(summary.markdown, /\| Shop \/ Staging \| ❌ The server does not accept connections from 203\.0\.113\.7\. Add 203\.0\.113\.7 to the SQL firewall rules of project "Shop"/);
  assert.match(summary.markdown, /\| Shop \/ Development \| ✅ 512 KB/);
  // Every environment's history records its own outcome.
  assert.deepEqual(envs.map((e) => store.history(e.id)[0]?.outcome), ['succeeded', 'failed', 'succeeded']);
});

test('one after another by default; N at a time when asked', async () => {
  for (const concurrency of [1, 2]) {
    let inFlight = 0;
    let most = 0;
    const { runner, envs } = await setup({
      runBackup: async (request) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        return result(request, 1);
      },
    });
    const entries = await backUpAll(runner, envs, concurrency, observer().o);
    assert.equal(entries.filter((e) => e.status === 'succeeded').length, 3);
    assert.equal(most, concurrency);
  }
});

test('cancel: the running backup is cancelled and the rest do not start', async () => {
  const abort = new AbortController();
  const { runner, envs } = await setup({
    runBackup: async (request, callbacks) => {
      abort.abort();
      if (callbacks.signal?.aborted) throw new BackupError('cancelled', 'cancelled');
      return result(request, 1);
    },
  });
  const entries = await backUpAll(runner, envs, 1, observer(abort.signal).o);
  assert.deepEqual(entries.map((e) => e.status), ['cancelled', 'not-started', 'not-started']);
  const summary = summarizeBackUpAll(entries, englishL10n);
  assert.equal(summary.severity, 'error');
  assert.match(summary.message, /^Backed up 0 of 3 environments\. Live: cancelled · Staging: not started · Development: not started$/);
});

test('an environment without a remembered password is asked for one; one closed box skips only that one', async () => {
  const { runner, store, envs } = await setup({ runBackup: async (request) => result(request, 1) }, { askPassword: async (env) => (env.id === 'dev' ? undefined : 'typed') });
  await store.save(envs.find((e) => e.id === 'dev')!, { kind: 'forget' });
  await store.save(envs.find((e) => e.id === 'live')!, { kind: 'forget' });
  const entries = await backUpAll(runner, envs, 1, observer().o);
  assert.deepEqual(entries.map((e) => `${e.env.id} ${e.status}`), ['live succeeded', 'staging succeeded', 'dev skipped']);
  assert.match(summarizeBackUpAll(entries, englishL10n).message, /Development: no password given$/);
});

test('another window or the CLI holding the lock: that one is reported as skipped, not as a failure in its history', async () => {
  const { runner, store, envs } = await setup({
    runBackup: async (request) => {
      if (request.connection.database === 'shop-live') throw new BackupError('locked', 'Another backup of shop-live into /x is running: cloud-db-backup (process 1).');
      return result(request, 1);
    },
  });
  const entries = await backUpAll(runner, envs, 1, observer().o);
  assert.match(summarizeBackUpAll(entries, englishL10n).message, /Live: skipped, another backup is running/);
  assert.deepEqual(store.history('live'), []);
});

test('cancelling one environment (its own signal) cancels only that one; the others go on', async () => {
  const own = new Map<string, AbortController>();
  const { runner, envs } = await setup({
    runBackup: async (request, callbacks) => {
      if (request.connection.database === 'shop-staging') own.get('staging')!.abort();
      if (callbacks.signal?.aborted) throw new BackupError('cancelled', 'cancelled');
      return result(request, 1);
    },
  });
  const all = new AbortController();
  const o: BackUpAllObserver = {
    ...observer(all.signal).o,
    signalFor: (env) => {
      const c = new AbortController();
      own.set(env.id, c);
      return AbortSignal.any([all.signal, c.signal]);
    },
  };
  const entries = await backUpAll(runner, envs, 1, o);
  assert.deepEqual(entries.map((e) => e.status), ['succeeded', 'cancelled', 'succeeded']);
});
