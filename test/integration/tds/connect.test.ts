import { test } from 'node:test';
import assert from 'node:assert/strict';
import sql from 'mssql';
import { startFakeSqlServer } from '../../support/tds/fakeSqlServer';
import { routes } from '../../support/tds/scenarios';
import type { ResultSet } from '../../support/tds/server';

const items: ResultSet = {
  columns: [
    { name: 'id', type: { base: 'int' }, nullable: false },
    { name: 'name', type: { base: 'nvarchar', length: 50 }, nullable: true },
  ],
  rows: [[1, 'alpha'], [2, 'beta'], [3, null]],
};

const handler = routes(['from dbo.items', () => [items]]);

for (const encrypt of [false, true]) {
  test(`mssql connects ${encrypt ? 'over TLS' : 'without TLS'} and reads rows with batch() and query()`, async () => {
    const fake = await startFakeSqlServer({ handler });
    const pool = await new sql.ConnectionPool(fake.config({ database: 'Shop', options: { encrypt } })).connect();
    try {
      const viaBatch = await pool.request().batch('select id, name from dbo.items');
      assert.deepEqual(viaBatch.recordset.map((r) => ({ ...r })), [
        { id: 1, name: 'alpha' }, { id: 2, name: 'beta' }, { id: 3, name: null },
      ]);
      assert.deepEqual(viaBatch.rowsAffected, [3]);

      const viaQuery = await pool.request().input('minId', sql.Int, 2).query('select id, name from dbo.items where id >= @minId');
      assert.equal(viaQuery.recordset.length, 3);
      assert.deepEqual(viaQuery.rowsAffected, [3]);
      assert.equal(viaQuery.recordset.columns.name.type, sql.NVarChar);
      assert.equal(viaQuery.recordset.columns.id.nullable, false);

      assert.equal(fake.server.connections[0].encrypted, encrypt);
      const login = fake.server.logins[0];
      assert.equal(login.user, 'sa');
      assert.equal(login.database, 'Shop');
      assert.ok(login.passwordGiven);
      assert.ok(login.passwordMatches('fake-password'));
      assert.equal(login.passwordMatches('wrong'), false);
      assert.ok(!JSON.stringify(login).includes('fake-password'), 'the password never shows in the login record');

      const handled = fake.server.queries.filter((q) => q.answeredBy === 'handler');
      assert.deepEqual(handled.map((q) => q.kind), ['batch', 'rpc']);
      assert.equal(handled[1].sql, 'select id, name from dbo.items where id >= @minId');
      assert.deepEqual(handled[1].params, { minId: 2 });
      assert.equal(handled[1].procedure, 'sp_executesql');
      assert.deepEqual(fake.server.failures, []);
    } finally {
      await pool.close();
      await fake.close();
    }
  });
}

test('a TLS-required double refuses a client that does not encrypt', async () => {
  const fake = await startFakeSqlServer({ handler, tls: 'required' });
  try {
    await assert.rejects(
      new sql.ConnectionPool(fake.config({ options: { encrypt: false } })).connect(),
      (e: Error & { code?: string }) => e.code === 'EENCRYPT',
    );
  } finally {
    await fake.close();
  }
});

test('typed parameters reach the handler as lossless values', async () => {
  let seen: Record<string, unknown> = {};
  const fake = await startFakeSqlServer({
    handler: (request) => {
      seen = request.params;
      return [];
    },
  });
  const pool = await new sql.ConnectionPool(fake.config()).connect();
  try {
    await pool.request()
      .input('i', sql.Int, -7)
      .input('b', sql.BigInt, '9007199254740993')
      .input('s', sql.NVarChar(20), 'héllo')
      .input('m', sql.NVarChar(sql.MAX), 'long text')
      .input('v', sql.VarChar(10), 'abc')
      .input('d', sql.Decimal(10, 3), 12.345)
      .input('g', sql.UniqueIdentifier, '6F9619FF-8B86-D011-B42D-00C04FC964FF')
      .input('bin', sql.VarBinary(10), Buffer.from([1, 2, 3]))
      .input('flag', sql.Bit, true)
      .input('n', sql.Int, null)
      .query('exec something @i, @b, @s, @m, @v, @d, @g, @bin, @flag, @n');
    assert.deepEqual(seen, {
      i: -7, b: 9007199254740993n, s: 'héllo', m: 'long text', v: 'abc', d: '12.345',
      g: '6F9619FF-8B86-D011-B42D-00C04FC964FF', bin: Buffer.from([1, 2, 3]), flag: true, n: null,
    });
  } finally {
    await pool.close();
    await fake.close();
  }
});
