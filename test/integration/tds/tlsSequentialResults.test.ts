import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as mssql from 'mssql';
import { startFakeSqlServer } from '../../support/tds/fakeSqlServer';
import type { SqlRow } from '../../../src/core/bcp/values';

// Regression: over TLS, a request that follows a large result set must still be answered (the catalog reader
// sends many queries one after another on one connection, inside a transaction).
test('several large result sets in a row over TLS, inside a transaction, all arrive', { timeout: 60_000 }, async () => {
  const rows: SqlRow[] = Array.from({ length: 3000 }, (_, i) => [i, `row ${i} `.repeat(8), i % 2 === 0]);
  const fake = await startFakeSqlServer({
    handler: () => [{ columns: [{ name: 'id', type: { base: 'int' }, nullable: false }, { name: 'text', type: { base: 'nvarchar', length: 400 }, nullable: true }, { name: 'flag', type: { base: 'bit' }, nullable: true }], rows }],
  });
  assert.equal(fake.server.tlsEnabled, true, 'this test is about TLS');
  const pool = await new mssql.ConnectionPool(fake.config({ requestTimeout: 20_000 })).connect();
  try {
    const tx = new mssql.Transaction(pool);
    await tx.begin(mssql.ISOLATION_LEVEL.SNAPSHOT);
    for (let i = 0; i < 6; i++) {
      const result = await tx.request().query(`/* q${i} */ SELECT id, text, flag FROM t`);
      assert.equal(result.recordset.length, rows.length, `query ${i}`);
    }
    await tx.rollback();
  } finally {
    await pool.close();
    await fake.close();
  }
  assert.deepEqual(fake.server.failures, []);
});
