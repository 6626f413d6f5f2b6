/**
 * Login-time and request-time faults as mssql/tedious sees them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sql from 'mssql';
import { startFakeSqlServer } from '../../support/tds/fakeSqlServer';
import { acceptOnly, cannotOpenDatabase, firewallBlocked, generatedRows, routes } from '../../support/tds/scenarios';
import type { ResultSet } from '../../support/tds/server';

type CodedError = Error & { code?: string; number?: number; originalError?: CodedError };

const numbers = (count: number): ResultSet => ({
  columns: [{ name: 'n', type: { base: 'int' }, nullable: false }],
  rows: generatedRows(count, 1, (i, row) => { row[0] = i; }),
});

test('wrong password: 18456 becomes an ELOGIN ConnectionError', async () => {
  const fake = await startFakeSqlServer({ authenticate: acceptOnly('sa', 'right-password') });
  try {
    await assert.rejects(new sql.ConnectionPool(fake.config({ password: 'wrong' })).connect(), (e: CodedError) => {
      assert.equal(e.code, 'ELOGIN');
      assert.equal(e.message, "Login failed for user 'sa'.");
      return true;
    });
    assert.equal(fake.server.logins.length, 1);
    assert.equal(fake.server.logins[0].passwordMatches('wrong'), true);
  } finally {
    await fake.close();
  }
});

test('Azure firewall 40615: the message carries the client IP', async () => {
  const fake = await startFakeSqlServer({ authenticate: () => ({ error: firewallBlocked('umbraco-prod') }) });
  try {
    await assert.rejects(new sql.ConnectionPool(fake.config()).connect(), (e: CodedError) => {
      assert.equal(e.code, 'ELOGIN');
      assert.match(e.message, /^Cannot open server 'umbraco-prod' requested by the login\. Client with IP address '203\.0\.113\.7' is not allowed/);
      return true;
    });
  } finally {
    await fake.close();
  }
});

test('4060 cannot open database: tedious retries it as transient, then reports ELOGIN', async () => {
  const fake = await startFakeSqlServer({ authenticate: (login) => ({ error: cannotOpenDatabase(login.database) }) });
  try {
    await assert.rejects(
      new sql.ConnectionPool(fake.config({ database: 'Nope', options: { connectionRetryInterval: 20 } })).connect(),
      (e: CodedError) => e.code === 'ELOGIN' && e.message === 'Cannot open database "Nope" requested by the login. The login failed.',
    );
    assert.equal(fake.server.logins.length, 4, 'one login plus tedious\'s 3 retries');
  } finally {
    await fake.close();
  }
});

test('transient 40613 on the first login: tedious retries and the query succeeds', async () => {
  const fake = await startFakeSqlServer({ failLogins: 1, handler: routes(['numbers', () => [numbers(3)]]) });
  const pool = await new sql.ConnectionPool(fake.config({ options: { connectionRetryInterval: 20 } })).connect();
  try {
    const result = await pool.request().query('select n from numbers');
    assert.deepEqual(result.recordset.map((r) => r.n), [0, 1, 2]);
    // mssql's connect() opens a probe connection: its first login got 40613, tedious's retry got in.
    assert.deepEqual(fake.server.connections.slice(0, 2).map((c) => c.loginOutcome), [40613, 'ok']);
    assert.ok(fake.server.connections.slice(2).every((c) => c.loginOutcome === 'ok'));
  } finally {
    await pool.close();
    await fake.close();
  }
});

test('an error in the middle of a table becomes a RequestError with its number', async () => {
  const fake = await startFakeSqlServer({
    handler: routes(
      ['numbers', () => ({ resultSets: [numbers(1000)], errorAfterRows: 5, error: { number: 824, message: 'SQL Server detected a logical consistency-based I/O error' } })],
      ['small', () => [numbers(2)]],
    ),
  });
  const pool = await new sql.ConnectionPool(fake.config()).connect();
  try {
    for (const mode of ['query', 'batch'] as const) {
      await assert.rejects(pool.request()[mode]('select n from numbers'), (e: CodedError) => {
        assert.equal(e.name, 'RequestError');
        assert.equal(e.number, 824);
        assert.match(e.message, /logical consistency/);
        return true;
      });
    }
    // Streaming sees the first rows, then the error.
    const request = pool.request();
    request.stream = true;
    const seen: number[] = [];
    const error = await new Promise<CodedError>((resolve) => {
      request.on('row', (r) => seen.push(r.n));
      request.on('error', resolve);
      request.query('select n from numbers');
    });
    assert.equal(error.number, 824);
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
    // The connection stays usable.
    assert.deepEqual((await pool.request().query('select n from small')).recordset.map((r) => r.n), [0, 1]);
  } finally {
    await pool.close();
    await fake.close();
  }
});

test('a handler error response becomes a RequestError (e.g. 208 invalid object name)', async () => {
  const fake = await startFakeSqlServer({ handler: () => ({ error: { number: 208, message: "Invalid object name 'dbo.missing'." } }) });
  const pool = await new sql.ConnectionPool(fake.config()).connect();
  try {
    await assert.rejects(pool.request().query('select * from dbo.missing'), (e: CodedError) => e.number === 208 && e.code === 'EREQUEST');
  } finally {
    await pool.close();
    await fake.close();
  }
});

test('a connection dropped mid-table fails the request with a socket error', async () => {
  const fake = await startFakeSqlServer({ handler: () => ({ resultSets: [numbers(100_000)], dropAfterRows: 2000 }) });
  const pool = await new sql.ConnectionPool(fake.config()).connect();
  pool.on('error', () => undefined);
  try {
    const request = pool.request();
    request.stream = true;
    let rows = 0;
    const error = await new Promise<CodedError>((resolve) => {
      request.on('row', () => rows++);
      request.on('error', resolve);
      request.query('select n from numbers');
    });
    assert.equal(error.code, 'ECONNRESET', `got ${error.code}: ${error.message}`);
    assert.ok(rows > 0 && rows <= 2000, `rows before the drop: ${rows}`);
  } finally {
    await pool.close();
    await fake.close();
  }
});

/** A handler route that hangs and tells the test when the server is hanging. */
function hangRoute(): { reached: Promise<number>; answer: () => { hang: true } } {
  let reached!: (connectionId: number) => void;
  const promise = new Promise<number>((resolve) => { reached = resolve; });
  return { reached: promise, answer: () => { setImmediate(() => reached(0)); return { hang: true }; } };
}

