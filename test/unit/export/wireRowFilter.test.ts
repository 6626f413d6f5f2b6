/**
 * The wire reader's token filter against the double's own TDS writer: for every table of the all-types database,
 * the BCP it transcodes from the row tokens must equal what the BCP encoder makes of the lossless source rows —
 * whatever the packet boundaries, ROW or NBCROW, PLP chunk sizes — and every other token must reach the driver
 * byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteSink } from '../../../src/core/bcp/byteSink';
import { createRowEncoder } from '../../../src/core/bcp';
import type { SqlRow } from '../../../src/core/bcp/values';
import { BackupError } from '../../../src/core/errors';
import type { TableModel } from '../../../src/core/model/types';
import { planTableRead, type TableReadPlan } from '../../../src/core/export/tableReader';
import { wireReadAvailable } from '../../../src/core/export/tableWirePump';
import { filterRowTokens, type BcpRowTarget } from '../../../src/core/export/wire/rowTokenFilter';
import { createAllTypesDatabase } from '../../support/databases/rowGenerator';
import { collationByName } from '../../support/tds/collation';
import { dataResultSet } from '../../support/tds/database/dataQuery';
import { HEADER_LENGTH, MessageWriter, type PacketSink } from '../../support/tds/packets';
import { writeRow } from '../../support/tds/resultStream';
import { DoneStatus, Token, writeColMetadata, writeDone, writeInfo } from '../../support/tds/tokens';
import { columnEncoder, type ResultColumn } from '../../support/tds/typeEncoders';

type NbcMode = 'auto' | 'never' | 'always';

/** One response message as the driver's Message yields it: packet payloads, headers stripped. */
function payloads(write: (w: MessageWriter) => void, packetSize = 4096): Buffer[] {
  const packets: Buffer[] = [];
  const sink: PacketSink = {
    write: (chunk) => {
      packets.push(Buffer.from(chunk));
      return true;
    },
    once: () => sink,
    removeListener: () => sink,
    destroyed: false,
  };
  const w = new MessageWriter(sink, packetSize, 51);
  write(w);
  w.endMessage();
  const all = Buffer.concat(packets);
  const out: Buffer[] = [];
  for (let at = 0; at < all.length;) {
    const length = all.readUInt16BE(at + 2);
    if (length > HEADER_LENGTH) out.push(all.subarray(at + HEADER_LENGTH, at + length));
    at += length;
  }
  return out;
}

interface Response {
  /** The whole message's payload. */
  payload: Buffer;
  /** What the driver must see: the message without its row tokens. */
  withoutRows: Buffer;
}

function response(columns: ResultColumn[], rows: SqlRow[], options: { nbc?: NbcMode; plpChunkSize?: number; info?: boolean } = {}): Response {
  const ctx = { collation: collationByName('SQL_Latin1_General_CP1_CI_AS'), databaseName: 'AllTypes', plpChunkSize: options.plpChunkSize ?? 8000 };
  const encoders = columns.map((c) => columnEncoder(c, ctx));
  const write = (withRows: boolean) => (w: MessageWriter) => {
    writeColMetadata(w, encoders);
    if (withRows) for (const row of rows) writeRow(w, encoders, row, options.nbc ?? 'auto');
    if (options.info) writeInfo(w, { number: 5701, state: 2, class: 0, message: 'Changed database context.', serverName: 'fake', procName: '', lineNumber: 1 });
    writeDone(w, Token.DONE, DoneStatus.COUNT, 0xc1, rows.length);
  };
  return { payload: Buffer.concat(payloads(write(true))), withoutRows: Buffer.concat(payloads(write(false))) };
}

/** Splits `data` into chunks of the given sizes, cycling through them. */
function chunked(data: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length];
    out.push(data.subarray(at, at + size));
    at += size;
  }
  return out;
}

async function* source(chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const c of chunks) yield c;
}

interface Filtered {
  bcp: Buffer;
  rows: number;
  passed: Buffer;
  failures: unknown[];
}

async function runFilter(plan: TableReadPlan, chunks: Buffer[], options: { waitEvery?: number } = {}): Promise<Filtered> {
  const sink = new ByteSink(64);
  let rows = 0;
  const failures: unknown[] = [];
  const target: BcpRowTarget = {
    sink,
    rowWritten: () => {
      rows++;
      if (options.waitEvery && rows % options.waitEvery === 0) return new Promise((resolve) => setTimeout(resolve, 1));
      return undefined;
    },
  };
  const control = {
    get stopped() {
      return failures.length > 0;
    },
    fail: (err: unknown) => failures.push(err),
  };
  const passed: Buffer[] = [];
  for await (const piece of filterRowTokens(source(chunks), plan, target, control)) passed.push(Buffer.from(piece));
  return { bcp: sink.buf.subarray(0, sink.pos), rows, passed: Buffer.concat(passed), failures };
}

