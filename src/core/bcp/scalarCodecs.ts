/**
 * Payload writers and readers of the fixed-size types (spec §5.3), shared by table columns and sql_variant.
 * A writer validates one value and appends its payload to the sink; a reader turns payload bytes back into
 * the canonical value of values.ts.
 */
import type { SqlValue } from './values';
import { type ByteSink, writeUInt24LE } from './byteSink';
import { describeValue, fail } from './valueError';
import { bigPow10, decimalValueText, fitsDigits, formatScaledDecimal, parseScaledDecimal } from './decimalText';
import {
  datetimeFirstDay, datetimeTicksPerDay, datetimeTicksToMs, day1900, formatDay, formatOffset, formatTimeOfDay, lastDay,
  normaliseParsedDay, parseDate, parseDateTime, parseDateTimeOffset, parseTime, parsed, roundUnits, unitsPerDay,
  unitsToDatetimeTicks, pad,
} from './temporalText';
import { readGuid, writeGuid } from './guidBytes';

export type PayloadWriter = (sink: ByteSink, value: SqlValue) => void;

const two32 = 4_294_967_296;

// ---- integers, bit, floats ----

function integerIn(value: SqlValue, min: number, max: number, type: string): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= min && value <= max) return value;
  } else if (typeof value === 'bigint') {
    if (value >= BigInt(min) && value <= BigInt(max)) return Number(value);
  } else {
    fail(`expected a number for ${type}, got ${describeValue(value)}`);
  }
  return fail(`${describeValue(value)} is not a ${type} (whole number ${min}…${max})`);
}

export const writeTinyint: PayloadWriter = (sink, v) => {
  const n = integerIn(v, 0, 255, 'tinyint');
  sink.ensure(1);
  sink.buf[sink.pos++] = n;
};
export const writeSmallint: PayloadWriter = (sink, v) => {
  const n = integerIn(v, -32768, 32767, 'smallint');
  sink.ensure(2);
  sink.pos = sink.buf.writeInt16LE(n, sink.pos);
};
export const writeInt: PayloadWriter = (sink, v) => {
  const n = integerIn(v, -2147483648, 2147483647, 'int');
  sink.ensure(4);
  sink.pos = sink.buf.writeInt32LE(n, sink.pos);
};

const bigintMin = -(2n ** 63n);
const bigintMax = 2n ** 63n - 1n;
export const writeBigint: PayloadWriter = (sink, v) => {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === 'string' && /^[+-]?\d{1,19}$/.test(v)) n = BigInt(v);
  else return fail(`${describeValue(v)} is not a bigint`);
  if (n < bigintMin || n > bigintMax) fail(`${describeValue(v)} is outside the bigint range`);
  sink.ensure(8);
  sink.pos = sink.buf.writeBigInt64LE(n, sink.pos);
};

export const writeBit: PayloadWriter = (sink, v) => {
  let b: number;
  if (typeof v === 'boolean') b = v ? 1 : 0;
  else if (v === 0 || v === 1) b = v;
  else return fail(`${describeValue(v)} is not a bit (true/false)`);
  sink.ensure(1);
  sink.buf[sink.pos++] = b;
};

const realMax = 3.4028234663852886e38;
export const writeReal: PayloadWriter = (sink, v) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${describeValue(v)} is not a finite number`);
  if (Math.abs(v) > realMax) fail(`${describeValue(v)} is outside the real range`);
  sink.ensure(4);
  sink.pos = sink.buf.writeFloatLE(v, sink.pos);
};
export const writeFloat: PayloadWriter = (sink, v) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${describeValue(v)} is not a finite number (SQL Server has no NaN or infinity)`);
  sink.ensure(8);
  sink.pos = sink.buf.writeDoubleLE(v, sink.pos);
};

export const readTinyint = (b: Buffer, p: number): SqlValue => b[p];
export const readSmallint = (b: Buffer, p: number): SqlValue => b.readInt16LE(p);
export const readInt = (b: Buffer, p: number): SqlValue => b.readInt32LE(p);
export const readBigint = (b: Buffer, p: number): SqlValue => b.readBigInt64LE(p);
export const readBit = (b: Buffer, p: number): SqlValue => {
  if (b[p] > 1) fail(`bit byte ${b[p]} is neither 0 nor 1`);
  return b[p] === 1;
};
export const readReal = (b: Buffer, p: number): SqlValue => b.readFloatLE(p);
export const readFloat = (b: Buffer, p: number): SqlValue => b.readDoubleLE(p);

