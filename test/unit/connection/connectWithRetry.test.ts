import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type * as mssql from 'mssql';
import * as tedious from 'tedious';
import { connectWithRetry, retryDelayMs, type Sleep } from '../../../src/core/connection/connectWithRetry';
import type { ConnectionSettings } from '../../../src/core/connection/types';
import { isBackupError } from '../../../src/core/errors';

const settings: ConnectionSettings = {
  server: 'tcp:abc.database.windows.net,1433', database: 'umbraco-live', user: 'u', password: 'secret-pw',
  encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 30, commandTimeoutSeconds: 0,
};

const busy = () => new tedious.ConnectionError("Database 'umbraco-live' on server 'abc' is not currently available.  Please retry the connection later.", 'ELOGIN');
const fakePool = { close: async () => undefined } as unknown as mssql.ConnectionPool;

/** A sleep that records the delays and returns at once (or rejects when the signal is aborted). */
function recordingSleep(delays: number[], onSleep?: () => void): Sleep {
  return async (ms, signal) => {
    delays.push(ms);
    onSleep?.();
    if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
  };
}

describe('connectWithRetry', () => {
  it('backs off 5 s, doubling, capped at 60 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n)), [5000, 10000, 20000, 40000, 60000, 60000, 60000]);
  });

  it('retries transient errors and logs each retry', async () => {
    const delays: number[] = [];
    const logs: string[] = [];
    let attempts = 0;
    const pool = await connectWithRetry(settings, {
      sleep: recordingSleep(delays),
      log: (_level, message) => logs.push(message),
      open: async () => {
        if (++attempts < 4) throw busy();
        return fakePool;
      },
    });
    assert.equal(pool, fakePool);
    assert.equal(attempts, 4);
    assert.deepEqual(delays, [5000, 10000, 20000]);
    assert.equal(logs.length, 3);
    assert.match(logs[0], /Retrying in 5 s \(retry 1 of 5\)/);
    for (const line of logs) assert.ok(!line.includes('secret-pw'));
  });

  it('gives up after the bounded number of retries with a transient error', async () => {
    const delays: number[] = [];
    let attempts = 0;
    await assert.rejects(connectWithRetry(settings, { sleep: recordingSleep(delays), open: async () => { attempts++; throw busy(); } }),
      (e: unknown) => isBackupError(e) && e.kind === 'transient');
    assert.equal(attempts, 6);
    assert.deepEqual(delays, [5000, 10000, 20000, 40000, 60000]);
  });

  it('does not retry errors a retry cannot fix', async () => {
    let attempts = 0;
    await assert.rejects(connectWithRetry(settings, {
      sleep: recordingSleep([]),
      open: async () => { attempts++; throw new tedious.ConnectionError("Login failed for user 'u'.", 'ELOGIN'); },
    }), (e: unknown) => isBackupError(e) && e.kind === 'login');
    assert.equal(attempts, 1);
  });

  it('retries connect-time timeouts and connection resets like the transient numbers', async () => {
    const failures = [
      new tedious.ConnectionError('Failed to connect to abc.database.windows.net:1433 in 30000ms', 'ETIMEOUT'),
      Object.assign(new tedious.ConnectionError('Connection lost - read ECONNRESET', 'ESOCKET'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }),
    ];
    const delays: number[] = [];
    let attempts = 0;
    const pool = await connectWithRetry(settings, {
      sleep: recordingSleep(delays),
      open: async () => {
        const failure = failures[attempts++];
        if (failure) throw failure;
        return fakePool;
      },
    });
    assert.equal(pool, fakePool);
    assert.equal(attempts, 3);
    assert.deepEqual(delays, [5000, 10000]);
  });

  it('reports a connect timeout at once when asked to (Test Connection: someone is waiting)', async () => {
    let attempts = 0;
    await assert.rejects(connectWithRetry(settings, {
      retryTimeouts: false,
      sleep: recordingSleep([]),
      open: async () => { attempts++; throw new tedious.ConnectionError('Failed to connect to abc.database.windows.net:1433 in 30000ms', 'ETIMEOUT'); },
    }), (e: unknown) => isBackupError(e) && e.kind === 'timeout');
    assert.equal(attempts, 1);
  });

  it('does not retry a refused connection or an unknown server name (a wrong address stays wrong)', async () => {
    for (const failure of [
      Object.assign(new tedious.ConnectionError('Failed to connect to 127.0.0.1:1 - connect ECONNREFUSED 127.0.0.1:1', 'ESOCKET'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }),
      Object.assign(new tedious.ConnectionError('Failed to connect to nowhere.invalid:1433 - getaddrinfo ENOTFOUND nowhere.invalid', 'ESOCKET'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) }),
    ]) {
      let attempts = 0;
      await assert.rejects(connectWithRetry(settings, { sleep: recordingSleep([]), open: async () => { attempts++; throw failure; } }),
        (e: unknown) => isBackupError(e) && e.kind === 'network');
      assert.equal(attempts, 1, failure.message);
    }
  });

  it('passes the login error number captured from the server to the classification', async () => {
    await assert.rejects(connectWithRetry(settings, {
      open: async (config) => {
        const fakeConnection = { on: (event: string, listener: (token: { number: number }) => void) => { if (event === 'errorMessage') listener({ number: 4060 }); } };
        config.beforeConnect?.(fakeConnection as never);
        throw new tedious.ConnectionError('Login failed.', 'ELOGIN');
      },
    }), (e: unknown) => isBackupError(e) && e.kind === 'database');
  });

  it('stops waiting when cancelled during the back-off', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const realSleepCalls: number[] = [];
    await assert.rejects(connectWithRetry(settings, {
      signal: controller.signal,
      sleep: async (ms, signal) => {
        realSleepCalls.push(ms);
        controller.abort();
        // the default sleep rejects on abort; the injected one mirrors it
        if (signal?.aborted) throw Object.assign(new Error('cancelled'), { code: 'ECANCEL' });
      },
      open: async () => { attempts++; throw busy(); },
    }), (e: unknown) => isBackupError(e) && e.kind === 'cancelled');
    assert.equal(attempts, 1);
    assert.deepEqual(realSleepCalls, [5000]);
  });

  it('the default sleep is cancellable: an abort ends a 60 s wait at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(connectWithRetry(settings, {
      signal: controller.signal,
      retry: { firstDelayMs: 60_000 },
      open: async () => { throw busy(); },
    }), (e: unknown) => isBackupError(e) && e.kind === 'cancelled');
    assert.ok(Date.now() - started < 5_000);
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    let attempts = 0;
    await assert.rejects(connectWithRetry(settings, { signal: controller.signal, open: async () => { attempts++; return fakePool; } }),
      (e: unknown) => isBackupError(e) && e.kind === 'cancelled');
    assert.equal(attempts, 0);
  });
});
