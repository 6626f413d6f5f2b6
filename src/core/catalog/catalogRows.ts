/**
 * Running one catalog query and reading its rows: typed field access that fails loudly on a missing text
 * field, and the one place a query failure or cancel is turned into a BackupError.
 */
import type * as mssql from 'mssql';
import { classifySqlError } from '../connection/classifySqlError';
import { BackupError } from '../errors';
import type { ObjectName } from '../model/types';
import { catalogQueries, catalogQueryPurposes, type CatalogQueryName } from './queries';

/** Anything that can start a request: an mssql ConnectionPool or Transaction. */
export interface CatalogSource {
  request(): mssql.Request;
}

export type Row = Record<string, unknown>;

/** The key rowEstimates and tableReader use for a table. */
export function tableKey(o: ObjectName): string {
  return `${o.schema}.${o.name}`;
}

export function str(row: Row, key: string): string {
  const v = row[key];
  if (typeof v !== 'string') throw new BackupError('internal', `The catalog returned no text for ${key}.`);
  return v;
}
export function optStr(row: Row, key: string): string | undefined {
  const v = row[key];
  return typeof v === 'string' ? v : undefined;
}
/** tedious returns char(2) object types padded ('U '). */
export function code(row: Row, key: string): string {
  return optStr(row, key)?.trim() ?? '';
}
export function num(row: Row, key: string): number {
  const v = row[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' || typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}
export function optNum(row: Row, key: string): number | undefined {
  return row[key] === null || row[key] === undefined ? undefined : num(row, key);
}
export function bool(row: Row, key: string): boolean {
  const v = row[key];
  return v === true || v === 1 || v === '1';
}

export function objectName(row: Row, schemaKey: string, nameKey: string): ObjectName {
  return { schema: str(row, schemaKey), name: str(row, nameKey) };
}

/** Where the catalog is read from, for messages: the server as the user gave it and the database's name. */
export interface CatalogTarget {
  server?: string;
  database?: string;
}

/** Runs one catalog query; a failure says what was being read, in words (e.g. "the tables"), and of which database. */
export async function runQuery(source: CatalogSource, name: CatalogQueryName, signal: AbortSignal | undefined, target: CatalogTarget = {}): Promise<Row[]> {
  if (signal?.aborted) throw new BackupError('cancelled', 'Cancelled while reading the schema.');
  const request = source.request();
  const onAbort = () => request.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await request.query(catalogQueries[name]);
    return (result.recordset ?? []) as Row[];
  } catch (err) {
    if (signal?.aborted) throw new BackupError('cancelled', 'Cancelled while reading the schema.', { cause: err });
    throw classifySqlError(err, { ...target, action: `reading ${catalogQueryPurposes[name]} of` });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

export function sortByOrdinal<T>(items: T[], ordinals: number[]): T[] {
  return items.map((item, i) => ({ item, o: ordinals[i] })).sort((a, b) => a.o - b.o).map((x) => x.item);
}
