/**
 * What SQL Server's CONVERT/CAST print for a stored value: the forms the data queries of
 * src/core/export/tableReader.ts ask for, rendered here from the lossless values the double holds.
 * Values are first normalised as the server would store them (scale, 1/300 s ticks, char padding), then
 * printed in the requested style:
 *   style 121  date/time types  `yyyy-mm-dd hh:mi:ss[.f…]` with exactly the type's scale digits (none at 0),
 *                               datetimeoffset adds ` +hh:mi`; datetime always 3 digits
 *   style 23   date             `yyyy-mm-dd`
 *   style 120  smalldatetime    `yyyy-mm-dd hh:mi:ss` (seconds always 00)
 *   style 2    money            4 decimals, no separators
 *   style 1    varbinary→text   `0x` + upper-case hex
 *   float/real → binary(8)/(4)  the IEEE bits big-endian
 *   (none)     decimal→varchar  exactly `scale` decimals, leading `0` before the point
 */
import type { SqlValue, SqlVariant } from '../../../../src/core/bcp/values';
import type { SqlBaseType, SqlType } from '../../../../src/core/model/types';
import { comparisonStyleFromFlags, parseTdsCollation } from '../../../../src/core/catalog/tdsCollation';
import { collationByName } from '../collation';
import {
  daysToDate, decimalToUnscaled, formatDateTime, formatDateTime2, formatDateTimeOffset, formatSmallDateTime,
  parseDateTime, parseDateTime2, parseDateTimeOffset, parseSmallDateTime, timeToUnits, unitsToTime, unscaledToDecimal,
  dateToDays,
} from '../valueText';

function expectString(v: SqlValue, what: string): string {
  if (typeof v !== 'string') throw new Error(`test double: ${what} expects a string value, got ${typeof v}`);
  return v;
}

export function decimalText(v: SqlValue, scale: number): string {
  const text = typeof v === 'number' ? String(v) : expectString(v, 'decimal');
  const unscaled = decimalToUnscaled(text, scale);
  return unscaledToDecimal(unscaled, scale);
}

export function dateText(v: SqlValue): string {
  return daysToDate(dateToDays(expectString(v, 'date')));
}

export function timeText(v: SqlValue, scale: number): string {
  return unitsToTime(timeToUnits(expectString(v, 'time'), scale), scale);
}

export function dateTime2Text(v: SqlValue, scale: number): string {
  const { days, units } = parseDateTime2(expectString(v, 'datetime2'), scale);
  return formatDateTime2(days, units, scale);
}

export function dateTimeOffsetText(v: SqlValue, scale: number): string {
  const { days, units, offsetMinutes } = parseDateTimeOffset(expectString(v, 'datetimeoffset'), scale);
  return formatDateTimeOffset(days, units, scale, offsetMinutes);
}

export function dateTimeText(v: SqlValue): string {
  const { days, ticks } = parseDateTime(expectString(v, 'datetime'));
  return formatDateTime(days, ticks);
}

export function smallDateTimeText(v: SqlValue): string {
  const { days, minutes } = parseSmallDateTime(expectString(v, 'smalldatetime'));
  return formatSmallDateTime(days, minutes);
}

function hexStyle1(v: Uint8Array): string {
  return `0x${Buffer.from(v).toString('hex').toUpperCase()}`;
}

/** char/nchar values come back padded with spaces to the declared length. */
export function paddedText(v: SqlValue, type: SqlType): string {
  const s = expectString(v, type.base);
  if ((type.base === 'char' || type.base === 'nchar') && !type.isMax && type.length !== undefined && s.length < type.length) {
    return s.padEnd(type.length, ' ');
  }
  return s;
}

/** Collations the double can name from sql_variant collation bytes (the ones test/support/tds/collation.ts knows). */
const nameableCollations = [
  'SQL_Latin1_General_CP1_CI_AS', 'SQL_Latin1_General_CP1_CS_AS', 'Latin1_General_CI_AS', 'Latin1_General_CI_AI',
  'Latin1_General_100_CI_AS', 'Latin1_General_100_CI_AS_SC_UTF8', 'Cyrillic_General_CI_AS',
];

