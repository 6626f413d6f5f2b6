import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { SqlRow } from '../../../src/core/bcp/values';
import { planTableRead, type TableReadPlan } from '../../../src/core/export/tableReader';
import { asConnectionLender, pumpTableRows } from '../../../src/core/export/tableRowPump';
import { isBackupError } from '../../../src/core/errors';
import { createAllTypesDatabase } from '../../support/databases/rowGenerator';
import { serveDatabase, type ServedDatabase } from './catalogDouble';
import { asReaderValue } from '../../support/driverTemporal';

/** Every row of `plan` through the export's reader (copied: the pump reuses its row array). */
async function collect(pool: object, plan: TableReadPlan, onRow?: (seen: number) => void, signal?: AbortSignal): Promise<SqlRow[]> {
  const out: SqlRow[] = [];
  await pumpTableRows(asConnectionLender(pool), plan, (row) => {
    out.push([...row]);
    onRow?.(out.length);
  }, { signal });
  return out;
}

describe('pumpTableRows over mssql against the test double', () => {
  const db = createAllTypesDatabase({ rowsPerTable: 40 });
  let served: ServedDatabase;
  before(async () => { served = await serveDatabase(db); });
  after(async () => { await served.close(); });

  for (const table of db.model.tables) {
    it(`returns every value of ${table.schema}.${table.name} exactly`, async () => {
      const plan = planTableRead(table, db.model);
      const rows = await collect(served.pool, plan);
      const expected = [...db.rows(table)];
      assert.equal(rows.length, expected.length);
      for (let i = 0; i < rows.length; i++) {
        for (let c = 0; c < plan.columns.length; c++) {
          assert.deepEqual(rows[i][c], asReaderValue(plan.columns[c].column.type.base, expected[i][c]), `row ${i} column ${plan.columns[c].column.name}`);
        }
      }
      assert.equal(served.server.failures.length, 0, served.server.failures.map((e) => e.message).join('\n'));
    });
  }

  it('keeps the values that lossy drivers break: 100 ns, 38 digits, beyond 2^53, money, variants, CLR bytes, non-BMP text', async () => {
    const numbers = db.model.tables.find((t) => t.name === 'Numbers')!;
    const plan = planTableRead(numbers, db.model);
    const [minRow, maxRow] = await collect(served.pool, plan);
    const value = (row: SqlRow, name: string) => row[plan.columns.findIndex((c) => c.column.name === name)];
    assert.equal(value(minRow, 'BigIntNN'), -9223372036854775808n);
    assert.equal(value(maxRow, 'BigIntNN'), 9223372036854775807n);
    assert.equal(value(maxRow, 'Dec38_0NN'), '9'.repeat(38));
    assert.equal(value(minRow, 'Dec38_38NN'), `-0.${'9'.repeat(38)}`);
    assert.equal(value(minRow, 'MoneyNN'), '-922337203685477.5808');
    assert.equal(value(maxRow, 'RealNN'), 3.4028234663852886e38);

    const temporal = db.model.tables.find((t) => t.name === 'Temporal')!;
    const tplan = planTableRead(temporal, db.model);
    const trows = await collect(served.pool, tplan);
    const last = trows[trows.length - 1]; // descending key: insertion row 0 (the minimum) comes last
    const maxRowT = trows[trows.length - 2];
    assert.equal(maxRowT[tplan.columns.findIndex((c) => c.column.name === 'datetime27')], '9999-12-31 23:59:59.9999999');
    assert.equal(last[tplan.columns.findIndex((c) => c.column.name === 'time0')], '00:00:00');

    const spatial = db.model.tables.find((t) => t.name === 'Spatial')!;
    const splan = planTableRead(spatial, db.model);
    const srows = await collect(served.pool, splan);
    const variants = srows.map((r) => r[splan.columns.findIndex((c) => c.column.name === 'VariantNN')]);
    const baseTypes = new Set(variants.map((v) => (v as { baseType: string }).baseType));
    for (const t of ['int', 'nvarchar', 'varchar', 'decimal', 'datetime2', 'datetimeoffset', 'float', 'real', 'money', 'bit', 'bigint', 'uniqueidentifier', 'varbinary', 'time']) {
      assert.ok(baseTypes.has(t), `no ${t} variant read`);
    }
    const geo = srows[3][splan.columns.findIndex((c) => c.column.name === 'GeographyNN')] as Uint8Array;
    assert.equal(geo.length, 22);

    const texts = db.model.tables.find((t) => t.name === 'Texts')!;
    const xplan = planTableRead(texts, db.model);
    const xrows = await collect(served.pool, xplan);
    assert.ok(xrows.some((r) => /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(String(r[xplan.columns.findIndex((c) => c.column.name === 'NVarCharMaxN')]))));
  });

  it('orders by the clustered key and selects no computed column', () => {
    const spatial = db.model.tables.find((t) => t.name === 'Spatial')!;
    const plan = planTableRead(spatial, db.model);
    assert.match(plan.sql, /^\/\* cdb:data v1 sales\.Spatial \*\/\n/);
    assert.match(plan.sql, /ORDER BY \[Id\];$/);
    assert.doesNotMatch(plan.sql, /Twice|CodeUpper|Thrice/);
    const heap = planTableRead(db.model.tables.find((t) => t.name === 'Heap')!, db.model);
    assert.doesNotMatch(heap.sql, /ORDER BY/);
    const texts = planTableRead(db.model.tables.find((t) => t.name === 'Texts')!, db.model);
    assert.match(texts.sql, /ORDER BY \[Code\];$/);
  });

  it('cancels the request when the signal aborts mid-table and leaves the pool usable', async () => {
    const big = createAllTypesDatabase({ rowsPerTable: 5000 });
    const bigServed = await serveDatabase(big);
    try {
      const table = big.model.tables.find((t) => t.name === 'Heap')!;
      const controller = new AbortController();
      let seen = 0;
      await assert.rejects(
        collect(bigServed.pool, planTableRead(table, big.model), (n) => { seen = n; if (n === 50) controller.abort(); }, controller.signal),
        (err: unknown) => isBackupError(err) && err.kind === 'cancelled',
      );
      assert.ok(seen >= 50 && seen < 5000, `read ${seen} rows`);
      const again = await collect(bigServed.pool, planTableRead(table, big.model));
      assert.equal(again.length, 5000);
    } finally {
      await bigServed.close();
    }
  });

  it('stops the server when the consumer fails early, and leaves the pool usable', async () => {
    const table = db.model.tables.find((t) => t.name === 'Numbers')!;
    const stop = new Error('consumer gave up');
    let n = 0;
    await assert.rejects(pumpTableRows(asConnectionLender(served.pool), planTableRead(table, db.model), () => {
      if (++n === 3) throw stop;
    }), (err) => err === stop);
    assert.equal(n, 3);
    const after = await collect(served.pool, planTableRead(table, db.model));
    assert.equal(after.length, 40);
  });
});
