/**
 * Range checks on stored bytes, for values the wire reader copies from TDS bytes into BCP bytes without decoding them: a server
 * can send bits no value of the column's type has (a time of 24:00:00, a day after 9999-12-31, a decimal wider than
 * its precision, a NaN). Each check fails with a BcpValueError that shows the value, so the backup stops at that
 * row, naming table, column, row and value, instead of writing a package the import refuses.
 */
import { datetimeFirstDay, datetimeTicksPerDay, day1900, formatTimeOfDay, lastDay, unitsPerDay } from './temporalText';
import { fail } from './valueError';
import type { SqlBaseType } from '../model/types';

/** A check of the fixed-size value at src[at], or undefined for types whose every bit pattern is a value. */
export function fixedValueCheck(base: SqlBaseType): ((src: Buffer, at: number) => void) | undefined {
  switch (base) {
    case 'date': return (src, at) => checkDay(src.readUIntLE(at, 3));
    case 'datetime': return (src, at) => {
      const days = src.readInt32LE(at);
      const ticks = src.readUInt32LE(at + 4);
      if (days + day1900 < datetimeFirstDay || days + day1900 > lastDay) fail(`day ${days} after 1900-01-01 is outside the datetime range 1753-01-01…9999-12-31`);
      if (ticks >= datetimeTicksPerDay) fail(`time of day ${ticks} × 1/300 s is not before midnight`);
    };
    case 'smalldatetime': return (src, at) => {
      const minutes = src.readUInt16LE(at + 2);
      if (minutes >= 1440) fail(`time of day ${minutes} minutes is not before midnight`);
    };
    case 'real': return (src, at) => checkFinite(src.readFloatLE(at));
    case 'float': return (src, at) => checkFinite(src.readDoubleLE(at));
    default: return undefined;
  }
}

/** A time part in 100 ns units: under 24 hours. */
export function checkTimeUnits(units: number): void {
  if (units >= unitsPerDay) fail(`time of day ${formatTimeOfDay(units, 7)} (${units} × 100 ns) is not before midnight`);
}

/** A day number since 0001-01-01: not after 9999-12-31. */
export function checkDay(day: number): void {
  if (day > lastDay) fail(`day ${day} after 0001-01-01 is past 9999-12-31`);
}

/** A datetimeoffset's offset in minutes: within ±14:00. */
export function checkOffset(minutes: number): void {
  if (minutes < -840 || minutes > 840) fail(`offset ${minutes} minutes is outside -14:00…+14:00`);
}

function checkFinite(value: number): void {
  if (!Number.isFinite(value)) fail(`${value} is not a number SQL Server can store`);
}

const powersOfTen = Array.from({ length: 39 }, (_, i) => 10n ** BigInt(i));

/** A decimal's little-endian magnitude src[from, to): fewer than `precision` digits. */
export function checkDecimalMagnitude(src: Buffer, from: number, to: number, precision: number, scale: number): void {
  let high = to;
  while (high > from && src[high - 1] === 0) high--;
  if (high - from <= 6) {
    // Under 2^48: an exact Number, compared without BigInt (the common case, on the hot path).
    let small = 0;
    for (let i = high - 1; i >= from; i--) small = small * 256 + src[i];
    if (precision >= 15 || small < 10 ** precision) return;
  }
  let magnitude = 0n;
  for (let i = high - 1; i >= from; i--) magnitude = (magnitude << 8n) | BigInt(src[i]);
  if (magnitude >= powersOfTen[precision]) {
    const digits = magnitude.toString().padStart(scale + 1, '0');
    const text = scale > 0 ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}` : digits;
    fail(`${text} has more than ${precision} digits (decimal(${precision},${scale}))`);
  }
}
