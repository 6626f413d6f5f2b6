import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SqlValue } from '../../../src/core/bcp/values';
import { createRowDecoder } from '../../../src/core/bcp';
import { col, encodeRow, hex } from './helpers';

/** The worked examples of spec §5.4 (fixture A bytes, decoded by hand): encode to the exact hex, decode back. */

function roundTrip(columns: ReturnType<typeof col>[], row: SqlValue[], expectedHex: string, decodedRow: SqlValue[] = row): void {
  const bytes = encodeRow(columns, row);
  assert.equal(bytes.toString('hex'), hex(expectedHex).toString('hex'));
  assert.deepEqual(createRowDecoder(columns).decodeRows(bytes), [decodedRow]);
}

const zeros = (n: number) => ' 00'.repeat(n);

test('NumberFields2 row 1: every numeric type NOT NULL', () => {
  const columns = [
    col('int', {}, false, 'ID'), col('tinyint', {}, false), col('smallint', {}, false), col('int', {}, false), col('bigint', {}, false),
    col('float', {}, false), col('real', {}, false), col('decimal', { precision: 4, scale: 0 }, false),
    col('decimal', { precision: 4, scale: 2 }, false), col('money', {}, false), col('smallmoney', {}, false),
    col('uniqueidentifier', {}, false),
  ];
  roundTrip(
    columns,
    [1, 127, 32767, 2147483647, 9223372036854775807n, 9.223372036854776e18, 9.223372e18, '1234', '12.34', '123456789012.1234', '12345.6789', '00112233-4455-6677-8899-aabbccddeeff'],
    `01 00 00 00 | 7f | ff 7f | ff ff ff 7f | ff ff ff ff ff ff ff 7f | 00 00 00 00 00 00 e0 43 | 00 00 00 5f
     13 04 00 01 d2 04 ${zeros(14)} | 13 04 02 01 d2 04 ${zeros(14)}
     d5 62 04 00 12 b2 8a 3c | 15 cd 5b 07 | 10 33 22 11 00 55 44 77 66 88 99 aa bb cc dd ee ff`,
    [1, 127, 32767, 2147483647, 9223372036854775807n, 9.223372036854776e18, Math.fround(9.223372e18), '1234', '12.34', '123456789012.1234', '12345.6789', '00112233-4455-6677-8899-AABBCCDDEEFF'],
  );
});

test('NumberFields1 row 15: nullable numbers carry a 1-byte prefix; a NULL guid is ff', () => {
  roundTrip(
    [col('tinyint'), col('smallint'), col('int'), col('money'), col('uniqueidentifier')],
    [127, 32767, 2147483647, '123456789012.1234', null],
    '01 7f | 02 ff 7f | 04 ff ff ff 7f | 08 d5 62 04 00 12 b2 8a 3c | ff',
  );
});

test('DecimalFields2 row 3: a negative decimal(18,0)', () => {
  roundTrip([col('decimal', { precision: 18, scale: 0 }, false)], ['-123456789012345678'], `13 12 00 00 4e f3 30 a6 4b 9b b6 01 ${zeros(8)}`);
});

test('TextFields2 row 1: UTF-16 text, char(n) NOT NULL has no prefix, nchar is padded', () => {
  roundTrip(
    [
      col('varchar', { length: 4 }, false), col('char', { length: 4 }, false), col('char', { length: 1 }, false),
      col('nchar', { length: 4 }, false), col('nchar', { length: 1 }, false), col('nvarchar', { length: 4 }, false),
    ],
    ['A', 'A', 'A', 'A', 'A', 'A'],
    '02 00 41 00 | 41 00 20 00 20 00 20 00 | 41 00 | 08 00 41 00 20 00 20 00 20 00 | 02 00 41 00 | 02 00 41 00',
    ['A', 'A   ', 'A', 'A   ', 'A', 'A'],
  );
});

test("TextFields1 row 6: empty varchar is 00 00, a char(4) of spaces keeps them, '£' is UTF-16 even in varchar", () => {
  roundTrip(
    [col('varchar', { length: 4 }), col('char', { length: 4 }), col('varchar', { length: 1 })],
    ['', '    ', '£'],
    '00 00 | 08 00 20 00 20 00 20 00 20 00 | 02 00 a3 00',
  );
});