// ---- money ----

const moneyMin = -(2n ** 63n);
const moneyMax = 2n ** 63n - 1n;

export const writeMoney: PayloadWriter = (sink, v) => {
  const scaled = parseScaledDecimal(decimalValueText(v), 4);
  let high: number;
  let low: number;
  if (typeof scaled === 'number') {
    high = Math.floor(scaled / two32);
    low = scaled - high * two32;
  } else {
    if (scaled < moneyMin || scaled > moneyMax) fail(`${describeValue(v)} is outside the money range`);
    high = Number(scaled >> 32n);
    low = Number(scaled & 0xffffffffn);
  }
  sink.ensure(8);
  sink.buf.writeInt32LE(high, sink.pos);
  sink.buf.writeUInt32LE(low, sink.pos + 4);
  sink.pos += 8;
};

export const writeSmallMoney: PayloadWriter = (sink, v) => {
  const scaled = parseScaledDecimal(decimalValueText(v), 4);
  if (typeof scaled !== 'number' || scaled < -2147483648 || scaled > 2147483647) fail(`${describeValue(v)} is outside the smallmoney range`);
  sink.ensure(4);
  sink.pos = sink.buf.writeInt32LE(scaled, sink.pos);
};

export const readMoney = (b: Buffer, p: number): SqlValue => {
  const high = b.readInt32LE(p);
  const low = b.readUInt32LE(p + 4);
  // |value| < 2^53 stays a number; only the extreme money values need a bigint.
  const scaled = high >= -2097152 && high < 2097152 ? high * two32 + low : (BigInt(high) << 32n) | BigInt(low);
  return formatScaledDecimal(scaled, 4);
};
export const readSmallMoney = (b: Buffer, p: number): SqlValue => formatScaledDecimal(b.readInt32LE(p), 4);

// ---- decimal / numeric: the magnitude part, shared with sql_variant ----

/** Validates a decimal value for (precision, scale) and writes `sign` then `magnitudeBytes` of magnitude. */
export function writeDecimalSignAndMagnitude(sink: ByteSink, v: SqlValue, precision: number, scale: number, magnitudeBytes: number): void {
  const scaled = parseScaledDecimal(decimalValueText(v), scale);
  if (!fitsDigits(scaled, precision)) {
    fail(`${describeValue(v)} has more than ${precision - scale} digits before the decimal point`);
  }
  sink.ensure(1 + magnitudeBytes);
  const buf = sink.buf;
  let pos = sink.pos;
  buf[pos++] = scaled < 0 ? 0 : 1;
  if (typeof scaled === 'number') {
    const abs = Math.abs(scaled);
    buf.writeUInt32LE(abs >>> 0, pos);
    if (magnitudeBytes > 4) buf.writeUInt32LE(Math.floor(abs / two32), pos + 4);
    for (let i = 8; i < magnitudeBytes; i++) buf[pos + i] = 0;
  } else {
    let abs = scaled < 0n ? -scaled : scaled;
    for (let i = 0; i < magnitudeBytes; i += 4) {
      buf.writeUInt32LE(Number(abs & 0xffffffffn), pos + i);
      abs >>= 32n;
    }
  }
  sink.pos = pos + magnitudeBytes;
}

/** Reads `sign` + `magnitudeBytes` of magnitude as decimal text with `scale` fractional digits. */
export function readDecimalSignAndMagnitude(b: Buffer, p: number, scale: number, magnitudeBytes: number): string {
  const sign = b[p];
  if (sign > 1) fail(`decimal sign byte ${sign} is neither 0 nor 1`);
  let small = true;
  for (let i = 8; i < magnitudeBytes; i++) if (b[p + 1 + i] !== 0) small = false;
  let scaled: number | bigint;
  const low = b.readUInt32LE(p + 1);
  const high = magnitudeBytes > 4 ? b.readUInt32LE(p + 5) : 0;
  if (small && high < 2097152) {
    scaled = high * two32 + low;
    if (sign === 0) scaled = -scaled;
  } else {
    let big = 0n;
    for (let i = magnitudeBytes - 4; i >= 0; i -= 4) big = (big << 32n) | BigInt(b.readUInt32LE(p + 1 + i));
    if (big >= bigPow10(38)) fail('decimal magnitude has more than 38 digits');
    scaled = sign === 0 ? -big : big;
  }
  return formatScaledDecimal(scaled === 0 ? 0 : scaled, scale);
}

