import type { ColumnModel, SqlBaseType, SqlType } from '../../../src/core/model/types';
import type { SqlValue } from '../../../src/core/bcp/values';
import { createRowDecoder, createRowEncoder } from '../../../src/core/bcp';

/** A column for tests: `col('decimal', { precision: 4, scale: 2 })`, nullable unless `{ nullable: false }`. */
export function col(base: SqlBaseType, type: Omit<SqlType, 'base'> = {}, nullable = true, name = `c_${base}`): ColumnModel {
  return { name, type: { base, ...type }, nullable };
}

export function encodeRow(columns: ColumnModel[], row: SqlValue[]): Buffer {
  const encoder = createRowEncoder(columns);
  encoder.encode(row);
  return encoder.takeChunk();
}

export function encodeValue(column: ColumnModel, value: SqlValue): Buffer {
  return encodeRow([column], [value]);
}

export function decodeValue(column: ColumnModel, bytes: Buffer): SqlValue {
  const rows = createRowDecoder([column]).decodeRows(bytes);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
  return rows[0][0];
}

/** `'13 04 00'` → bytes; whitespace and `|` are ignored. */
export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/[\s|]/g, ''), 'hex');
}
