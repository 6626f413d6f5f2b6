/**
 * Large results stream through the double with socket backpressure: a paused mssql stream stops the
 * double's row generator instead of letting it buffer the whole table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sql from 'mssql';
import { startFakeSqlServer } from '../../support/tds/fakeSqlServer';
import { generatedRows } from '../../support/tds/scenarios';
import type { ResultSet } from '../../support/tds/server';

const TOTAL = 100_000;
const padding = 'p'.repeat(100);

for (const encrypt of [false, true]) {
  test(`100k rows stream to mssql with pause/resume and backpressure (${encrypt ? 'TLS' : 'plain'})`, async (t) => {
    let produced = 0;
    const table = (): ResultSet => ({
      columns: [
        { name: 'id', type: { base: 'int' }, nullable: false },
        { name: 'label', type: { base: 'nvarchar', length: 300 }, nullable: true },
        { name: 'at', type: { base: 'datetime2', scale: 7 }, nullable: true },
      ],
      rows: generatedRows(TOTAL, 3, (i, row) => {
        produced = i + 1;
        row[0] = i;
        row[1] = i % 10 === 0 ? null : `${i}:${padding}`;
        row[2] = '2024-01-01 00:00:00.0000001';
      }),
    });
    const fake = await startFakeSqlServer({ handler: () => [table()] });
    const pool = await new sql.ConnectionPool(fake.config({ options: { encrypt } })).connect();
    try {
      const request = pool.request();
      request.stream = true;
      let received = 0;
      let inOrder = true;
      let producedMidPause = 0;
      let producedAfterPause = 0;
      const done = new Promise<number[]>((resolve, reject) => {
        request.on('row', (r: { id: number; label: string | null }) => {
          if (r.id !== received) inOrder = false;
          if ((r.label === null) !== (received % 10 === 0)) inOrder = false;
          received++;
          if (received === 1000) {
            request.pause();
            setTimeout(() => { producedMidPause = produced; }, 200);
            setTimeout(() => {
              producedAfterPause = produced;
              request.resume();
            }, 400);
          }
        });
        request.on('error', reject);
        const affected: number[] = [];
        request.on('rowsaffected', (n: number) => affected.push(n));
        request.on('done', () => resolve(affected));
      });
      request.query('select id, label, at from dbo.big');
      const affected = await done;
      assert.equal(received, TOTAL);
      assert.ok(inOrder, 'rows arrive complete and in order');
      assert.deepEqual(affected, [TOTAL]);
      // While the client was paused, the double filled the socket buffers (a few MB) and then stopped
      // producing rows until the client resumed.
      const aheadWhilePaused = producedAfterPause - 1000;
      t.diagnostic(`rows produced ahead of the paused client: ${aheadWhilePaused}`);
      // Over TLS, tedious's client-side TLS pair keeps reading from the socket while the request is paused,
      // so only the plain connection shows a complete stall.
      if (!encrypt) assert.equal(producedAfterPause, producedMidPause, 'the row generator stalled during the pause');
      assert.ok(aheadWhilePaused < TOTAL / 2, `the double produced ${aheadWhilePaused} rows ahead of a paused client`);
      assert.deepEqual(fake.server.failures, []);
    } finally {
      await pool.close();
      await fake.close();
    }
  });
}

test('several result sets and DML counts keep rowsAffected and recordsets apart', async () => {
  const fake = await startFakeSqlServer({
    handler: () => [
      { columns: [{ name: 'a', type: { base: 'int' }, nullable: false }], rows: [[1], [2]] },
      { rowsAffected: 7 },
      { columns: [{ name: 'b', type: { base: 'varchar', length: 5 }, nullable: false }], rows: [['x']] },
    ],
  });
  const pool = await new sql.ConnectionPool(fake.config()).connect();
  try {
    for (const mode of ['query', 'batch'] as const) {
      const result = await pool.request()[mode]('select a; update t; select b');
      const recordsets = result.recordsets as sql.IRecordSet<Record<string, unknown>>[];
      assert.equal(recordsets.length, 2, mode);
      assert.deepEqual(recordsets[0].map((r) => r.a), [1, 2]);
      assert.deepEqual(recordsets[1].map((r) => r.b), ['x']);
      assert.deepEqual(result.rowsAffected, [2, 7, 1], mode);
    }
  } finally {
    await pool.close();
    await fake.close();
  }
});

test('async iterable rows are streamed as they are produced', async () => {
  async function* slowRows(): AsyncIterable<[number]> {
    for (let i = 0; i < 50; i++) {
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
      yield [i];
    }
  }
  const fake = await startFakeSqlServer({ handler: () => [{ columns: [{ name: 'n', type: { base: 'bigint' }, nullable: false }], rows: slowRows() }] });
  const pool = await new sql.ConnectionPool(fake.config()).connect();
  try {
    const result = await pool.request().query('select n');
    assert.deepEqual(result.recordset.map((r) => r.n), Array.from({ length: 50 }, (_, i) => String(i)));
  } finally {
    await pool.close();
    await fake.close();
  }
});