// ---- date and time ----

function temporalText(v: SqlValue, type: string): string {
  if (typeof v !== 'string') fail(`expected ${type} text, got ${describeValue(v)}`);
  return v;
}

/** Day number (from 0001-01-01) of 1970-01-01, the epoch of the driver's Date milliseconds. */
const unixEpochDay = 719_162;
const msPerDay = 86_400_000;

/**
 * date, datetime and smalldatetime values may also come as milliseconds since 1970-01-01 UTC (the driver's Date,
 * see tableReader.ts): sets `parsed.day` and returns the milliseconds into that day.
 */
function splitMillis(v: number, type: string): number {
  if (!Number.isSafeInteger(v)) fail(`expected ${type} milliseconds, got ${describeValue(v)}`);
  const days = Math.floor(v / msPerDay);
  parsed.day = unixEpochDay + days;
  return v - days * msPerDay;
}

export const writeDate: PayloadWriter = (sink, v) => {
  if (typeof v === 'number') {
    if (splitMillis(v, 'date') !== 0) fail(`${describeValue(v)} ms is not a whole day`);
    if (parsed.day < 0 || parsed.day > lastDay) fail(`${describeValue(v)} ms is outside 0001-01-01…9999-12-31`);
  } else {
    parseDate(temporalText(v, 'date'));
  }
  sink.ensure(3);
  sink.pos = writeUInt24LE(sink.buf, sink.pos, parsed.day);
};
export const readDate = (b: Buffer, p: number): SqlValue => checkedDay(b.readUIntLE(p, 3));

function checkedDay(day: number): string {
  if (day > lastDay) fail(`day number ${day} is after 9999-12-31`);
  return formatDay(day);
}

/** Parses a time value rounded to `scale`; midnight carry wraps like SQL Server's conversion to time(n). */
export function parseTimeUnits(v: SqlValue, scale: number): number {
  parseTime(temporalText(v, 'time'));
  const units = roundUnits(parsed.units, scale);
  return units >= unitsPerDay ? units - unitsPerDay : units;
}

/** Parses a datetime2 value rounded to `scale` into `parsed.day`/`parsed.units`, carrying into the next day. */
export function parseDatetime2(v: SqlValue, scale: number): void {
  parseDateTime(temporalText(v, 'datetime2'));
  parsed.units = roundUnits(parsed.units, scale);
  normaliseParsedDay();
  if (parsed.day > lastDay) fail(`${describeValue(v)} rounds past 9999-12-31`);
}

/** Parses a datetimeoffset value rounded to `scale`, then moves `parsed.day`/`units` to UTC. */
export function parseDatetimeOffsetUtc(v: SqlValue, scale: number): void {
  parseDateTimeOffset(temporalText(v, 'datetimeoffset'));
  parsed.units = roundUnits(parsed.units, scale);
  normaliseParsedDay();
  parsed.units -= parsed.offsetMinutes * 60 * 10_000_000;
  // An offset moves the time by at most 14 hours, so at most one day of carry.
  normaliseParsedDay();
  if (parsed.day < 0 || parsed.day > lastDay) fail(`${describeValue(v)} is outside 0001-01-01…9999-12-31 in UTC`);
}

export function formatTime(units: number, scale: number): string {
  checkPrecision(units, scale);
  return formatTimeOfDay(units, scale);
}

export function formatDatetime2(day: number, units: number, scale: number): string {
  checkPrecision(units, scale);
  return `${checkedDay(day)} ${formatTimeOfDay(units, scale)}`;
}

export function formatDatetimeOffset(utcDay: number, utcUnits: number, offsetMinutes: number, scale: number): string {
  checkPrecision(utcUnits, scale);
  if (offsetMinutes < -840 || offsetMinutes > 840) fail(`offset ${offsetMinutes} minutes is outside -14:00…+14:00`);
  let day = utcDay;
  let units = utcUnits + offsetMinutes * 600_000_000;
  if (units >= unitsPerDay) {
    units -= unitsPerDay;
    day += 1;
  } else if (units < 0) {
    units += unitsPerDay;
    day -= 1;
  }
  return `${checkedDay(day)} ${formatTimeOfDay(units, scale)} ${formatOffset(offsetMinutes)}`;
}