test('cancel during a hanging query: ATTENTION, ECANCEL, and the pooled connection still works', async () => {
  const hang = hangRoute();
  const fake = await startFakeSqlServer({ handler: routes(['hang', hang.answer], ['numbers', () => [numbers(2)]]) });
  const pool = await new sql.ConnectionPool(fake.config({ pool: { max: 1 } })).connect();
  try {
    const request = pool.request();
    const pending = request.query('select hang');
    await hang.reached;
    request.cancel();
    await assert.rejects(pending, (e: CodedError) => e.code === 'ECANCEL');
    const after = await pool.request().query('select n from numbers');
    assert.deepEqual(after.recordset.map((r) => r.n), [0, 1]);
    const hung = fake.server.queries.find((q) => q.sql === 'select hang')!;
    const next = fake.server.queries.find((q) => q.sql === 'select n from numbers')!;
    assert.equal(next.connectionId, hung.connectionId, 'the same connection served the next query');
    assert.equal(fake.server.connections.find((c) => c.id === hung.connectionId)!.closed, false);
  } finally {
    await pool.close();
    await fake.close();
  }
});

test('cancel while rows are streaming slowly: ECANCEL, then the connection still works', async () => {
  const fake = await startFakeSqlServer({
    handler: routes(['slow', () => ({ resultSets: [numbers(1000)], delayMsPerRow: 5 })], ['numbers', () => [numbers(2)]]),
  });
  const pool = await new sql.ConnectionPool(fake.config({ pool: { max: 1 } })).connect();
  try {
    const request = pool.request();
    request.stream = true;
    let rows = 0;
    const outcome = new Promise<CodedError>((resolve) => {
      request.on('row', () => { if (++rows === 10) request.cancel(); });
      request.on('error', resolve);
    });
    request.query('select slow');
    assert.equal((await outcome).code, 'ECANCEL');
    assert.ok(rows >= 10 && rows < 1000, `rows before cancel: ${rows}`);
    assert.deepEqual((await pool.request().query('select n from numbers')).recordset.map((r) => r.n), [0, 1]);
  } finally {
    await pool.close();
    await fake.close();
  }
});

test('requestTimeout on a hanging query: ETIMEOUT, then the connection still works', async () => {
  const fake = await startFakeSqlServer({ handler: routes(['hang', () => ({ hang: true })], ['numbers', () => [numbers(1)]]) });
  const pool = await new sql.ConnectionPool(fake.config({ requestTimeout: 300, pool: { max: 1 } })).connect();
  try {
    const started = Date.now();
    await assert.rejects(pool.request().query('select hang'), (e: CodedError) => e.code === 'ETIMEOUT');
    assert.ok(Date.now() - started >= 250);
    assert.deepEqual((await pool.request().query('select n from numbers')).recordset, [{ n: 0 }]);
    const hung = fake.server.queries.find((q) => q.sql === 'select hang')!;
    assert.equal(fake.server.queries.find((q) => q.sql === 'select n from numbers')!.connectionId, hung.connectionId);
  } finally {
    await pool.close();
    await fake.close();
  }
});
