/**
 * Transactions as mssql drives them (TransactionManager requests) and as SQL text, with the isolation level
 * recorded per connection so export tests can assert SNAPSHOT.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sql from 'mssql';
import { startFakeSqlServer } from '../../support/tds/fakeSqlServer';
import type { RequestContext } from '../../support/tds/server';

const one = { columns: [{ name: 'n', type: { base: 'int' as const }, nullable: false }], rows: [[1]] };

test('mssql Transaction with SNAPSHOT: TM begin/commit, descriptor in ALL_HEADERS, isolation recorded', async () => {
  const seen: Pick<RequestContext, 'isolationLevel' | 'inTransaction' | 'transactionDescriptor'>[] = [];
  const fake = await startFakeSqlServer({
    handler: (_request, ctx) => {
      seen.push({ isolationLevel: ctx.isolationLevel, inTransaction: ctx.inTransaction, transactionDescriptor: ctx.transactionDescriptor });
      return [one];
    },
  });
  const pool = await new sql.ConnectionPool(fake.config({ pool: { max: 1 } })).connect();
  try {
    const transaction = new sql.Transaction(pool);
    await transaction.begin(sql.ISOLATION_LEVEL.SNAPSHOT);
    await new sql.Request(transaction).query('select n from dbo.a');
    await new sql.Request(transaction).query('select n from dbo.b');
    await transaction.commit();
    await pool.request().query('select n from dbo.outside');

    assert.equal(seen.length, 3);
    // As on SQL Server, the level a transaction began with stays the session's level after COMMIT
    // (mssql does not reset pooled connections).
    assert.deepEqual(seen.map((s) => [s.isolationLevel, s.inTransaction]), [['SNAPSHOT', true], ['SNAPSHOT', true], ['SNAPSHOT', false]]);
    const connection = fake.server.connections.find((c) => c.transactions.length > 0)!;
    assert.deepEqual(connection.transactions.map((t) => [t.isolationLevel, t.via, t.outcome]), [['SNAPSHOT', 'tm', 'committed']]);
    // The client echoed the descriptor the double handed out in ENVCHANGE(BEGIN_TRAN).
    assert.equal(seen[0].transactionDescriptor.toString('hex'), connection.transactions[0].descriptor);
    assert.equal(seen[1].transactionDescriptor.toString('hex'), connection.transactions[0].descriptor);
    assert.equal(seen[2].transactionDescriptor.toString('hex'), '0000000000000000');
    const inTx = fake.server.queries.filter((q) => q.answeredBy === 'handler' && q.inTransaction);
    assert.deepEqual(inTx.map((q) => q.sql), ['select n from dbo.a', 'select n from dbo.b']);
    assert.ok(connection.isolationHistory.includes('SNAPSHOT'));
  } finally {
    await pool.close();
    await fake.close();
  }
});

test('mssql Transaction rollback ends the transaction with ENVCHANGE(ROLLBACK)', async () => {
  const fake = await startFakeSqlServer({ handler: () => [one] });
  const pool = await new sql.ConnectionPool(fake.config({ pool: { max: 1 } })).connect();
  try {
    const transaction = new sql.Transaction(pool);
    await transaction.begin(sql.ISOLATION_LEVEL.READ_COMMITTED);
    await new sql.Request(transaction).query('select n');
    await transaction.rollback();
    const connection = fake.server.connections.find((c) => c.transactions.length > 0)!;
    assert.deepEqual(connection.transactions.map((t) => [t.isolationLevel, t.outcome]), [['READ COMMITTED', 'rolled back']]);
    assert.equal(connection.inTransaction, false);
  } finally {
    await pool.close();
    await fake.close();
  }
});

test('SET TRANSACTION ISOLATION LEVEL and BEGIN/COMMIT as SQL text: handler sees the level, the double answers the rest', async () => {
  const levels: string[] = [];
  const fake = await startFakeSqlServer({
    handler: (request, ctx) => {
      levels.push(ctx.isolationLevel);
      return /select/i.test(request.sql) ? [one] : undefined;
    },
  });
  const pool = await new sql.ConnectionPool(fake.config({ pool: { max: 1 } })).connect();
  try {
    await pool.request().batch('SET TRANSACTION ISOLATION LEVEL SNAPSHOT;\nBEGIN TRANSACTION');
    const r = await pool.request().query('select n from dbo.t');
    assert.deepEqual(r.recordset, [{ n: 1 }]);
    await pool.request().batch('COMMIT');
    assert.deepEqual(levels, ['SNAPSHOT', 'SNAPSHOT', 'SNAPSHOT']);
    const connection = fake.server.connections.find((c) => c.transactions.length > 0)!;
    assert.deepEqual(connection.transactions.map((t) => [t.isolationLevel, t.via, t.outcome]), [['SNAPSHOT', 'sql', 'committed']]);
    const select = fake.server.queries.find((q) => q.sql === 'select n from dbo.t')!;
    assert.equal(select.inTransaction, true);
    assert.equal(select.transactionDescriptor, connection.transactions[0].descriptor);
    await assert.rejects(pool.request().batch('COMMIT'), (e: Error & { number?: number }) => e.number === 3902);
  } finally {
    await pool.close();
    await fake.close();
  }
});