/** Stored time values are already rounded to the column scale; digits beyond it would be lost on display. */
function checkPrecision(units: number, scale: number): void {
  if (units >= unitsPerDay) fail(`time of day ${units} × 100 ns is not before midnight`);
  if (scale < 7 && units % 10 ** (7 - scale) !== 0) fail(`time value ${units} × 100 ns has more digits than scale ${scale}`);
}

export const writeDatetime: PayloadWriter = (sink, v) => {
  let ticks: number;
  if (typeof v === 'number') {
    // The driver's ms are round(ticks × 10/3); × 0.3 lands within 0.1 of the tick, so rounding restores it.
    ticks = Math.round(splitMillis(v, 'datetime') * 0.3);
  } else {
    parseDateTime(temporalText(v, 'datetime'));
    ticks = unitsToDatetimeTicks(parsed.units);
  }
  let day = parsed.day;
  if (ticks >= datetimeTicksPerDay) {
    ticks -= datetimeTicksPerDay;
    day += 1;
  }
  if (day < datetimeFirstDay || day > lastDay) fail(`${describeValue(v)} is outside the datetime range 1753-01-01…9999-12-31`);
  sink.ensure(8);
  sink.buf.writeInt32LE(day - day1900, sink.pos);
  sink.buf.writeUInt32LE(ticks, sink.pos + 4);
  sink.pos += 8;
};
export const readDatetime = (b: Buffer, p: number): SqlValue => {
  const day = b.readInt32LE(p) + day1900;
  const ticks = b.readUInt32LE(p + 4);
  if (day < datetimeFirstDay || day > lastDay || ticks >= datetimeTicksPerDay) fail('datetime bytes are out of range');
  const ms = datetimeTicksToMs(ticks);
  const seconds = Math.floor(ms / 1000);
  return `${formatDay(day)} ${formatTimeOfDay(seconds * 10_000_000, 0)}.${pad(ms % 1000, 3)}`;
};

const smallDatetimeTicksPerMinute = 60 * 300;
export const writeSmallDatetime: PayloadWriter = (sink, v) => {
  let ticks: number;
  if (typeof v === 'number') {
    ticks = Math.round(splitMillis(v, 'smalldatetime') * 0.3);
  } else {
    parseDateTime(temporalText(v, 'smalldatetime'));
    // Round to datetime ticks first, then to the minute: 29.998 s rounds down, 29.999 s up, as SQL Server does.
    ticks = unitsToDatetimeTicks(parsed.units);
  }
  let minutes = Math.floor((ticks + smallDatetimeTicksPerMinute / 2) / smallDatetimeTicksPerMinute);
  let days = parsed.day - day1900;
  if (minutes >= 1440) {
    minutes -= 1440;
    days += 1;
  }
  if (days < 0 || days > 65535) fail(`${describeValue(v)} is outside the smalldatetime range 1900-01-01…2079-06-06`);
  sink.ensure(4);
  sink.buf.writeUInt16LE(days, sink.pos);
  sink.buf.writeUInt16LE(minutes, sink.pos + 2);
  sink.pos += 4;
};
export const readSmallDatetime = (b: Buffer, p: number): SqlValue => {
  const days = b.readUInt16LE(p);
  const minutes = b.readUInt16LE(p + 2);
  if (minutes >= 1440) fail(`smalldatetime minutes ${minutes} are not before midnight`);
  return `${formatDay(days + day1900)} ${formatTimeOfDay(minutes * 600_000_000, 0)}`;
};

// ---- uniqueidentifier ----

export const writeUniqueidentifier: PayloadWriter = (sink, v) => {
  if (typeof v !== 'string') fail(`expected uniqueidentifier text, got ${describeValue(v)}`);
  sink.ensure(16);
  writeGuid(v, sink.buf, sink.pos);
  sink.pos += 16;
};
export const readUniqueidentifier = (b: Buffer, p: number): SqlValue => readGuid(b, p);
