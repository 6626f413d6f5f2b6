/**
 * The lossless text forms of src/core/bcp/values.ts (dates, times, decimals, GUIDs) to and from the
 * integers TDS carries: days since 0001-01-01 or 1900-01-01, time in 10^-scale seconds, 1/300 s ticks,
 * unscaled decimal magnitudes, mixed-endian GUID bytes. Proleptic Gregorian arithmetic, no Date objects,
 * so years 1–99 and 9999 work.
 */

/** Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const DAYS_0001_TO_1970 = -daysFromCivil(1, 1, 1); // 719162
const DAYS_1900_TO_1970 = -daysFromCivil(1900, 1, 1); // 25567

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

// Hand-rolled parsers (no regex, no allocation): the encoders run them once per value on the hot path.

function bad(kind: string, text: string): Error {
  return new Error(`not a ${kind}: ${JSON.stringify(text)}`);
}

function digits(text: string, at: number, count: number, kind: string): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw bad(kind, text);
    v = v * 10 + d;
  }
  return v;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' prefix. */
function parseYmdDays(text: string): number {
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) throw bad('date', text);
  return daysFromCivil(digits(text, 0, 4, 'date'), digits(text, 5, 2, 'date'), digits(text, 8, 2, 'date'));
}

/** Parsed 'HH:MM[:SS[.fffffff]]': whole seconds, the fraction in 100 ns units, and where parsing stopped. */
const clock = { seconds: 0, ticks7: 0, end: 0 };

function parseClockAt(text: string, at: number): typeof clock {
  if (text.length < at + 5 || text.charCodeAt(at + 2) !== 58) throw bad('time', text);
  let seconds = digits(text, at, 2, 'time') * 3600 + digits(text, at + 3, 2, 'time') * 60;
  let p = at + 5;
  let ticks7 = 0;
  if (text.charCodeAt(p) === 58) {
    seconds += digits(text, p + 1, 2, 'time');
    p += 3;
    if (text.charCodeAt(p) === 46) {
      p++;
      let n = 0;
      while (n < 7 && p < text.length) {
        const d = text.charCodeAt(p) - 48;
        if (d < 0 || d > 9) break;
        ticks7 = ticks7 * 10 + d;
        n++;
        p++;
      }
      for (; n < 7; n++) ticks7 *= 10;
    }
  }
  clock.seconds = seconds;
  clock.ticks7 = ticks7;
  clock.end = p;
  return clock;
}

/** Where the clock part of 'YYYY-MM-DD[ T]HH:…' starts, or -1 for a bare date. */
function clockStart(text: string): number {
  if (text.length <= 10) return -1;
  const sep = text.charCodeAt(10);
  if (sep !== 32 && sep !== 84) throw bad('datetime', text);
  return 11;
}

/** 'YYYY-MM-DD' → days since 0001-01-01 (the DATE wire value). */
export function dateToDays(text: string): number {
  return parseYmdDays(text) + DAYS_0001_TO_1970;
}

export function daysToDate(days: number): string {
  const [y, m, d] = civilFromDays(days - DAYS_0001_TO_1970);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** TIME wire value: the time of day in units of 10^-scale seconds (extra digits are truncated). */
export function timeToUnits(text: string, scale: number): number {
  const c = parseClockAt(text, 0);
  return clockUnits(c.seconds, c.ticks7, scale);
}

const powers = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000];

function clockUnits(seconds: number, ticks7: number, scale: number): number {
  return seconds * powers[scale] + Math.floor(ticks7 / powers[7 - scale]);
}

export function unitsToTime(units: number, scale: number): string {
  const perSecond = 10 ** scale;
  const seconds = Math.floor(units / perSecond);
  const fraction = units - seconds * perSecond;
  const clock = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return scale === 0 ? clock : `${clock}.${pad(fraction, scale)}`;
}

/** Byte length of a TIME value at a scale (also the time part of DATETIME2/DATETIMEOFFSET). */
export function timeByteLength(scale: number): number {
  return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
}

export interface DateTime2Parts {
  days: number;
  units: number;
}

/** 'YYYY-MM-DD HH:MM:SS[.fffffff]' → days since 0001-01-01 + time units. */
export function parseDateTime2(text: string, scale: number): DateTime2Parts {
  return parseDateTime2Into(text, scale, { days: 0, units: 0 });
}

/** parseDateTime2 into a caller-owned object (the encoders reuse one per column). */
export function parseDateTime2Into(text: string, scale: number, out: DateTime2Parts): DateTime2Parts {
  out.days = parseYmdDays(text) + DAYS_0001_TO_1970;
  const at = clockStart(text);
  if (at < 0) {
    out.units = 0;
  } else {
    const c = parseClockAt(text, at);
    out.units = clockUnits(c.seconds, c.ticks7, scale);
  }
  return out;
}

