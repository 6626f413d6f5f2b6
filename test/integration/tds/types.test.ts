/**
 * Every SqlType through the double: (1) what mssql/tedious hands back, checked against tedious's documented
 * conversions; (2) the exact wire bytes, decoded independently, so types tedious makes lossy (datetime2(7),
 * decimal(38), money, bigint) are proven lossless on the wire.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sql from 'mssql';
import type { SqlValue, SqlVariant } from '../../../src/core/bcp/values';
import type { SqlType } from '../../../src/core/model/types';
import { startFakeSqlServer } from '../../support/tds/fakeSqlServer';
import { MessageWriter, PacketReader, PacketSink, TdsMessage } from '../../support/tds/packets';
import { columnEncoder, EncoderContext, ResultColumn, USERTYPE_TIMESTAMP } from '../../support/tds/typeEncoders';
import { collationByName } from '../../support/tds/collation';
import { decodeTokens } from '../../support/tds/typeDecoders';
import { DoneStatus, Token, writeColMetadata, writeDone } from '../../support/tds/tokens';

const geographyPoint = Buffer.concat([
  Buffer.from([0xe6, 0x10, 0, 0, 0x01, 0x0c]), // SRID 4326, version 1, flags V|P
  (() => { const b = Buffer.alloc(16); b.writeDoubleLE(47.65, 0); b.writeDoubleLE(-122.34, 8); return b; })(),
]);
const geometryPoint = Buffer.concat([
  Buffer.from([0, 0, 0, 0, 0x01, 0x0c]),
  (() => { const b = Buffer.alloc(16); b.writeDoubleLE(3, 0); b.writeDoubleLE(4, 8); return b; })(),
]);
const bigText = 'x'.repeat(9000) + 'é€' + 'y'.repeat(9000);
const bigBinary = Buffer.alloc(100_000, 0xab);
const variant = (v: Omit<SqlVariant, 'kind'>): SqlVariant => ({ kind: 'sql_variant', ...v });

interface Case {
  name: string;
  type: SqlType;
  value: SqlValue;
  /** What mssql/tedious returns (tedious's conversions, lossy where documented). */
  tedious: unknown;
}

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date => new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));

