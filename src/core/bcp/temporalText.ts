/**
 * Temporal text (values.ts) ⇄ the integer counts BCP stores: days since 0001-01-01 (date, datetime2,
 * datetimeoffset), 100-ns units since midnight (time), days since 1900-01-01 plus 1/300 s ticks (datetime)
 * or minutes (smalldatetime).
 *
 * Parsers write into the module-level `parsed` record instead of returning objects, so encoding a row
 * allocates nothing for its temporal values.
 */
import { fail } from './valueError';

export const unitsPerSecond = 10_000_000;
export const unitsPerDay = 86_400 * unitsPerSecond;
/** Day number (days since 0001-01-01) of 1900-01-01, the datetime/smalldatetime epoch. */
export const day1900 = 693_595;
/** Day number of 9999-12-31, the last day every type can hold. */
export const lastDay = 3_652_058;
/** datetime starts at 1753-01-01 (day number 639,905). */
export const datetimeFirstDay = 639_905;
export const datetimeTicksPerDay = 86_400 * 300;

/** The result of the last parse: a day number, 100-ns units since midnight, and an offset in minutes. */
export const parsed = { day: 0, units: 0, offsetMinutes: 0 };

/** Days since 0001-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 306; // 306: from 0000-03-01 to 0001-01-01
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(dayNum: number): string {
  const z = dayNum + 306;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** `HH:MM:SS` plus `scale` fractional digits of 100-ns units since midnight. */
export function formatTimeOfDay(units: number, scale: number): string {
  const seconds = Math.floor(units / unitsPerSecond);
  const fraction = units - seconds * unitsPerSecond;
  const hms = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return scale === 0 ? hms : `${hms}.${pad(fraction, 7).slice(0, scale)}`;
}

/** ` +HH:MM` / ` -HH:MM` of an offset in minutes. */
export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/** Rounds 100-ns units half up to `scale` fractional digits. */
export function roundUnits(units: number, scale: number): number {
  if (scale >= 7) return units;
  const step = 10 ** (7 - scale);
  return Math.floor((units + step / 2) / step) * step;
}

/** Parses `YYYY-MM-DD` at `start`; returns the index after it. Sets `parsed.day`. */
function parseDatePart(text: string, start: number): number {
  if (text.length < start + 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) {
    fail(`${quote(text)} is not a date (expected YYYY-MM-DD)`);
  }
  const y = digits(text, start, 4);
  const m = digits(text, start + 5, 2);
  const d = digits(text, start + 8, 2);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) fail(`${quote(text)} is not a valid date`);
  parsed.day = dayNumber(y, m, d);
  return start + 10;
}

/** Parses `HH:MM[:SS[.fffffff]]` at `start`; returns the index after it. Sets `parsed.units`. */
function parseTimePart(text: string, start: number): number {
  if (text.length < start + 5 || text.charCodeAt(start + 2) !== 58) fail(`${quote(text)} has no valid time (expected HH:MM:SS)`);
  const h = digits(text, start, 2);
  const mi = digits(text, start + 3, 2);
  let s = 0;
  let i = start + 5;
  let fraction = 0;
  if (text.charCodeAt(i) === 58 /* : */) {
    s = digits(text, i + 1, 2);
    i += 3;
    if (text.charCodeAt(i) === 46 /* . */) {
      i++;
      let n = 0;
      while (i < text.length && isDigit(text.charCodeAt(i))) {
        if (++n > 7) fail(`${quote(text)} has more than 7 fractional second digits`);
        fraction = fraction * 10 + (text.charCodeAt(i) - 48);
        i++;
      }
      if (n === 0) fail(`${quote(text)} has no digits after the decimal point`);
      fraction *= 10 ** (7 - n);
    }
  }
  if (h > 23 || mi > 59 || s > 59) fail(`${quote(text)} is not a valid time of day`);
  parsed.units = ((h * 60 + mi) * 60 + s) * unitsPerSecond + fraction;
  return i;
}

/** `HH:MM[:SS[.f…]]`. */
export function parseTime(text: string): void {
  if (parseTimePart(text, 0) !== text.length) fail(`${quote(text)} is not a time (expected HH:MM:SS[.fffffff])`);
}

/** `YYYY-MM-DD`. */
export function parseDate(text: string): void {
  if (parseDatePart(text, 0) !== text.length) fail(`${quote(text)} is not a date (expected YYYY-MM-DD)`);
  parsed.units = 0;
}

/** `YYYY-MM-DD[( |T)HH:MM[:SS[.f…]]]`; returns the index after it. */
function parseDateTimePart(text: string): number {
  let i = parseDatePart(text, 0);
  parsed.units = 0;
  const sep = text.charCodeAt(i);
  if (sep === 32 || sep === 84 /* T */) {
    const next = text.charCodeAt(i + 1);
    if (isDigit(next)) i = parseTimePart(text, i + 1);
  }
  return i;
}

/** A date and time without offset. */
export function parseDateTime(text: string): void {
  if (parseDateTimePart(text) !== text.length) fail(`${quote(text)} is not a date and time (expected YYYY-MM-DD HH:MM:SS[.fffffff])`);
  parsed.offsetMinutes = 0;
}

/** A local date and time with an offset: `… +HH:MM`, `…-HH:MM`, `…Z`, or no offset (= +00:00). */
export function parseDateTimeOffset(text: string): void {
  let i = parseDateTimePart(text);
  if (text.charCodeAt(i) === 32) i++;
  let offset = 0;
  if (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 90 /* Z */ && i + 1 === text.length) {
      offset = 0;
    } else if ((c === 43 || c === 45) && text.length === i + 6 && text.charCodeAt(i + 3) === 58) {
      const oh = digits(text, i + 1, 2);
      const om = digits(text, i + 4, 2);
      if (om > 59) fail(`${quote(text)} has an invalid offset`);
      offset = (c === 45 ? -1 : 1) * (oh * 60 + om);
    } else {
      fail(`${quote(text)} is not a date, time and offset (expected YYYY-MM-DD HH:MM:SS[.fffffff] +HH:MM)`);
    }
  }
  if (offset < -840 || offset > 840) fail(`${quote(text)} has an offset outside -14:00…+14:00`);
  parsed.offsetMinutes = offset;
}

/** Moves a whole day of carry from `parsed.units` into `parsed.day` (after rounding or an offset shift). */
export function normaliseParsedDay(): void {
  if (parsed.units >= unitsPerDay) {
    parsed.units -= unitsPerDay;
    parsed.day += 1;
  } else if (parsed.units < 0) {
    parsed.units += unitsPerDay;
    parsed.day -= 1;
  }
}

/** 1/300-second ticks of 100-ns units, rounded like SQL Server (.000/.003/.007). May equal a full day. */
export function unitsToDatetimeTicks(units: number): number {
  return Math.floor((units * 3 + 50_000) / 100_000);
}

/** Milliseconds SQL Server shows for datetime ticks: .000, .003, .007 … */
export function datetimeTicksToMs(ticks: number): number {
  return Math.floor((ticks * 10 + 1) / 3);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digits(text: string, start: number, count: number): number {
  let v = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) fail(`${quote(text)} has a non-digit where a digit belongs`);
    v = v * 10 + (c - 48);
  }
  return v;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 50 ? `${text.slice(0, 50)}…` : text);
}
