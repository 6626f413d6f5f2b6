import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRowEncoder } from '../../../src/core/bcp';
import type { SqlRow, SqlValue } from '../../../src/core/bcp/values';
import type { TableModel } from '../../../src/core/model/types';
import { BcpToTdsRows } from '../../../src/core/restore/bulk/bcpToTdsRows';
import { bulkColMetadata, bulkDoneToken, insertBulkStatement, planBulkTable } from '../../../src/core/restore/bulk/bulkColumns';
import { createAllTypesDatabase } from '../../support/databases/rowGenerator';
import { richSchemaModel } from '../../support/databases/richSchema';
import { decodeTokens } from '../../support/tds/typeDecoders';

// BCP (written by the reference encoder, src/core/bcp) → bulk-load tokens (the transcoder under test) → values
// (the TDS double's own decoder, written against MS-TDS independently of both): every value must come back.

const collation = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]); // SQL_Latin1_General_CP1_CI_AS

/** Seven fractional digits, the scale DacFx's BCP gives every temporal sql_variant (bcp/sqlVariantCodec.ts). */
function scale7(text: string): string {
  return text.replace(/(\d\d:\d\d:\d\d)(\.\d+)?/, (_m, hms: string, fraction?: string) => hms + '.' + (fraction ?? '.').slice(1).padEnd(7, '0'));
}

/** The value a column gets back after the bulk load: sql_variant as DacFx's BCP keeps it. */
function comparable(value: SqlValue): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value;
  const inner = value.value instanceof Uint8Array ? Buffer.from(value.value).toString('hex') : value.value;
  const temporal = ['time', 'datetime2', 'datetimeoffset'].includes(value.baseType);
  return { baseType: value.baseType, value: temporal ? scale7(String(inner)) : inner };
}

function roundTrip(table: TableModel, rows: SqlRow[], chunkSize: number) {
  const plan = planBulkTable(table);
  const encoder = createRowEncoder(table.columns);
  for (const row of rows) encoder.encode(row);
  const bcp = encoder.takeChunk();
  const transcoder = new BcpToTdsRows(plan);
  for (let at = 0; at < bcp.length; at += chunkSize) transcoder.push(bcp.subarray(at, at + chunkSize));
  transcoder.end();
  const message = Buffer.concat([bulkColMetadata(plan, collation), transcoder.out.take(), bulkDoneToken()]);
  return { plan, decoded: decodeTokens(message), rows: transcoder.rows };
}

test('every all-types value survives BCP → bulk-load rows, over any chunking', () => {
  const db = createAllTypesDatabase({ rowsPerTable: 40 });
  for (const table of db.model.tables) {
    const rows = [...db.rows(table)];
    for (const chunkSize of [1, 7, 1000, 1 << 20]) {
      const { plan, decoded, rows: count } = roundTrip(table, rows, chunkSize);
      assert.equal(count, rows.length);
      const sentFields = plan.fields.map((f, i) => (f.sent ? i : -1)).filter((i) => i >= 0);
      assert.deepEqual(decoded.resultSets[0].columns.map((c) => c.name), plan.sent.map((c) => c.column.name));
      const expected = rows.map((r) => sentFields.map((i) => comparable(r[i])));
      const actual = decoded.resultSets[0].rows.map((r) => r.map(comparable));
      assert.deepEqual(actual, expected, `${table.schema}.${table.name} at chunk size ${chunkSize}`);
      assert.equal(decoded.dones.length, 1);
    }
  }
});

test('identity columns are sent (kept); rowversion and computed columns are not', () => {
  const table: TableModel = {
    schema: 'dbo', name: 'T', ansiNulls: true,
    columns: [
      { name: 'Id', type: { base: 'int' }, nullable: false, identity: { seed: '1', increment: '1' } },
      { name: 'Ver', type: { base: 'rowversion' }, nullable: false },
      { name: 'Twice', type: { base: 'int' }, nullable: true, computed: { expression: '([Id]*(2))', persisted: false } },
      { name: 'Name', type: { base: 'varchar', length: 5000 }, nullable: true },
    ],
  };
  const plan = planBulkTable(table);
  assert.equal(insertBulkStatement(plan), 'INSERT BULK [dbo].[T] ([Id] int, [Name] nvarchar(max)) WITH (KEEP_NULLS, TABLOCK)');
  const { decoded } = roundTrip(table, [[7, Buffer.alloc(8, 1), 'x'], [9, Buffer.alloc(8, 2), null]], 3);
  assert.deepEqual(decoded.resultSets[0].rows, [[7, 'x'], [9, null]]);
  assert.equal(decoded.resultSets[0].columns[0].flags & 0x10, 0x10, 'the identity flag');
});

test('a row cut short and a value too long for its column fail with the table and row', () => {
  const table = richSchemaModel().tables[0];
  const plan = planBulkTable(table);
  const encoder = createRowEncoder(table.columns);
  encoder.encode([1, 'C-1', 'Ada', null, '2024-01-02 03:04:05.678', '1.00']);
  const bcp = encoder.takeChunk();
  const transcoder = new BcpToTdsRows(plan);
  transcoder.push(bcp.subarray(0, bcp.length - 3));
  assert.throws(() => transcoder.end(), /\[app\]\.\[Customer\]: the data ends inside row 1/);
  const narrow = planBulkTable({ ...table, columns: table.columns.map((c) => (c.name === 'Name' ? { ...c, type: { base: 'nvarchar', length: 2 } } : c)) });
  assert.throws(() => new BcpToTdsRows(narrow).push(bcp), /\[app\]\.\[Customer\], row 1: 6 bytes do not fit the 4/);
});

test('the installed tedious has the internal door the bulk load sends its message through', async () => {
  const { bulkLoadAvailable } = await import('../../../src/core/restore/bulkLoadTable');
  assert.equal(bulkLoadAvailable(), true, 'tedious Connection#makeRequest is gone: the restore cannot send BULK_LOAD messages with this version');
});
