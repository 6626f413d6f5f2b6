/**
 * What the reader hands on for date, datetime and smalldatetime columns (read natively, see tableReader.ts):
 * the driver's UTC Date as milliseconds since 1970. Tests use this to turn the databases' canonical text
 * (`2024-02-29`, `2024-02-29 23:59:59.997`, `2079-06-06 23:59:00`) into that form.
 */
import type { SqlValue } from '../../src/core/bcp/values';
import type { SqlBaseType } from '../../src/core/model/types';

export const readAsDriverMillis: ReadonlySet<SqlBaseType> = new Set(['date', 'datetime', 'smalldatetime']);

/** Canonical temporal text → UTC milliseconds, for every year 1–9999 (Date.UTC alone maps years below 100 to 19xx). */
export function temporalTextToMillis(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?)?$/.exec(text);
  if (!m) throw new Error(`not a date/datetime/smalldatetime text: ${text}`);
  const date = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number((m[7] ?? '0').padEnd(3, '0'))));
  date.setUTCFullYear(Number(m[1]));
  return date.getTime();
}

/** A value as the reader gives it for a column of type `base`. */
export function asReaderValue(base: SqlBaseType, value: SqlValue): SqlValue {
  return readAsDriverMillis.has(base) && typeof value === 'string' ? temporalTextToMillis(value) : value;
}
