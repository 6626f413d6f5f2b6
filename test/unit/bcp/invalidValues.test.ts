import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackupError } from '../../../src/core/errors';
import type { ColumnModel } from '../../../src/core/model/types';
import type { SqlValue } from '../../../src/core/bcp/values';
import { createRowDecoder, createRowEncoder } from '../../../src/core/bcp';
import { col, hex } from './helpers';

/** Values that cannot be stored are refused with a BackupError('source') (the server sent them: exit 5, not 'does not verify') that names table and column. */

function refuses(column: ColumnModel, value: SqlValue, reason: RegExp): void {
  const encoder = createRowEncoder([{ ...column, name: 'Victim' }], { table: '[dbo].[T]' });
  assert.throws(
    () => encoder.encode([value]),
    (e: unknown) => {
      assert.ok(e instanceof BackupError, `not a BackupError: ${String(e)}`);
      assert.equal(e.kind, 'source');
      assert.match(e.message, /\[dbo\]\.\[T\], column \[Victim\]/);
      assert.match(e.message, reason);
      return true;
    },
    `${column.type.base} ${String(value)}`,
  );
  assert.equal(encoder.bytesPending, 0, 'nothing of the refused row stays behind');
}

test('out-of-range and ill-typed numbers are refused', () => {
  refuses(col('tinyint'), 256, /not a tinyint/);
  refuses(col('tinyint'), -1, /not a tinyint/);
  refuses(col('smallint'), 32768, /not a smallint/);
  refuses(col('int'), 2147483648, /not a int/);
  refuses(col('int'), 1.5, /not a int/);
  refuses(col('int'), '1', /expected a number/);
  refuses(col('bigint'), 2n ** 63n, /outside the bigint range/);
  refuses(col('bigint'), 2 ** 60, /not a bigint/);
  refuses(col('bit'), 2, /not a bit/);
  refuses(col('real'), 1e39, /outside the real range/);
  refuses(col('float'), Number.NaN, /not a finite number/);
  refuses(col('float'), Number.POSITIVE_INFINITY, /not a finite number/);
});

test('decimals with too many integer digits (also after rounding) or bad text are refused', () => {
  const c = col('decimal', { precision: 4, scale: 2 });
  refuses(c, '100.00', /more than 2 digits before the decimal point/);
  refuses(c, '99.995', /more than 2 digits before the decimal point/);
  refuses(c, '-100', /more than 2 digits/);
  refuses(col('decimal', { precision: 38, scale: 0 }), '1'.padEnd(39, '0'), /more than 38 digits/);
  refuses(c, 'abc', /not a decimal number/);
  refuses(c, '', /not a decimal number/);
  refuses(c, '1..2', /not a decimal number/);
  refuses(c, '1e99999', /out of range/);
  refuses(c, true, /expected decimal text/);
  refuses(col('money'), '922337203685477.5808', /outside the money range/);
  refuses(col('smallmoney'), '214748.3648', /outside the smallmoney range/);
});

test('impossible dates and times, and values outside a type’s range, are refused', () => {
  refuses(col('date'), '2003-02-29', /not a valid date/);
  refuses(col('date'), '0000-01-01', /not a valid date/);
  refuses(col('date'), '2003-2-1', /not a date/);
  refuses(col('date'), new Date() as unknown as SqlValue, /expected date text/);
  refuses(col('time', { scale: 7 }), '24:00:00', /not a valid time/);
  refuses(col('time', { scale: 7 }), '11:60:00', /not a valid time/);
  refuses(col('time', { scale: 7 }), '11:22:33.12345678', /more than 7 fractional/);
  refuses(col('datetime'), '1752-12-31 23:59:59', /outside the datetime range/);
  refuses(col('datetime'), '9999-12-31 23:59:59.999', /outside the datetime range/);
  refuses(col('smalldatetime'), '1899-12-31 23:59', /outside the smalldatetime range/);
  refuses(col('smalldatetime'), '2079-06-06 23:59:30', /outside the smalldatetime range/);
  refuses(col('datetime2', { scale: 0 }), '9999-12-31 23:59:59.5', /rounds past 9999-12-31/);
  refuses(col('datetimeoffset', { scale: 0 }), '2003-02-01 01:02:03 +14:01', /offset outside/);
  refuses(col('datetimeoffset', { scale: 0 }), '0001-01-01 00:00:00 +01:00', /outside 0001-01-01…9999-12-31 in UTC/);
  refuses(col('datetimeoffset', { scale: 0 }), '2003-02-01 01:02:03 0100', /not a date, time and offset/);
});

test('malformed GUIDs, over-long text and binaries, and wrong JS types are refused', () => {
  refuses(col('uniqueidentifier'), 'xyz', /not a uniqueidentifier/);
  refuses(col('uniqueidentifier'), '00112233-4455-6677-8899-AABBCCDDEEFG', /not a uniqueidentifier/);
  refuses(col('uniqueidentifier'), '0011223344556677-8899-AABBCCDDEEFF00', /not a uniqueidentifier/);
  refuses(col('nvarchar', { length: 4 }), 'ABCDE', /5 characters do not fit nvarchar\(4\)/);
  refuses(col('char', { length: 2 }, false), 'abc', /do not fit char\(2\)/);
  refuses(col('nvarchar', { length: 2 }), '\u{1F600}\u{1F600}', /4 characters/); // surrogate pairs count twice, as in SQL Server
  refuses(col('varchar', { length: 10 }), 5, /expected text/);
  refuses(col('binary', { length: 2 }), Buffer.alloc(3), /3 bytes do not fit binary\(2\)/);
  refuses(col('varbinary', { length: 2 }), Buffer.alloc(3), /do not fit varbinary\(2\)/);
  refuses(col('rowversion'), Buffer.alloc(7), /rowversion is 8 bytes/);
  refuses(col('varbinary', { isMax: true }), 'text', /expected bytes/);
});