function expectedBcp(table: TableModel, rows: SqlRow[]): Buffer {
  const encoder = createRowEncoder(table.columns, { table: `${table.schema}.${table.name}` });
  for (const row of rows) encoder.encode(row);
  return encoder.takeChunk();
}

const db = createAllTypesDatabase({ rowsPerTable: 40 });

for (const [table, reader] of db.model.tables.flatMap((t) => (['wire', 'driver'] as const).map((r) => [t, r] as const))) {
  test(`${table.schema}.${table.name}, ${reader} reader's SELECT: row tokens become the encoder's exact BCP, other tokens pass through`, async () => {
    const rows = [...db.rows(table)];
    const expected = expectedBcp(table, rows);
    const plan = planTableRead(table, db.model, reader);
    const resultSet = dataResultSet(table, rows, plan.sql);
    const converted = [...(resultSet.rows as Iterable<SqlRow>)];
    const cases: { nbc: NbcMode; plpChunkSize: number; sizes: number[] | 'packets' }[] = [
      { nbc: 'auto', plpChunkSize: 8000, sizes: 'packets' },
      { nbc: 'never', plpChunkSize: 7, sizes: [1] },
      { nbc: 'always', plpChunkSize: 5, sizes: [3, 17, 1, 250] },
      { nbc: 'auto', plpChunkSize: 64, sizes: [1_000_000] },
    ];
    for (const c of cases) {
      const message = response(resultSet.columns, converted, { nbc: c.nbc, plpChunkSize: c.plpChunkSize, info: true });
      const chunks = c.sizes === 'packets'
        ? payloads((w) => w.bytes(message.payload))
        : chunked(message.payload, c.sizes);
      const got = await runFilter(plan, chunks, { waitEvery: c.sizes === 'packets' ? 3 : undefined });
      const what = `nbc ${c.nbc}, PLP chunks of ${c.plpChunkSize}, input ${c.sizes === 'packets' ? 'packets' : c.sizes.join('/')}`;
      assert.deepEqual(got.failures, [], what);
      assert.equal(got.rows, rows.length, what);
      assert.ok(got.bcp.equals(expected), `${what}: BCP differs at byte ${firstDifference(got.bcp, expected)}`);
      assert.ok(got.passed.equals(message.withoutRows), `${what}: the driver's bytes differ`);
    }
  });
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

test('a NULL in a NOT NULL column fails naming the column, and the driver gets the rest from that row on', async () => {
  const table: TableModel = { schema: 'dbo', name: 'T', ansiNulls: true, columns: [{ name: 'Id', type: { base: 'int' }, nullable: false }, { name: 'Name', type: { base: 'nvarchar', length: 10 }, nullable: false }] };
  // The server claims the column may be NULL and sends one: the model says NOT NULL.
  const columns: ResultColumn[] = [{ name: 'c0', type: { base: 'int' }, nullable: false }, { name: 'c1', type: { base: 'nvarchar', length: 10 }, nullable: true }];
  const message = response(columns, [[1, 'a'], [2, null], [3, 'c']], { nbc: 'never' });
  const plan = planTableRead(table, { primaryKeys: [], uniqueConstraints: [], indexes: [] });
  const sink = new ByteSink(64);
  const failures: unknown[] = [];
  let rows = 0;
  const passed: Buffer[] = [];
  const control = { get stopped() { return failures.length > 0; }, fail: (e: unknown) => failures.push(e) };
  for await (const piece of filterRowTokens(source([message.payload]), plan, { sink, rowWritten: () => void rows++ }, control)) passed.push(Buffer.from(piece));
  assert.equal(rows, 1);
  assert.equal(failures.length, 1);
  assert.ok(failures[0] instanceof BackupError);
  assert.match((failures[0] as Error).message, /column \[Name\].*NULL in a NOT NULL column/);
  // What the driver got: the metadata, then everything from the failed row's token on, unchanged.
  const all = Buffer.concat(passed);
  const firstRowLength = 1 + 4 + 2 + 2;
  const metadataLength = message.withoutRows.length - 13;
  assert.ok(all.equals(Buffer.concat([message.payload.subarray(0, metadataLength), message.payload.subarray(metadataLength + firstRowLength)])));
  assert.equal(sink.pos, 4 + 2 + 2, 'only the first row was written');
});

test('a column that arrives as a type the plan does not expect fails before any row, and the driver parses as usual', async () => {
  const table: TableModel = { schema: 'dbo', name: 'T', ansiNulls: true, columns: [{ name: 'Id', type: { base: 'int' }, nullable: false }] };
  const columns: ResultColumn[] = [{ name: 'c0', type: { base: 'bigint' }, nullable: false }];
  const message = response(columns, [[1n], [2n]]);
  const plan = planTableRead(table, { primaryKeys: [], uniqueConstraints: [], indexes: [] });
  const failures: unknown[] = [];
  const passed: Buffer[] = [];
  const control = { get stopped() { return failures.length > 0; }, fail: (e: unknown) => failures.push(e) };
  for await (const piece of filterRowTokens(source(chunked(message.payload, [5])), plan, { sink: new ByteSink(64), rowWritten: () => undefined }, control)) passed.push(Buffer.from(piece));
  assert.equal(failures.length, 1);
  assert.match(String(failures[0]), /column \[Id\] \(int\) came as TDS type 0x7f/);
  assert.ok(Buffer.concat(passed).equals(message.payload));
});

test('after a cancel (stopped), rows are still framed for the driver but none is written', async () => {
  const table = db.model.tables[0];
  const rows = [...db.rows(table)];
  const plan = planTableRead(table, db.model, 'wire');
  const resultSet = dataResultSet(table, rows, plan.sql);
  const message = response(resultSet.columns, [...(resultSet.rows as Iterable<SqlRow>)]);
  const sink = new ByteSink(64);
  let stopped = false;
  let written = 0;
  const passed: Buffer[] = [];
  const target: BcpRowTarget = { sink, rowWritten: () => {
    written++;
    if (written === 5) stopped = true;
  } };
  for await (const piece of filterRowTokens(source(chunked(message.payload, [100])), plan, target, { get stopped() { return stopped; }, fail: () => undefined })) passed.push(Buffer.from(piece));
  assert.equal(written, 5);
  assert.equal(sink.pos, expectedBcp(table, rows.slice(0, 5)).length);
  assert.ok(Buffer.concat(passed).equals(message.withoutRows));
});

test('the installed tedious has the hook the wire reader needs (else exports fall back to the slower driver path)', () => {
  assert.equal(wireReadAvailable(), true);
});

test('sql_variant of every base type becomes the BCP codec\'s payload (DacFx lengths, 16-byte decimals, scale 7)', async () => {
  const latin = Uint8Array.from([0x09, 0x04, 0xd0, 0x00, 0x34]);
  const table: TableModel = { schema: 'dbo', name: 'V', ansiNulls: true, columns: [{ name: 'Id', type: { base: 'int' }, nullable: false }, { name: 'V', type: { base: 'sql_variant' }, nullable: true }] };
  const variants: SqlRow[] = ([
    { baseType: 'tinyint', value: 200 }, { baseType: 'smallint', value: -3 }, { baseType: 'smallmoney', value: '-214748.3648' },
    { baseType: 'numeric', value: '-0.5', precision: 30, scale: 2 }, { baseType: 'decimal', value: '0.000', precision: 5, scale: 3 },
    { baseType: 'binary', value: Buffer.from([1, 2]), maxLength: 4 }, { baseType: 'varbinary', value: Buffer.alloc(0), maxLength: 9 },
    { baseType: 'char', value: 'ab', maxLength: 5, collation: latin }, { baseType: 'nchar', value: 'ж', maxLength: 6, collation: latin },
    { baseType: 'varchar', value: 'é£', maxLength: 40, collation: latin }, { baseType: 'time', value: '23:59:59', scale: 0 },
    { baseType: 'datetime2', value: '0001-01-01 00:00:00.12', scale: 2 }, { baseType: 'datetimeoffset', value: '2024-02-29 23:59:59.12345 -08:00', scale: 5 },
  ] as const).map((v, i) => [i, { kind: 'sql_variant', ...v } as SqlRow[number]]);
  variants.push([variants.length, null]);
  const plan = planTableRead(table, { primaryKeys: [], uniqueConstraints: [], indexes: [] }, 'wire');
  const resultSet = dataResultSet(table, variants, plan.sql);
  const message = response(resultSet.columns, [...(resultSet.rows as Iterable<SqlRow>)]);
  const got = await runFilter(plan, chunked(message.payload, [13]));
  assert.deepEqual(got.failures, []);
  const expected = expectedBcp(table, variants);
  assert.ok(got.bcp.equals(expected), `BCP differs at byte ${firstDifference(got.bcp, expected)}`);
});