const cases: Case[] = [
  { name: 'c_bit', type: { base: 'bit' }, value: true, tedious: true },
  { name: 'c_tinyint', type: { base: 'tinyint' }, value: 255, tedious: 255 },
  { name: 'c_smallint', type: { base: 'smallint' }, value: -32768, tedious: -32768 },
  { name: 'c_int', type: { base: 'int' }, value: 2147483647, tedious: 2147483647 },
  // tedious returns bigint as a decimal string.
  { name: 'c_bigint', type: { base: 'bigint' }, value: -9223372036854775808n, tedious: '-9223372036854775808' },
  { name: 'c_real', type: { base: 'real' }, value: 1.5, tedious: 1.5 },
  { name: 'c_float', type: { base: 'float', precision: 53 }, value: 0.1, tedious: 0.1 },
  // decimal/numeric/money become JS numbers (lossy beyond 2^53).
  { name: 'c_decimal', type: { base: 'decimal', precision: 10, scale: 3 }, value: '-12345.678', tedious: -12345.678 },
  { name: 'c_numeric38', type: { base: 'numeric', precision: 38, scale: 0 }, value: '12345678901234567890123456789012345678', tedious: Number('12345678901234567890123456789012345678') },
  { name: 'c_money', type: { base: 'money' }, value: '-922337203685477.5808', tedious: Number('-922337203685477.5808') },
  { name: 'c_smallmoney', type: { base: 'smallmoney' }, value: '214748.3647', tedious: 214748.3647 },
  // Temporal types become Dates (mssql's default useUTC: true), losing sub-millisecond digits.
  { name: 'c_date', type: { base: 'date' }, value: '2024-02-29', tedious: utc(2024, 2, 29) },
  { name: 'c_date_min', type: { base: 'date' }, value: '0001-01-01', tedious: new Date('0001-01-01T00:00:00Z') },
  { name: 'c_time7', type: { base: 'time', scale: 7 }, value: '13:45:12.1234567', tedious: utc(1970, 1, 1, 13, 45, 12, 123) },
  { name: 'c_time0', type: { base: 'time', scale: 0 }, value: '23:59:59', tedious: utc(1970, 1, 1, 23, 59, 59) },
  { name: 'c_datetime2_7', type: { base: 'datetime2', scale: 7 }, value: '2024-02-29 13:45:12.1234567', tedious: utc(2024, 2, 29, 13, 45, 12, 123) },
  { name: 'c_datetime2_3', type: { base: 'datetime2', scale: 3 }, value: '9999-12-31 23:59:59.999', tedious: new Date('9999-12-31T23:59:59.999Z') },
  { name: 'c_dto', type: { base: 'datetimeoffset', scale: 7 }, value: '2024-02-29 13:45:12.1234567 +02:00', tedious: utc(2024, 2, 29, 11, 45, 12, 123) },
  { name: 'c_datetime', type: { base: 'datetime' }, value: '2024-02-29 13:45:12.123', tedious: utc(2024, 2, 29, 13, 45, 12, 123) },
  { name: 'c_smalldatetime', type: { base: 'smalldatetime' }, value: '2024-02-29 13:45:00', tedious: utc(2024, 2, 29, 13, 45) },
  { name: 'c_guid', type: { base: 'uniqueidentifier' }, value: '6F9619FF-8B86-D011-B42D-00C04FC964FF', tedious: '6F9619FF-8B86-D011-B42D-00C04FC964FF' },
  { name: 'c_char', type: { base: 'char', length: 5 }, value: 'ab   ', tedious: 'ab   ' },
  // varchar travels in code page 1252 for the default collation: é is one byte 0xE9, € is 0x80.
  { name: 'c_varchar', type: { base: 'varchar', length: 20 }, value: 'café €5', tedious: 'café €5' },
  { name: 'c_varchar_max', type: { base: 'varchar', isMax: true }, value: bigText, tedious: bigText },
  { name: 'c_nchar', type: { base: 'nchar', length: 3 }, value: 'Ωé ', tedious: 'Ωé ' },
  { name: 'c_nvarchar', type: { base: 'nvarchar', length: 40 }, value: 'Привет 👋', tedious: 'Привет 👋' },
  { name: 'c_nvarchar_max', type: { base: 'nvarchar', isMax: true }, value: bigText, tedious: bigText },
  { name: 'c_text', type: { base: 'text' }, value: 'legacy text é', tedious: 'legacy text é' },
  { name: 'c_ntext', type: { base: 'ntext' }, value: 'legacy ntext Ω', tedious: 'legacy ntext Ω' },
  { name: 'c_xml', type: { base: 'xml' }, value: '<root a="1">ü</root>', tedious: '<root a="1">ü</root>' },
  { name: 'c_binary', type: { base: 'binary', length: 4 }, value: Buffer.from([0, 1, 2, 255]), tedious: Buffer.from([0, 1, 2, 255]) },
  { name: 'c_varbinary', type: { base: 'varbinary', length: 50 }, value: Buffer.from('hello'), tedious: Buffer.from('hello') },
  { name: 'c_varbinary_max', type: { base: 'varbinary', isMax: true }, value: bigBinary, tedious: bigBinary },
  { name: 'c_image', type: { base: 'image' }, value: Buffer.from([9, 8, 7]), tedious: Buffer.from([9, 8, 7]) },
  { name: 'c_rowversion', type: { base: 'rowversion' }, value: Buffer.from('00000000000007d1', 'hex'), tedious: Buffer.from('00000000000007d1', 'hex') },
  // mssql parses geography/geometry UDTs; hierarchyid stays bytes.
  { name: 'c_geography', type: { base: 'geography' }, value: geographyPoint, tedious: { srid: 4326, lat: 47.65, lng: -122.34 } },
  { name: 'c_geometry', type: { base: 'geometry' }, value: geometryPoint, tedious: { srid: 0, x: 3, y: 4 } },
  { name: 'c_hierarchyid', type: { base: 'hierarchyid' }, value: Buffer.from([0x58]), tedious: Buffer.from([0x58]) },
  { name: 'c_variant_int', type: { base: 'sql_variant' }, value: variant({ baseType: 'int', value: 42 }), tedious: 42 },
  { name: 'c_variant_nvarchar', type: { base: 'sql_variant' }, value: variant({ baseType: 'nvarchar', value: 'héllo', maxLength: 100, collation: collationByName('SQL_Latin1_General_CP1_CI_AS').bytes }), tedious: 'héllo' },
  { name: 'c_variant_decimal', type: { base: 'sql_variant' }, value: variant({ baseType: 'decimal', value: '3.14', precision: 5, scale: 2 }), tedious: 3.14 },
  { name: 'c_variant_datetime2', type: { base: 'sql_variant' }, value: variant({ baseType: 'datetime2', value: '2020-01-02 03:04:05.1230000', scale: 7 }), tedious: utc(2020, 1, 2, 3, 4, 5, 123) },
  { name: 'c_variant_varbinary', type: { base: 'sql_variant' }, value: variant({ baseType: 'varbinary', value: Buffer.from([1, 2]), maxLength: 10 }), tedious: Buffer.from([1, 2]) },
  { name: 'c_variant_bigint', type: { base: 'sql_variant' }, value: variant({ baseType: 'bigint', value: 5n }), tedious: '5' },
  { name: 'c_variant_guid', type: { base: 'sql_variant' }, value: variant({ baseType: 'uniqueidentifier', value: '6F9619FF-8B86-D011-B42D-00C04FC964FF' }), tedious: '6F9619FF-8B86-D011-B42D-00C04FC964FF' },
];