test('NULL in a NOT NULL column is refused, whatever the prefix width', () => {
  for (const c of [col('int'), col('bit'), col('decimal', { precision: 5, scale: 0 }), col('nvarchar', { length: 5 }), col('char', { length: 2 }), col('varbinary', { isMax: true }), col('sql_variant'), col('geography')]) {
    refuses({ ...c, nullable: false }, null, /NULL in a NOT NULL column/);
  }
});

test('sql_variant values outside the supported forms are refused', () => {
  const v = col('sql_variant');
  refuses(v, { kind: 'sql_variant', baseType: 'varchar', value: 'Āb' }, /U\+0100 at index 0 has no byte in code page 1252/);
  refuses(v, { kind: 'sql_variant', baseType: 'varchar', value: 'x', collation: hex('11 04 d0 00 00') }, /only for code page 1252 collations/);
  refuses(v, { kind: 'sql_variant', baseType: 'xml', value: '<a/>' }, /cannot hold a xml value/);
  refuses(v, { kind: 'sql_variant', baseType: 'varchar', value: 'abc', maxLength: 2 }, /does not fit/);
  refuses(v, { kind: 'sql_variant', baseType: 'int', value: 'one' }, /expected a number/);
  refuses(v, { kind: 'sql_variant', baseType: 'nvarchar', value: 'x'.repeat(4001) }, /max length 8002 is not 0…8000/);
  refuses(v, 42, /expected a SqlVariant/);
});

test('a row with the wrong number of values is an internal error; a bad row leaves earlier rows intact', () => {
  const encoder = createRowEncoder([col('int'), col('int')]);
  assert.throws(() => encoder.encode([1]), (e: unknown) => e instanceof BackupError && e.kind === 'internal');
  encoder.encode([1, 2]);
  assert.throws(() => encoder.encode([3, 'x']));
  assert.equal(encoder.bytesPending, 10);
  assert.equal(encoder.takeChunk().toString('hex'), '0401000000' + '0402000000');
});

test('an impossible column declaration is refused when the encoder is built', () => {
  assert.throws(() => createRowEncoder([col('decimal', { precision: 40, scale: 2 }, true, 'Amount')]), /column \[Amount\].*not a valid SQL Server declaration/);
  assert.throws(() => createRowEncoder([col('time', { scale: 9 }, true, 'At')]), /column \[At\]/);
});

test('the decoder refuses bad bytes with the column, row and offset', () => {
  const columns = [col('int', {}, false, 'Id'), col('bit', {}, true, 'Flag')];
  const decoder = createRowDecoder(columns, { table: '[dbo].[T]' });
  assert.throws(() => decoder.decodeRows(hex('01000000 01 02')), /\[dbo\]\.\[T\], column \[Flag\] bit \(row 1 at byte 0\): bit byte 2/);
  assert.throws(() => decoder.decodeRows(hex('01000000 0101 02000000 02 01')), /column \[Flag\].*row 2 at byte 6.*length prefix 2, expected 1/);
  assert.throws(() => decoder.decodeRows(hex('01000000 0101 020000')), /ends inside a row: 3 bytes.*column \[Id\]/);
  assert.throws(() => createRowDecoder([col('int', {}, false, 'Id')]).decodeRows(hex('ff')), /ends inside a row/);
  assert.throws(() => createRowDecoder([col('bit', {}, false, 'B')]).decodeRows(hex('ff')), /column \[B\].*NULL in a NOT NULL column/);
  assert.throws(
    () => createRowDecoder([col('decimal', { precision: 5, scale: 2 }, false, 'D')]).decodeRows(hex(`13 05 01 01 ${'00'.repeat(16)}`)),
    /decimal field is \(5,1\) but the column is \(5,2\)/,
  );
  assert.throws(() => createRowDecoder([col('time', { scale: 0 }, false, 'T')]).decodeRows(hex('01 00 00 00 00')), /more digits than scale 0/);

  // Streaming: end() refuses a partial row, then the decoder is ready for the next part.
  assert.deepEqual(decoder.push(hex('01000000 0101 0200')), [[1, true]]);
  assert.throws(() => decoder.end(), (e: unknown) => e instanceof BackupError && e.kind === 'format' && /2 bytes of an incomplete row in column \[Id\]/.test(e.message));
  assert.deepEqual(decoder.push(hex('05000000 ff')), [[5, null]]);
  assert.doesNotThrow(() => decoder.end());
});

test('a table without stored columns is refused up front', () => {
  const computedOnly = [{ ...col('int'), computed: { expression: '(1)', persisted: false } }];
  assert.throws(() => createRowEncoder(computedOnly), (e: unknown) => e instanceof BackupError && e.kind === 'internal');
  assert.throws(() => createRowDecoder(computedOnly), (e: unknown) => e instanceof BackupError && e.kind === 'internal');
});
