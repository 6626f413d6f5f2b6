import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { col, decodeValue, encodeValue } from './helpers';
import { BackupError } from '../../../src/core/errors';

/**
 * date, datetime and smalldatetime arrive from the driver as UTC Dates and reach the encoder as their milliseconds
 * (tableReader.ts). These pin that the number form encodes to exactly the bytes of the canonical text form.
 */

/** What tedious does with datetime's (days, 1/300 s ticks): Date.UTC(1900, 0, 1 + days, 0, 0, 0, round(ticks × 10/3)). */
const tediousDatetime = (days: number, ticks: number) => Date.UTC(1900, 0, 1 + days, 0, 0, 0, Math.round(ticks * (3 + 1 / 3)));

test('every datetime tick survives the driver’s milliseconds (first, last and random days and ticks)', () => {
  const c = col('datetime');
  const check = (days: number, ticks: number) => {
    const bytes = encodeValue(c, tediousDatetime(days, ticks));
    assert.equal(bytes.readInt32LE(1), days, `days ${days}`);
    assert.equal(bytes.readUInt32LE(5), ticks, `ticks ${ticks}`);
    assert.deepEqual(bytes, encodeValue(c, decodeValue(c, bytes)), 'same bytes as the text form');
  };
  // 1753-01-01 is day -53690; 9999-12-31 day 2958463; a day has 25,920,000 ticks.
  for (const days of [-53690, -1, 0, 1, 45000, 2958463]) for (let ticks = 0; ticks < 1200; ticks++) check(days, ticks);
  for (let ticks = 25_920_000 - 1200; ticks < 25_920_000; ticks++) check(2958463, ticks);
  fc.assert(fc.property(fc.integer({ min: -53690, max: 2958463 }), fc.integer({ min: 0, max: 25_919_999 }), check), { numRuns: 20_000 });
});

test('smalldatetime and date from the driver’s milliseconds equal their text forms', () => {
  const small = col('smalldatetime');
  assert.deepEqual(encodeValue(small, Date.UTC(2079, 5, 6, 23, 59)), encodeValue(small, '2079-06-06 23:59:00'));
  assert.deepEqual(encodeValue(small, Date.UTC(1900, 0, 1)), encodeValue(small, '1900-01-01 00:00:00'));
  const date = col('date');
  // Date.UTC treats years below 100 as 19xx, so year 1 is set explicitly, as tedious's day arithmetic does.
  const year1 = new Date(Date.UTC(2000, 0, 1));
  year1.setUTCFullYear(1);
  assert.deepEqual(encodeValue(date, year1.getTime()), encodeValue(date, '0001-01-01'));
  assert.deepEqual(encodeValue(date, Date.UTC(9999, 11, 31)), encodeValue(date, '9999-12-31'));
  assert.deepEqual(encodeValue(date, Date.UTC(2024, 1, 29)), encodeValue(date, '2024-02-29'));
});

test('milliseconds that are not a value of the type are refused, not rounded away', () => {
  assert.throws(() => encodeValue(col('date'), Date.UTC(2024, 1, 29, 12)), BackupError);
  assert.throws(() => encodeValue(col('datetime'), 0.5), BackupError);
  assert.throws(() => encodeValue(col('datetime'), Date.UTC(1700, 0, 1)), BackupError);
  assert.throws(() => encodeValue(col('smalldatetime'), Date.UTC(2080, 0, 1)), BackupError);
});