const columns: ResultColumn[] = cases.map((c) => ({ name: c.name, type: c.type, nullable: true }));
const notNullColumns: ResultColumn[] = cases.map((c) => ({ name: c.name, type: c.type, nullable: false }));
const values: SqlValue[] = cases.map((c) => c.value);

function checkTediousValue(c: Case, actual: unknown): void {
  const expected = c.tedious;
  if (c.type.base === 'geography' || c.type.base === 'geometry') {
    const geo = actual as { srid: number; points: Record<string, number>[] };
    const want = expected as Record<string, number>;
    assert.equal(geo.srid, want.srid, c.name);
    for (const key of Object.keys(want).filter((k) => k !== 'srid')) assert.equal(geo.points[0][key], want[key], `${c.name}.${key}`);
    return;
  }
  assert.deepEqual(actual, expected, c.name);
}

for (const nullable of [true, false]) {
  test(`every type reaches mssql as tedious converts it (${nullable ? 'nullable N-types' : 'NOT NULL fixed types'})`, async () => {
    const fake = await startFakeSqlServer({ handler: () => [{ columns: nullable ? columns : notNullColumns, rows: [values] }] });
    const pool = await new sql.ConnectionPool(fake.config()).connect();
    try {
      const result = await pool.request().query('select * from dbo.all_types');
      const row = result.recordset[0] as Record<string, unknown>;
      for (const c of cases) checkTediousValue(c, row[c.name]);
      // tedious keeps sub-millisecond digits in a side property.
      assert.equal((row.c_datetime2_7 as Date & { nanosecondsDelta: number }).nanosecondsDelta.toFixed(7), '0.0004567');
      assert.equal(result.recordset.columns.c_int.nullable, nullable);
      assert.equal(result.recordset.columns.c_decimal.precision, 10);
      assert.equal(result.recordset.columns.c_decimal.scale, 3);
      assert.equal(result.recordset.columns.c_datetime2_7.scale, 7);
      assert.equal(result.recordset.columns.c_nvarchar.length, 80, 'mssql reports the declared length in bytes');
      assert.deepEqual(fake.server.failures, []);
    } finally {
      await pool.close();
      await fake.close();
    }
  });
}

test('a row of NULLs in every type (sent as NBCROW) reaches mssql as nulls', async () => {
  const fake = await startFakeSqlServer({ handler: () => [{ columns, rows: [values.map(() => null), values] }] });
  const pool = await new sql.ConnectionPool(fake.config()).connect();
  try {
    const result = await pool.request().query('select * from dbo.all_types');
    assert.equal(result.recordset.length, 2);
    for (const c of cases) assert.equal((result.recordset[0] as Record<string, unknown>)[c.name], null, c.name);
    for (const c of cases) checkTediousValue(c, (result.recordset[1] as Record<string, unknown>)[c.name]);
  } finally {
    await pool.close();
    await fake.close();
  }
});

