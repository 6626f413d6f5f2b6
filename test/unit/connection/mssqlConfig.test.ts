import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applicationName, toMssqlConfig } from '../../../src/core/connection/mssqlConfig';
import type { ConnectionSettings } from '../../../src/core/connection/types';
import { isBackupError } from '../../../src/core/errors';

const settings: ConnectionSettings = {
  server: 'tcp:abc.database.windows.net,1433', database: 'umbraco-live', user: 'u', password: 'p',
  encrypt: true, trustServerCertificate: false, connectTimeoutSeconds: 30, commandTimeoutSeconds: 0,
};

describe('toMssqlConfig', () => {
  it('connects straight to the named database, encrypted, with our application name', () => {
    const config = toMssqlConfig(settings);
    assert.equal(config.server, 'abc.database.windows.net');
    assert.equal(config.port, 1433);
    assert.equal(config.database, 'umbraco-live');
    assert.equal(config.user, 'u');
    assert.equal(config.password, 'p');
    assert.equal(config.options?.encrypt, true);
    assert.equal(config.options?.trustServerCertificate, false);
    assert.equal(config.options?.appName, applicationName);
    assert.equal(config.options?.abortTransactionOnError, true);
    assert.equal(config.options?.useUTC, true);
    // SqlClient's default: proven against Azure SQL, and below the 16,383 encrypted connections allow.
    assert.equal(config.options?.packetSize, 8000);
    assert.equal(config.options?.maxRetriesOnTransientErrors, 0);
    assert.equal(config.connectionTimeout, 30_000);
    assert.equal(config.requestTimeout, 0);
    assert.deepEqual({ min: config.pool?.min, max: config.pool?.max }, { min: 0, max: 1 });
  });

  it('takes timeouts, pool size, port defaults and certificate trust from the settings', () => {
    const config = toMssqlConfig({ ...settings, server: 'db.local', trustServerCertificate: true, encrypt: false, connectTimeoutSeconds: 5, commandTimeoutSeconds: 90 }, { poolMax: 4 });
    assert.equal(config.port, 1433);
    assert.equal(config.options?.encrypt, false);
    assert.equal(config.options?.trustServerCertificate, true);
    assert.equal(config.connectionTimeout, 5_000);
    assert.equal(config.requestTimeout, 90_000);
    assert.equal(config.pool?.max, 4);
  });

  it('passes Encrypt=Strict on as TDS 8 strict encryption, not as plain encryption', () => {
    assert.equal(toMssqlConfig({ ...settings, encrypt: 'strict' }).options?.encrypt, 'strict');
  });

  it('requires a database and never connects to master', () => {
    for (const database of ['', '  ', 'master', 'MASTER']) {
      assert.throws(() => toMssqlConfig({ ...settings, database }), (e: unknown) => isBackupError(e) && e.kind === 'invalid', database);
    }
  });
});