function collationNameOf(bytes: Uint8Array): string {
  for (const name of nameableCollations) {
    if (Buffer.compare(collationByName(name).bytes, Buffer.from(bytes)) === 0) return name;
  }
  throw new Error(`test double: no collation name known for sql_variant collation bytes ${Buffer.from(bytes).toString('hex')}`);
}

/** SQL_VARIANT_PROPERTY Precision/Scale/MaxLength for base types whose values do not carry them. */
const variantDefaults: Partial<Record<SqlBaseType, [number, number, number]>> = {
  bit: [1, 0, 1], tinyint: [3, 0, 1], smallint: [5, 0, 2], int: [10, 0, 4], bigint: [19, 0, 8],
  real: [24, 0, 4], float: [53, 0, 8], money: [19, 4, 8], smallmoney: [10, 4, 4], date: [10, 0, 3],
  datetime: [23, 3, 8], smalldatetime: [16, 0, 4], uniqueidentifier: [0, 0, 16],
};

/** The value part of the sql_variant text form: what the data query's CASE prints for each base type. */
function variantValueText(v: SqlVariant): string {
  const value = v.value as SqlValue;
  switch (v.baseType) {
    case 'binary': case 'varbinary': return hexStyle1(value as Uint8Array);
    case 'date': return dateText(value);
    case 'time': return timeText(timeText(value, v.scale ?? 7), 7);
    case 'datetime2': return dateTime2Text(dateTime2Text(value, v.scale ?? 7), 7);
    case 'datetimeoffset': return dateTimeOffsetText(dateTimeOffsetText(value, v.scale ?? 7), 7);
    case 'datetime': return dateTimeText(value);
    case 'smalldatetime': return smallDateTimeText(value);
    case 'float': { const b = Buffer.alloc(8); b.writeDoubleBE(value as number); return hexStyle1(b); }
    case 'real': { const b = Buffer.alloc(4); b.writeFloatBE(value as number); return hexStyle1(b); }
    case 'money': case 'smallmoney': return decimalText(value, 4);
    case 'decimal': case 'numeric': return decimalText(value, v.scale ?? 0);
    case 'bit': return value ? '1' : '0';
    case 'uniqueidentifier': return expectString(value, 'uniqueidentifier').toUpperCase();
    case 'tinyint': case 'smallint': case 'int': case 'bigint': return String(value);
    default: return expectString(value, v.baseType);
  }
}

/** `base|precision|scale|maxLength|collation|lcid|comparisonStyle|version|value`, as tableReader's expression builds it. */
export function sqlVariantText(v: SqlVariant): string {
  const [defPrecision, defScale, defMaxLength] = variantDefaults[v.baseType] ?? [0, 0, 0];
  let precision = v.precision ?? defPrecision;
  const scale = v.scale ?? defScale;
  let maxLength = v.maxLength ?? defMaxLength;
  if (v.baseType === 'decimal' || v.baseType === 'numeric') maxLength = 17;
  if (v.baseType === 'time') { precision = scale === 0 ? 8 : 9 + scale; maxLength = 5; }
  if (v.baseType === 'datetime2') { precision = scale === 0 ? 19 : 20 + scale; maxLength = 8; }
  if (v.baseType === 'datetimeoffset') { precision = scale === 0 ? 26 : 27 + scale; maxLength = 10; }
  let collation = '';
  let lcid = '';
  let style = '';
  let version = '';
  if (v.collation) {
    collation = collationNameOf(v.collation);
    const parts = parseTdsCollation(v.collation);
    lcid = String(parts.lcid);
    style = String(comparisonStyleFromFlags(parts.flags));
    version = String(parts.version);
  }
  return [v.baseType, precision, scale, maxLength, collation, lcid, style, version, variantValueText(v)].join('|');
}
