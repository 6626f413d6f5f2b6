import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectWithRetry } from '../../../src/core/connection/connectWithRetry';
import { testConnection } from '../../../src/core/connection/testConnection';
import type { ConnectionSettings } from '../../../src/core/connection/types';
import { isBackupError } from '../../../src/core/errors';
import { createAllTypesDatabase } from '../../support/databases/rowGenerator';
import { createDatabaseResponder } from '../../support/tds/database/createDatabaseResponder';
import { startTdsServer, type LoginDecision, type LoginRequest } from '../../support/tds/server';

const password = 'double-secret-9';

async function withServer(authenticate: (login: LoginRequest) => LoginDecision, run: (settings: ConnectionSettings) => Promise<void>): Promise<void> {
  const db = createAllTypesDatabase({ rowsPerTable: 1 });
  const server = await startTdsServer({
    authenticate,
    handler: createDatabaseResponder({ model: db.model, rows: (t) => db.rows(t), rowCount: (t) => db.rowCount(t) }),
  });
  try {
    await run({
      server: `127.0.0.1,${server.port}`, database: db.model.name, user: 'backup', password,
      encrypt: false, trustServerCertificate: false, connectTimeoutSeconds: 5, commandTimeoutSeconds: 0,
    });
  } finally {
    await server.close();
  }
}

describe('connecting to the test double through the real driver', () => {
  it('Test Connection reports version, database and edition, logging in to the named database', async () => {
    let loginDatabase = '';
    await withServer((login) => { loginDatabase = login.database; return 'ok'; }, async (settings) => {
      const result = await testConnection(settings);
      assert.deepEqual(result, { serverVersion: '12.0.2000.8', database: 'AllTypes', edition: 'SQL Azure (GP_S_Gen5_1)' });
      assert.equal(loginDatabase, 'AllTypes');
    });
  });

  it('classifies a refused login as a login error without the password', async () => {
    await withServer(() => ({ error: { number: 18456, message: "Login failed for user 'backup'." } }), async (settings) => {
      await assert.rejects(connectWithRetry(settings), (e: unknown) => {
        assert.ok(isBackupError(e));
        assert.equal(e.kind, 'login');
        assert.equal(e.details.sqlErrorNumber, 18456);
        assert.ok(!e.message.includes(password));
        return true;
      });
    });
  });

  it('classifies the Azure firewall error with the client IP', async () => {
    const message = "Cannot open server 'double' requested by the login. Client with IP address '198.51.100.23' is not allowed to access the server.  To enable access, use the Azure Management Portal or run sp_set_firewall_rule on the master database to create a firewall rule for this IP address or address range.  It may take up to five minutes for this change to take effect.";
    await withServer(() => ({ error: { number: 40615, message } }), async (settings) => {
      await assert.rejects(connectWithRetry(settings), (e: unknown) => isBackupError(e) && e.kind === 'firewall' && e.details.clientIp === '198.51.100.23');
    });
  });

  it('a wrong database name fails at once, without retries', async () => {
    let logins = 0;
    await withServer(() => { logins++; return { error: { number: 4060, message: 'Cannot open database "Nope" requested by the login. The login failed.' } }; }, async (settings) => {
      await assert.rejects(connectWithRetry({ ...settings, database: 'Nope' }), (e: unknown) => isBackupError(e) && e.kind === 'database');
      assert.equal(logins, 1);
    });
  });

  it('retries a transient login error after the back-off, logging it', async () => {
    let logins = 0;
    const delays: number[] = [];
    const logs: string[] = [];
    await withServer(() => (++logins === 1 ? { error: { number: 40613, message: "Database 'AllTypes' on server 'double' is not currently available.  Please retry the connection later." } } : 'ok'), async (settings) => {
      const pool = await connectWithRetry(settings, { sleep: async (ms) => { delays.push(ms); }, log: (_l, m) => logs.push(m) });
      await pool.close();
      assert.deepEqual(delays, [5000]);
      assert.equal(logs.length, 1);
    });
  });
});
