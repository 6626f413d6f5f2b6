/**
 * The wire reader on a real tedious connection to the double: rows arrive as BCP, the driver still ends the
 * request, and every way it can fail (a value the column cannot hold, the consumer, a cancel, a server error)
 * rejects with a message for people and leaves the connection fit for the next query.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sql from 'mssql';
import { ByteSink } from '../../../src/core/bcp/byteSink';
import { createRowEncoder, type SqlRow } from '../../../src/core/bcp';
import { BackupError } from '../../../src/core/errors';
import type { TableModel } from '../../../src/core/model/types';
import { planTableRead } from '../../../src/core/export/tableReader';
import { asConnectionLender } from '../../../src/core/export/tableRowPump';
import { pumpTableBcp } from '../../../src/core/export/tableWirePump';
import type { BcpRowTarget } from '../../../src/core/export/wire/rowTokenFilter';
import { startFakeSqlServer } from '../../support/tds/fakeSqlServer';
import type { HandlerResult } from '../../support/tds/api';
import type { ResultColumn } from '../../support/tds/typeEncoders';

const table: TableModel = {
  schema: 'dbo', name: 'People', ansiNulls: true,
  columns: [{ name: 'Id', type: { base: 'int' }, nullable: false }, { name: 'Name', type: { base: 'nvarchar', length: 40 }, nullable: false }],
};
const plan = planTableRead(table, { primaryKeys: [], uniqueConstraints: [], indexes: [] });
const columns: ResultColumn[] = [{ name: 'c0', type: { base: 'int' }, nullable: false }, { name: 'c1', type: { base: 'nvarchar', length: 40 }, nullable: true }];
const rows = (n: number, nullAt = -1): SqlRow[] => Array.from({ length: n }, (_, i) => [i, i === nullAt ? null : `person ${i}`]);

async function withServer(answer: () => HandlerResult, body: (pool: sql.ConnectionPool) => Promise<void>): Promise<void> {
  const fake = await startFakeSqlServer({ handler: (req) => (req.sql.includes('cdb:data') ? answer() : [{ columns: [{ name: 'one', type: { base: 'int' }, nullable: false }], rows: [[1]] }]) });
  const pool = await new sql.ConnectionPool(fake.config({ pool: { max: 1 } })).connect();
  try {
    await body(pool);
    // The one connection must still answer: nothing of the failed read is left on it.
    const after = await pool.request().query('select 1 as one');
    assert.deepEqual(after.recordset, [{ one: 1 }]);
  } finally {
    await pool.close();
    await fake.close();
  }
}

function target(onRow?: (n: number) => void | Promise<void>): BcpRowTarget & { rows: number } {
  const sink = new ByteSink(1024);
  const t = {
    sink,
    rows: 0,
    rowWritten: () => {
      t.rows++;
      return onRow?.(t.rows);
    },
  };
  return t;
}

test('rows arrive as the encoder\'s BCP and the count matches the server\'s', async () => {
  const source = rows(5000);
  await withServer(() => [{ columns, rows: source }], async (pool) => {
    const into = target();
    assert.equal(await pumpTableBcp(asConnectionLender(pool), plan, into), 5000);
    const encoder = createRowEncoder(table.columns);
    for (const r of source) encoder.encode(r);
    assert.ok(into.sink.buf.subarray(0, into.sink.pos).equals(encoder.takeChunk()));
  });
});

test('a value the column cannot hold rejects naming the column; the request is cancelled cleanly', async () => {
  await withServer(() => [{ columns, rows: rows(20_000, 700) }], async (pool) => {
    const into = target();
    await assert.rejects(pumpTableBcp(asConnectionLender(pool), plan, into), (err: unknown) => {
      assert.ok(err instanceof BackupError);
      assert.equal(err.kind, 'source');
      assert.match(err.message, /table dbo\.People, column \[Name\] nvarchar\(40\) \(row 701\): NULL in a NOT NULL column/);
      return true;
    });
    assert.equal(into.rows, 700);
  });
});

test('a consumer that fails while the read waits for it ends the read with its own error', async () => {
  await withServer(() => [{ columns, rows: rows(50_000) }], async (pool) => {
    const into = target((n) => (n === 1000 ? new Promise((_, reject) => setTimeout(() => reject(new BackupError('io', 'The disk is full.')), 20)) : undefined));
    await assert.rejects(pumpTableBcp(asConnectionLender(pool), plan, into), /The disk is full/);
  });
});

test('a cancel during the read stops it and says so', async () => {
  await withServer(() => ({ resultSets: [{ columns, rows: rows(100_000) }], delayMsPerRow: 0 }), async (pool) => {
    const abort = new AbortController();
    const into = target((n) => {
      if (n === 2000) abort.abort();
    });
    await assert.rejects(pumpTableBcp(asConnectionLender(pool), plan, into, { signal: abort.signal }), (err: unknown) => err instanceof BackupError && err.kind === 'cancelled');
    assert.ok(into.rows < 100_000);
  });
});

test('a server error after some rows is classified as the database\'s error', async () => {
  await withServer(() => ({ resultSets: [{ columns, rows: rows(3000) }], errorAfterRows: 1500, error: { number: 1205, message: 'Transaction was deadlocked on lock resources with another process.' } }), async (pool) => {
    const into = target();
    await assert.rejects(pumpTableBcp(asConnectionLender(pool), plan, into), (err: unknown) => {
      assert.ok(err instanceof BackupError);
      assert.match(err.message, /deadlock/i);
      return true;
    });
  });
});

test('a column the server sends in an unexpected form fails with the fallback to suggest', async () => {
  const asBigint: ResultColumn[] = [{ name: 'c0', type: { base: 'bigint' }, nullable: false }, columns[1]];
  await withServer(() => [{ columns: asBigint, rows: rows(100).map(([id, name]) => [BigInt(id as number), name]) }], async (pool) => {
    await assert.rejects(pumpTableBcp(asConnectionLender(pool), plan, target()), (err: unknown) => {
      assert.ok(err instanceof BackupError);
      assert.equal(err.kind, 'internal');
      assert.match(err.message, /Reading dbo\.People off the wire failed: column \[Id\] \(int\) came as TDS type 0x7f/);
      assert.match(err.details.hint ?? '', /row reader set to "driver".*--row-reader driver/);
      return true;
    });
  });
});
