import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { col, decodeValue, encodeValue } from './helpers';
import type { ColumnModel } from '../../../src/core/model/types';
import type { SqlValue } from '../../../src/core/bcp/values';

/** Values that are not already canonical: rounding to the column's scale, as SQL Server does. */

const through = (column: ColumnModel, value: SqlValue) => decodeValue(column, encodeValue(column, value));

test('decimal rounds extra fractional digits half away from zero', () => {
  const c = col('decimal', { precision: 6, scale: 2 });
  const cases: [string, string][] = [
    ['1.234', '1.23'], ['1.235', '1.24'], ['1.2349999', '1.23'], ['-1.235', '-1.24'], ['-1.234', '-1.23'],
    ['0.005', '0.01'], ['-0.004', '0.00'], ['9999.994', '9999.99'], ['+7', '7.00'], ['.5', '0.50'], ['12.', '12.00'],
    ['1.5e2', '150.00'], ['-2.5E-2', '-0.03'], ['-2.5E-3', '0.00'], ['0000012.3', '12.30'],
  ];
  for (const [input, output] of cases) assert.equal(through(c, input), output, input);
  assert.equal(through(col('decimal', { precision: 38, scale: 0 }), '99999999999999999999999999999999999999.4'), '99999999999999999999999999999999999999');
  assert.equal(through(col('numeric', { precision: 5, scale: 0 }), 12345), '12345');
  assert.equal(through(col('decimal', { precision: 5, scale: 3 }), 0.125), '0.125');
});

test('decimal rounding matches exact rational rounding for random inputs', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), (digits, fraction, scale) => {
      // value = digits / 10^fraction, rounded to `scale` half away from zero, computed with bigints
      const neg = digits < 0n;
      const abs = neg ? -digits : digits;
      const text = `${neg ? '-' : ''}${fraction === 0 ? abs : `${abs / 10n ** BigInt(fraction)}.${(abs % 10n ** BigInt(fraction)).toString().padStart(fraction, '0')}`}`;
      let scaled: bigint;
      if (scale >= fraction) scaled = abs * 10n ** BigInt(scale - fraction);
      else {
        const div = 10n ** BigInt(fraction - scale);
        scaled = abs / div + ((abs % div) * 2n >= div ? 1n : 0n);
      }
      const s = scaled.toString().padStart(scale + 1, '0');
      const expected = `${neg && scaled !== 0n ? '-' : ''}${scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`}`;
      assert.equal(through(col('decimal', { precision: 38, scale }), text), expected);
    }),
    { numRuns: 300 },
  );
});

test('money and smallmoney round to 4 decimals', () => {
  assert.equal(through(col('money'), '1.23455'), '1.2346');
  assert.equal(through(col('money'), '-1.23455'), '-1.2346');
  assert.equal(through(col('money'), '-0.00004'), '0.0000');
  assert.equal(through(col('smallmoney'), '0.99999'), '1.0000');
  assert.equal(through(col('money'), '922337203685477.5807'), '922337203685477.5807');
  assert.equal(through(col('money'), '-922337203685477.5808'), '-922337203685477.5808');
});

test('datetime rounds to 1/300 s: .000, .003, .007, with carry into the next day', () => {
  const c = col('datetime');
  const cases: [string, string][] = [
    ['2003-02-01 11:22:33.000', '2003-02-01 11:22:33.000'],
    ['2003-02-01 11:22:33.001', '2003-02-01 11:22:33.000'],
    ['2003-02-01 11:22:33.002', '2003-02-01 11:22:33.003'],
    ['2003-02-01 11:22:33.003', '2003-02-01 11:22:33.003'],
    ['2003-02-01 11:22:33.004', '2003-02-01 11:22:33.003'],
    ['2003-02-01 11:22:33.005', '2003-02-01 11:22:33.007'],
    ['2003-02-01 11:22:33.006', '2003-02-01 11:22:33.007'],
    ['2003-02-01 11:22:33.008', '2003-02-01 11:22:33.007'],
    ['2003-02-01 11:22:33.009', '2003-02-01 11:22:33.010'],
    ['2003-02-01 11:22:33.1234567', '2003-02-01 11:22:33.123'],
    ['2003-02-01 23:59:59.998', '2003-02-01 23:59:59.997'],
    ['2003-02-01 23:59:59.999', '2003-02-02 00:00:00.000'],
    ['2003-12-31 23:59:59.999', '2004-01-01 00:00:00.000'],
    ['1753-01-01', '1753-01-01 00:00:00.000'],
    ['2003-02-01T11:22:33', '2003-02-01 11:22:33.000'],
  ];
  for (const [input, output] of cases) assert.equal(through(c, input), output, input);
});

test('smalldatetime rounds to the minute (29.998 s down, 29.999 s up), with carry into the next day', () => {
  const c = col('smalldatetime');
  assert.equal(through(c, '2003-02-01 11:22:29.998'), '2003-02-01 11:22:00');
  assert.equal(through(c, '2003-02-01 11:22:29.999'), '2003-02-01 11:23:00');
  assert.equal(through(c, '2003-02-01 23:59:30'), '2003-02-02 00:00:00');
  assert.equal(through(c, '2003-02-01 11:22'), '2003-02-01 11:22:00');
  assert.equal(through(c, '2079-06-06 23:59:00'), '2079-06-06 23:59:00');
});

test('time, datetime2 and datetimeoffset round to the column scale first', () => {
  assert.equal(through(col('time', { scale: 0 }), '11:22:33.5'), '11:22:34');
  assert.equal(through(col('time', { scale: 3 }), '11:22:33.1234999'), '11:22:33.123');
  assert.equal(through(col('time', { scale: 3 }), '11:22:33.1235'), '11:22:33.124');
  assert.equal(through(col('time', { scale: 7 }), '11:22:33'), '11:22:33.0000000');
  // SQL Server wraps time past midnight, and carries datetime2/datetimeoffset into the next day.
  assert.equal(through(col('time', { scale: 0 }), '23:59:59.5'), '00:00:00');
  assert.equal(through(col('datetime2', { scale: 0 }), '2003-12-31 23:59:59.5'), '2004-01-01 00:00:00');
  assert.equal(through(col('datetime2', { scale: 2 }), '2003-02-01 01:02:03.125'), '2003-02-01 01:02:03.13');
  assert.equal(through(col('datetimeoffset', { scale: 1 }), '2003-02-01 23:59:59.96 -05:00'), '2003-02-02 00:00:00.0 -05:00');
  assert.equal(through(col('datetimeoffset', { scale: 0 }), '2003-02-01 01:02:03Z'), '2003-02-01 01:02:03 +00:00');
  assert.equal(through(col('datetimeoffset', { scale: 0 }), '2003-02-01 01:02:03'), '2003-02-01 01:02:03 +00:00');
  // Scale left out means 7, SQL Server's default.
  assert.equal(through(col('datetime2'), '2003-02-01 01:02:03'), '2003-02-01 01:02:03.0000000');
});

test('integer columns accept bigints and bigint columns accept safe numbers and digit text', () => {
  assert.equal(through(col('int'), 5n), 5);
  assert.equal(through(col('bigint'), 5), 5n);
  assert.equal(through(col('bigint'), '-9223372036854775808'), -(2n ** 63n));
  assert.equal(through(col('bit'), 1), true);
});