/** Encode COLMETADATA + rows + DONE exactly as the server does, and reassemble the message. */
function encodeMessage(cols: ResultColumn[], rows: SqlValue[][], nbc: boolean, packetSize = 512): Buffer {
  const chunks: Buffer[] = [];
  const sink: PacketSink = { write: (c) => { chunks.push(Buffer.from(c)); return true; }, once: () => sink, removeListener: () => sink, destroyed: false };
  const w = new MessageWriter(sink, packetSize, 51);
  const ctx: EncoderContext = { collation: collationByName('SQL_Latin1_General_CP1_CI_AS'), databaseName: 'Db', plpChunkSize: 1000 };
  const encoders = cols.map((c) => columnEncoder(c, ctx));
  writeColMetadata(w, encoders);
  for (const row of rows) {
    if (nbc) {
      w.u8(Token.NBCROW);
      for (let i = 0; i < row.length; i += 8) {
        let bits = 0;
        for (let b = 0; b < 8 && i + b < row.length; b++) if (row[i + b] === null) bits |= 1 << b;
        w.u8(bits);
      }
      row.forEach((v, i) => v !== null && encoders[i].writeValue(w, v));
    } else {
      w.u8(Token.ROW);
      row.forEach((v, i) => encoders[i].writeValue(w, v));
    }
  }
  writeDone(w, Token.DONE, DoneStatus.COUNT, 0xc1, rows.length);
  w.endMessage();
  const all = Buffer.concat(chunks);
  // Framing: big-endian lengths, every packet but the last full-size, EOM only on the last, ids counting up.
  let at = 0;
  let id = 1;
  while (at < all.length) {
    const length = all.readUInt16BE(at + 2);
    const last = at + length === all.length;
    assert.equal(all[at], 0x04);
    assert.equal(all[at + 1], last ? 1 : 0);
    if (!last) assert.equal(length, packetSize);
    assert.equal(all[at + 6], id++ & 0xff);
    at += length;
  }
  const messages: TdsMessage[] = [];
  const reader = new PacketReader((m) => messages.push(m));
  // Feed in odd-sized pieces: the reader must not care where socket reads split packets.
  for (let i = 0; i < all.length; i += 777) reader.push(all.subarray(i, i + 777));
  assert.equal(messages.length, 1);
  return messages[0].payload;
}

/** The bytes of the first row's values (after the ROW/NBCROW token, before the final 13-byte DONE). */
function rowBytes(cols: ResultColumn[], row: SqlValue[]): Buffer {
  const metadataLength = encodeMessage(cols, [], false).length - 13;
  const payload = encodeMessage(cols, [row], false);
  assert.equal(payload[metadataLength], Token.ROW);
  return payload.subarray(metadataLength + 1, payload.length - 13);
}

test('wire bytes decode back to the exact lossless values for every type, in ROW and NBCROW form', () => {
  for (const [cols, label] of [[columns, 'nullable'], [notNullColumns, 'not null']] as const) {
    const payload = encodeMessage(cols, [values], false);
    const decoded = decodeTokens(payload);
    assert.equal(decoded.resultSets.length, 1, label);
    decoded.resultSets[0].rows[0].forEach((v, i) => assert.deepEqual(v, values[i], `${label} ${cases[i].name}`));
    assert.deepEqual(decoded.dones.map((d) => d.rowCount), [1n]);
  }
  const nulls = decodeTokens(encodeMessage(columns, [values.map(() => null), values], true));
  assert.deepEqual(nulls.resultSets[0].rows[0], values.map(() => null));
  nulls.resultSets[0].rows[1].forEach((v, i) => assert.deepEqual(v, values[i], cases[i].name));
  const rowNulls = decodeTokens(encodeMessage(columns, [values.map(() => null)], false));
  assert.deepEqual(rowNulls.resultSets[0].rows[0], values.map(() => null));
});

