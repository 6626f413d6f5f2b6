import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as mssql from 'mssql';
import * as tedious from 'tedious';
import { classifySqlError, isRetryableBackupError, type SqlErrorContext } from '../../../src/core/connection/classifySqlError';
import { BackupError } from '../../../src/core/errors';

const password = 'Pa55word!';
const context: SqlErrorContext = { server: 'tcp:abc.database.windows.net,1433', database: 'umbraco-live', user: 'user-live', password };

/** What mssql's pool.connect() rejects with: its ConnectionError wrapping tedious's. */
function loginFailure(message: string, code = 'ELOGIN'): Error {
  return new mssql.ConnectionError(new tedious.ConnectionError(message, code));
}

function socketFailure(message: string, cause: Error & { code?: string }): Error {
  return new mssql.ConnectionError(new tedious.ConnectionError(`Failed to connect to abc.database.windows.net:1433 - ${message}`, 'ESOCKET', { cause }));
}

function sysError(message: string, code: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

function requestFailure(message: string, number: number, code = 'EREQUEST'): Error {
  const inner = Object.assign(new tedious.RequestError(message, code), { number });
  return new mssql.RequestError(inner);
}

function noSecrets(e: BackupError): void {
  assert.ok(!e.message.includes(password), e.message);
  assert.ok(!(e.details.hint ?? '').includes(password), e.details.hint);
}

describe('classifySqlError', () => {
  it('firewall 40615: names the client IP and says where to allow it and how long it takes', () => {
    const e = classifySqlError(loginFailure("Cannot open server 'abc' requested by the login. Client with IP address '203.0.113.7' is not allowed to access the server.  To enable access, use the Azure Management Portal or run sp_set_firewall_rule on the master database to create a firewall rule for this IP address or address range.  It may take up to five minutes for this change to take effect."), context);
    assert.equal(e.kind, 'firewall');
    assert.equal(e.details.clientIp, '203.0.113.7');
    assert.equal(e.details.sqlErrorNumber, 40615);
    assert.match(e.message, /203\.0\.113\.7/);
    assert.match(e.details.hint ?? '', /203\.0\.113\.7/);
    assert.match(e.details.hint ?? '', /Umbraco Cloud portal/);
    assert.match(e.details.hint ?? '', /five minutes/);
  });

  it('login failed 18456: check login and password, never showing the password', () => {
    const e = classifySqlError(loginFailure(`Login failed for user 'user-live'. Reason: Password did not match that for the login provided. [CLIENT: ${password}]`), context);
    assert.equal(e.kind, 'login');
    assert.equal(e.details.sqlErrorNumber, 18456);
    assert.match(e.details.hint ?? '', /login and password/);
    noSecrets(e);
  });

  it('uses the error number captured from the login ERROR token when the message is unfamiliar', () => {
    const e = classifySqlError(loginFailure('Some localized text'), { ...context, serverErrorNumber: 18456 });
    assert.equal(e.kind, 'login');
  });

  it('cannot open database 4060: check the name, logins only see their own database', () => {
    const e = classifySqlError(loginFailure('Cannot open database "umbraco-liev" requested by the login. The login failed.'), context);
    assert.equal(e.kind, 'database');
    assert.equal(e.details.sqlErrorNumber, 4060);
    assert.match(e.details.hint ?? '', /database name/);
    assert.match(e.details.hint ?? '', /only see their own database/);
  });

  it('DNS failure: check the server name', () => {
    const e = classifySqlError(socketFailure('getaddrinfo ENOTFOUND abc.database.windows.net', sysError('getaddrinfo ENOTFOUND abc.database.windows.net', 'ENOTFOUND')), context);
    assert.equal(e.kind, 'network');
    assert.match(e.message, /could not be found/);
    assert.match(e.details.hint ?? '', /server name/);
  });

  it('refused, timed out or reset TCP connections are network errors', () => {
    for (const [msg, code] of [['connect ECONNREFUSED 10.0.0.1:1433', 'ECONNREFUSED'], ['connect ETIMEDOUT 10.0.0.1:1433', 'ETIMEDOUT'], ['read ECONNRESET', 'ECONNRESET']]) {
      const e = classifySqlError(socketFailure(msg, sysError(msg, code)), context);
      assert.equal(e.kind, 'network', code);
      assert.match(e.details.hint ?? '', /port/);
    }
  });

  it('certificate problems point at "Trust server certificate"', () => {
    const e = classifySqlError(socketFailure('self-signed certificate in certificate chain', sysError('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN')), context);
    assert.equal(e.kind, 'network');
    assert.match(e.details.hint ?? '', /Trust server certificate/);
  });

  it('connect and request timeouts', () => {
    const connect = classifySqlError(loginFailure('Failed to connect to abc.database.windows.net:1433 in 15000ms', 'ETIMEOUT'), context);
    assert.equal(connect.kind, 'timeout');
    assert.match(connect.details.hint ?? '', /connection timeout/);
    const request = classifySqlError(new mssql.RequestError(new tedious.RequestError('Timeout: Request failed to complete in 15000ms', 'ETIMEOUT')), { ...context, action: 'reading the schema of' });
    assert.equal(request.kind, 'timeout');
    assert.match(request.details.hint ?? '', /command timeout/);
  });

  it('cancel is "cancelled"', () => {
    const e = classifySqlError(new mssql.RequestError(new tedious.RequestError('Canceled.', 'ECANCEL')), context);
    assert.equal(e.kind, 'cancelled');
  });

  it('transient Azure errors, by number or by text', () => {
    for (const n of [40613, 40501, 40197, 10928, 10929, 49918, 49919, 49920]) {
      const e = classifySqlError(requestFailure(`Resource problem ${n}`, n), context);
      assert.equal(e.kind, 'transient', String(n));
      assert.equal(e.details.sqlErrorNumber, n);
    }
    const e = classifySqlError(loginFailure("Database 'umbraco-live' on server 'abc' is not currently available.  Please retry the connection later."), context);
    assert.equal(e.kind, 'transient');
  });

  it('keeps BackupErrors as they are and turns anything else into an internal error without secrets', () => {
    const original = new BackupError('io', 'disk full');
    assert.equal(classifySqlError(original, context), original);
    const e = classifySqlError(requestFailure(`Incorrect syntax near '${password}'.`, 102), context);
    assert.equal(e.kind, 'internal');
    assert.equal(e.details.sqlErrorNumber, 102);
    noSecrets(e);
  });

  it('never puts the password in any message, whatever the error text', () => {
    const texts = [
      `Login failed for user '${password}'.`,
      `Cannot open database "${password}" requested by the login. The login failed.`,
      `Client with IP address '${password}' is not allowed to access the server.`,
      `getaddrinfo ENOTFOUND ${password}`,
      `Timeout ${password}`,
    ];
    for (const text of texts) {
      for (const err of [loginFailure(text), requestFailure(text, 40613), socketFailure(text, sysError(text, 'ENOTFOUND'))]) {
        noSecrets(classifySqlError(err, { ...context, user: password, database: password, server: password }));
      }
    }
  });
});

describe('isRetryableBackupError', () => {
  const requestError = (number: number) => Object.assign(new tedious.RequestError(`error ${number}`, 'EREQUEST'), { number });

  it('retries every Azure transient number, timeouts and lost connections', () => {
    for (const number of [40613, 40197, 40501, 49918, 49919, 49920, 10928, 10929, 4221, 40540, 40544]) {
      assert.equal(isRetryableBackupError(classifySqlError(requestError(number), context)), true, String(number));
    }
    assert.equal(isRetryableBackupError(classifySqlError(new tedious.ConnectionError('Failed to connect in 30000ms', 'ETIMEOUT'), context)), true);
    assert.equal(isRetryableBackupError(classifySqlError(socketFailure('read ECONNRESET', sysError('read ECONNRESET', 'ECONNRESET')), context)), true);
    assert.equal(isRetryableBackupError(classifySqlError(new tedious.ConnectionError('Connection lost - socket hang up', 'ESOCKET'), context)), true);
  });

  it('never retries login, firewall, database, permission or data errors, nor a wrong address', () => {
    for (const number of [18456, 40615, 4060, 229, 1205, 8115]) {
      assert.equal(isRetryableBackupError(classifySqlError(requestError(number), context)), false, String(number));
    }
    assert.equal(isRetryableBackupError(classifySqlError(socketFailure('connect ECONNREFUSED 10.0.0.1:1433', sysError('connect ECONNREFUSED', 'ECONNREFUSED')), context)), false);
    assert.equal(isRetryableBackupError(classifySqlError(socketFailure('getaddrinfo ENOTFOUND x', sysError('getaddrinfo ENOTFOUND x', 'ENOTFOUND')), context)), false);
    assert.equal(isRetryableBackupError(new BackupError('io', 'disk full')), false);
    assert.equal(isRetryableBackupError(new BackupError('cancelled', 'Cancelled.')), false);
  });
});