export function formatDateTime2(days: number, units: number, scale: number): string {
  return `${daysToDate(days)} ${unitsToTime(units, scale)}`;
}

export interface DateTimeOffsetParts extends DateTime2Parts {
  offsetMinutes: number;
}

/**
 * 'YYYY-MM-DD HH:MM:SS[.f] +HH:MM' (local time + offset) → the UTC days/time TDS carries + offset minutes.
 */
export function parseDateTimeOffset(text: string, scale: number): DateTimeOffsetParts {
  const m = /^(.*?)\s*([+-])(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not a datetimeoffset: ${JSON.stringify(text)}`);
  const offsetMinutes = (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
  const local = parseDateTime2(m[1].trim(), scale);
  const perDay = 86400 * 10 ** scale;
  let units = local.units - offsetMinutes * 60 * 10 ** scale;
  let days = local.days;
  while (units < 0) { units += perDay; days -= 1; }
  while (units >= perDay) { units -= perDay; days += 1; }
  return { days, units, offsetMinutes };
}

export function formatDateTimeOffset(days: number, units: number, scale: number, offsetMinutes: number): string {
  const perDay = 86400 * 10 ** scale;
  let localUnits = units + offsetMinutes * 60 * 10 ** scale;
  let localDays = days;
  while (localUnits < 0) { localUnits += perDay; localDays -= 1; }
  while (localUnits >= perDay) { localUnits -= perDay; localDays += 1; }
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${formatDateTime2(localDays, localUnits, scale)} ${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/** DATETIME: days since 1900-01-01 (may be negative) + 1/300 s ticks, rounded as SQL Server rounds. */
export function parseDateTime(text: string): { days: number; ticks: number } {
  let days = parseYmdDays(text) + DAYS_1900_TO_1970;
  const at = clockStart(text);
  let ticks = 0;
  if (at >= 0) {
    const c = parseClockAt(text, at);
    ticks = Math.round((c.seconds * 1e7 + c.ticks7) * 300 / 1e7);
  }
  if (ticks >= 300 * 86400) { ticks -= 300 * 86400; days += 1; }
  return { days, ticks };
}

export function formatDateTime(days: number, ticks: number): string {
  const [y, m, d] = civilFromDays(days - DAYS_1900_TO_1970);
  const ms = Math.round(ticks * 10 / 3);
  const seconds = Math.floor(ms / 1000);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)} ${unitsToTime(seconds, 0)}.${pad(ms % 1000, 3)}`;
}

/** SMALLDATETIME: days since 1900-01-01 + minutes (seconds ≥ 29.998 round up). */
export function parseSmallDateTime(text: string): { days: number; minutes: number } {
  let days = parseYmdDays(text) + DAYS_1900_TO_1970;
  const at = clockStart(text);
  let minutes = 0;
  if (at >= 0) {
    const { seconds, ticks7 } = parseClockAt(text, at);
    minutes = Math.floor(seconds / 60) + ((seconds % 60) * 1e7 + ticks7 >= 29.998 * 1e7 ? 1 : 0);
  }
  if (minutes >= 1440) { minutes -= 1440; days += 1; }
  return { days, minutes };
}

export function formatSmallDateTime(days: number, minutes: number): string {
  const [y, m, d] = civilFromDays(days - DAYS_1900_TO_1970);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)} ${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}:00`;
}

/** Plain decimal text → unscaled integer at `scale` (extra fraction digits are truncated). */
export function decimalToUnscaled(text: string, scale: number): bigint {
  const m = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const digits = (m[2] || '0') + (m[3] ?? '').padEnd(scale, '0').slice(0, scale);
  const magnitude = BigInt(digits);
  return m[1] === '-' ? -magnitude : magnitude;
}

export function unscaledToDecimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/** Canonical GUID text → the 16 wire bytes (first three groups little-endian). */
export function guidToBytes(text: string): Buffer {
  const hex = text.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a GUID: ${JSON.stringify(text)}`);
  const raw = Buffer.from(hex, 'hex');
  const out = Buffer.from(raw);
  out[0] = raw[3]; out[1] = raw[2]; out[2] = raw[1]; out[3] = raw[0];
  out[4] = raw[5]; out[5] = raw[4];
  out[6] = raw[7]; out[7] = raw[6];
  return out;
}

export function bytesToGuid(bytes: Uint8Array): string {
  const b = Buffer.from(bytes);
  const raw = Buffer.from([b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], ...b.subarray(8, 16)]).toString('hex').toUpperCase();
  return `${raw.slice(0, 8)}-${raw.slice(8, 12)}-${raw.slice(12, 16)}-${raw.slice(16, 20)}-${raw.slice(20)}`;
}