test('selected wire encodings match MS-TDS byte for byte', () => {
  const one = (type: SqlType, value: SqlValue, nullable = true): Buffer => {
    const cols: ResultColumn[] = [{ name: 'v', type, nullable }];
    assert.deepEqual(decodeTokens(encodeMessage(cols, [[value]], false)).resultSets[0].rows[0][0], value);
    return rowBytes(cols, [value]);
  };
  // datetime2(7): length 8, time = 495121234567 (100 ns units) in 5 bytes LE, then days since 0001-01-01 in 3 bytes.
  const days2024 = 738944; // 2024-02-29
  const dt2 = one({ base: 'datetime2', scale: 7 }, '2024-02-29 13:45:12.1234567');
  const expectDt2 = Buffer.alloc(9);
  expectDt2[0] = 8;
  expectDt2.writeUIntLE(495121234567, 1, 5);
  expectDt2.writeUIntLE(days2024, 6, 3);
  assert.deepEqual(dt2, expectDt2);
  // datetimeoffset(0): UTC time and date, then the offset in minutes (+120).
  const dto = one({ base: 'datetimeoffset', scale: 0 }, '2024-02-29 01:00:00 +02:00');
  const expectDto = Buffer.alloc(9);
  expectDto[0] = 8;
  expectDto.writeUIntLE(23 * 3600, 1, 3);
  expectDto.writeUIntLE(days2024 - 1, 4, 3);
  expectDto.writeInt16LE(120, 7);
  assert.deepEqual(dto, expectDto);
  // decimal(38,2) -1.5: length 17, sign 0, magnitude 150 in 16 bytes.
  const dec = one({ base: 'decimal', precision: 38, scale: 2 }, '-1.50');
  assert.deepEqual(dec, Buffer.from([17, 0, 150, ...new Array(15).fill(0)]));
  // money 1.0001: MONEYN length 8, value 10001 as high int32 then low uint32.
  assert.deepEqual(one({ base: 'money' }, '1.0001'), Buffer.from([8, 0, 0, 0, 0, 0x11, 0x27, 0, 0]));
  // GUID: first three groups little-endian.
  assert.deepEqual(one({ base: 'uniqueidentifier' }, '00112233-4455-6677-8899-AABBCCDDEEFF'),
    Buffer.from('10' + '33221100' + '5544' + '7766' + '8899aabbccddeeff', 'hex'));
  // varchar in code page 1252: é = E9, € = 80.
  assert.deepEqual(one({ base: 'varchar', length: 10 }, 'é€'), Buffer.from([2, 0, 0xe9, 0x80]));
  // datetime: days since 1900 and 1/300 s ticks (12:00:00.003 = 12960001 ticks).
  const dtm = one({ base: 'datetime' }, '1900-01-02 12:00:00.003', false);
  const expectDtm = Buffer.alloc(8);
  expectDtm.writeInt32LE(1, 0);
  expectDtm.writeUInt32LE(12960001, 4);
  assert.deepEqual(dtm, expectDtm);
  // nvarchar(max): PLP with the total length, 1000-byte chunks and a zero terminator.
  const plp = one({ base: 'nvarchar', isMax: true }, 'a'.repeat(600));
  assert.equal(plp.readBigUInt64LE(0), 1200n);
  assert.equal(plp.readUInt32LE(8), 1000);
  assert.equal(plp.readUInt32LE(8 + 4 + 1000), 200);
  assert.equal(plp.readUInt32LE(plp.length - 4), 0);
});

test('sql_variant of varchar: properties are collation then max length (MS-TDS order)', () => {
  const cols: ResultColumn[] = [{ name: 'v', type: { base: 'sql_variant' }, nullable: true }];
  const row = [variant({ baseType: 'varchar', value: 'abc', maxLength: 30 })];
  const payload = encodeMessage(cols, [row], false);
  assert.deepEqual(rowBytes(cols, row), Buffer.concat([
    Buffer.from([12, 0, 0, 0, 0xa7, 7]), collationByName('SQL_Latin1_General_CP1_CI_AS').bytes, Buffer.from([30, 0]), Buffer.from('abc'),
  ]));
  assert.deepEqual(decodeTokens(payload).resultSets[0].rows[0][0], variant({
    baseType: 'varchar', value: 'abc', maxLength: 30, collation: collationByName('SQL_Latin1_General_CP1_CI_AS').bytes,
  }));
});

test('rowversion goes out as BIGBINARY(8) with the timestamp user type', () => {
  const decoded = decodeTokens(encodeMessage([{ name: 'rv', type: { base: 'rowversion' }, nullable: false }], [[Buffer.alloc(8, 1)]], false));
  assert.equal(decoded.resultSets[0].columns[0].userType, USERTYPE_TIMESTAMP);
  assert.equal(decoded.resultSets[0].columns[0].info.id, 0xad);
  assert.equal(decoded.resultSets[0].columns[0].info.length, 8);
});

test('tedious 19 reads a varchar sql_variant with props swapped: ASCII survives, non-ASCII does not', async () => {
  // MS-TDS, SqlClient and the JDBC driver put the collation before the max length; tedious reads the max
  // length first, so it takes the wrong bytes as collation and falls back to UTF-8. What real SQL Server
  // sends is the same as what the double sends, so exports must not read such values through tedious as text.
  const fake = await startFakeSqlServer({
    handler: () => [{
      columns: [{ name: 'a', type: { base: 'sql_variant' }, nullable: true }, { name: 'b', type: { base: 'sql_variant' }, nullable: true }],
      rows: [[variant({ baseType: 'varchar', value: 'plain', maxLength: 30 }), variant({ baseType: 'varchar', value: 'café', maxLength: 30 })]],
    }],
  });
  const pool = await new sql.ConnectionPool(fake.config()).connect();
  try {
    const row = (await pool.request().query('select a, b')).recordset[0];
    assert.equal(row.a, 'plain');
    assert.equal(row.b, 'caf\ufffd');
  } finally {
    await pool.close();
    await fake.close();
  }
});