test('DateTimeFields2 row 1: every temporal type NOT NULL, plus rowversion', () => {
  const columns = [
    col('date', {}, false), col('datetime', {}, false), col('datetimeoffset', { scale: 7 }, false), col('datetime2', { scale: 7 }, false),
    col('rowversion', {}, false), col('smalldatetime', {}, false), col('time', { scale: 7 }, false),
  ];
  const rowversion = hex('00 00 00 00 00 00 46 52');
  roundTrip(
    columns,
    ['2003-02-01', '2003-02-01 11:22:33.123', '2003-02-01 11:22:33.1234567 +04:55', '2003-02-01 11:22:33.1234567', rowversion, '2003-02-01 11:22:33', '11:22:33'],
    `6e 28 0b | 13 93 00 00 f1 77 bb 00 | 07 0f f1 23 36 6e 28 0b 27 01 | 07 b9 f6 59 5f 6e 28 0b
     08 00 00 00 00 00 00 00 46 52 | 13 93 ab 02 | 80 e2 e3 59 5f`,
    ['2003-02-01', '2003-02-01 11:22:33.123', '2003-02-01 11:22:33.1234567 +04:55', '2003-02-01 11:22:33.1234567', rowversion, '2003-02-01 11:23:00', '11:22:33.0000000'],
  );
});

test('DateTimeFields1 row 1: nullable temporal NULLs are ff; rowversion keeps its 2-byte prefix', () => {
  const rowversion = hex('00 00 00 00 00 00 07 d1');
  roundTrip(
    [col('date'), col('datetime'), col('datetimeoffset', { scale: 7 }), col('datetime2', { scale: 7 }), col('smalldatetime'), col('time', { scale: 7 }), col('rowversion')],
    [null, null, null, null, null, null, rowversion],
    'ff ff ff ff ff ff | 08 00 00 00 00 00 00 00 07 d1',
  );
});

test('time(4) stores 100-ns units already rounded to the scale', () => {
  const units = 409531235000; // 11:22:33.1235
  const expected = Buffer.alloc(5);
  expected.writeUIntLE(units, 0, 5);
  roundTrip([col('time', { scale: 4 }, false)], ['11:22:33.12345'], expected.toString('hex'), ['11:22:33.1235']);
});

test('datetimeoffset stores UTC date and time plus the offset', () => {
  const utc = (22 * 3600 + 59 * 60 + 59) * 10_000_000;
  const expected = Buffer.alloc(10);
  expected.writeUIntLE(utc, 0, 5);
  expected.writeUIntLE(726557, 5, 3); // 1990-04-01
  expected.writeInt16LE(60, 8);
  roundTrip([col('datetimeoffset', { scale: 0 }, false)], ['1990-04-01 23:59:59 +01:00'], expected.toString('hex'));
});

test('StrangeFields1: CLR types have 8-byte prefixes, hierarchyid root is empty (not NULL), variant NULL is length 0', () => {
  const geography = Buffer.concat([hex('e6 10 00 00 01 14'), Buffer.alloc(32, 0x11)]);
  roundTrip(
    [col('geography'), col('geometry'), col('hierarchyid'), col('sql_variant')],
    [geography, null, Buffer.alloc(0), null],
    `26 00 00 00 00 00 00 00 ${geography.toString('hex')} | ff ff ff ff ff ff ff ff | 00 00 00 00 00 00 00 00 | 00 00 00 00`,
  );
});

test('StrangeFields1 rows 7 and 8: sql_variant varchar A–Z and int 1', () => {
  const az = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  roundTrip(
    [col('sql_variant')],
    [{ kind: 'sql_variant', baseType: 'varchar', value: az }],
    `23 00 00 00 a7 07 09 04 d0 00 34 1a 00 ${Buffer.from(az, 'latin1').toString('hex')}`,
    [{ kind: 'sql_variant', baseType: 'varchar', value: az, maxLength: 26, collation: hex('09 04 d0 00 34') }],
  );
  roundTrip([col('sql_variant')], [{ kind: 'sql_variant', baseType: 'int', value: 1 }], '06 00 00 00 38 00 01 00 00 00');
});

test('LargeTextFields1 row 1: text has a 4-byte prefix; (max) and xml NULLs are 8×ff', () => {
  roundTrip(
    [col('text'), col('varchar', { isMax: true }), col('xml'), col('varchar', { length: 8000 }), col('ntext')],
    ['1ABCDEFG1', null, null, null, null],
    `12 00 00 00 ${Buffer.from('1ABCDEFG1', 'utf16le').toString('hex')} | ${'ff '.repeat(8)} | ${'ff '.repeat(8)} | ff ff | ff ff ff ff`,
  );
});

test('BitMixed: a NOT NULL bit still has the 01 prefix', () => {
  roundTrip([col('bit', {}, false), col('bit', {}, false)], [true, false], '01 01 01 00');
});
