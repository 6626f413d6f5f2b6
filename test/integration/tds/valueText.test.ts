/**
 * The double's text ↔ wire-integer conversions, over their whole ranges (property-based) and at the edges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bytesToGuid, dateToDays, daysToDate, decimalToUnscaled, formatDateTime, formatDateTime2, formatDateTimeOffset,
  guidToBytes, parseDateTime, parseDateTime2, parseDateTimeOffset, parseSmallDateTime, formatSmallDateTime,
  timeToUnits, unitsToTime, unscaledToDecimal,
} from '../../support/tds/valueText';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const dateArb = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`);

test('date text ↔ days since 0001-01-01 round-trips and matches the calendar', () => {
  assert.equal(dateToDays('0001-01-01'), 0);
  assert.equal(dateToDays('1900-01-01'), 693595);
  assert.equal(dateToDays('9999-12-31'), 3652058);
  fc.assert(fc.property(dateArb, (text) => {
    assert.equal(daysToDate(dateToDays(text)), text);
    const viaDate = Math.round(Date.parse(`${text}T00:00:00Z`) / 86400000) + 719162;
    assert.equal(dateToDays(text), viaDate);
  }));
});

test('time and datetime2 round-trip at every scale', () => {
  fc.assert(fc.property(dateArb, fc.integer({ min: 0, max: 86400 * 1e7 - 1 }), fc.integer({ min: 0, max: 7 }), (date, ticks, scale) => {
    const units = Math.floor(ticks / 10 ** (7 - scale));
    const text = unitsToTime(units, scale);
    assert.equal(timeToUnits(text, scale), units);
    const full = `${date} ${text}`;
    const parts = parseDateTime2(full, scale);
    assert.equal(formatDateTime2(parts.days, parts.units, scale), full);
  }));
  assert.equal(timeToUnits('13:45:12.1234567', 3), 49512123, 'extra digits are truncated to the scale');
});

test('datetimeoffset keeps local time and offset; the wire carries UTC', () => {
  // 00:30 local at +01:00 is 23:30 UTC on the previous day.
  assert.deepEqual(parseDateTimeOffset('2024-03-01 00:30:00.0000000 +01:00', 7), {
    days: dateToDays('2024-02-29'), units: 23.5 * 3600 * 1e7, offsetMinutes: 60,
  });
  fc.assert(fc.property(dateArb, fc.integer({ min: 0, max: 86399 }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (date, seconds, offset) => {
    const sign = offset < 0 ? '-' : '+';
    const text = `${date} ${unitsToTime(seconds, 0)} ${sign}${pad(Math.floor(Math.abs(offset) / 60), 2)}:${pad(Math.abs(offset) % 60, 2)}`;
    const parts = parseDateTimeOffset(text, 0);
    assert.equal(formatDateTimeOffset(parts.days, parts.units, 0, parts.offsetMinutes), text);
  }));
});

test('datetime rounds to 1/300 s and smalldatetime to the minute, like SQL Server', () => {
  assert.deepEqual(parseDateTime('1900-01-01 00:00:00.003'), { days: 0, ticks: 1 });
  assert.deepEqual(parseDateTime('1753-01-01 00:00:00.000'), { days: -53690, ticks: 0 });
  assert.deepEqual(parseDateTime('2000-01-01 23:59:59.999'), { days: 36525, ticks: 0 }, '.999 rounds up to the next day');
  assert.equal(formatDateTime(0, 1), '1900-01-01 00:00:00.003');
  assert.equal(formatDateTime(0, 2), '1900-01-01 00:00:00.007');
  assert.deepEqual(parseSmallDateTime('2024-02-29 13:45:29.998'), { days: 45349, minutes: 13 * 60 + 46 });
  assert.deepEqual(parseSmallDateTime('2024-02-29 13:45:29.997'), { days: 45349, minutes: 13 * 60 + 45 });
  assert.equal(formatSmallDateTime(45349, 13 * 60 + 45), '2024-02-29 13:45:00');
});

test('decimal text ↔ unscaled integers, including 38 digits and negative zero-padded fractions', () => {
  assert.equal(decimalToUnscaled('-0.05', 4), -500n);
  assert.equal(decimalToUnscaled('12', 2), 1200n);
  assert.equal(unscaledToDecimal(-5n, 3), '-0.005');
  assert.equal(unscaledToDecimal(0n, 0), '0');
  fc.assert(fc.property(fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n }), fc.integer({ min: 0, max: 38 }), (v, scale) => {
    assert.equal(decimalToUnscaled(unscaledToDecimal(v, scale), scale), v);
  }));
  assert.throws(() => decimalToUnscaled('1e5', 0));
});

test('GUID text ↔ wire bytes', () => {
  const text = '00112233-4455-6677-8899-AABBCCDDEEFF';
  assert.equal(guidToBytes(text).toString('hex'), '33221100554477668899aabbccddeeff');
  assert.equal(bytesToGuid(guidToBytes(text.toLowerCase())), text);
  assert.throws(() => guidToBytes('not-a-guid'));
});
