/**
 * Makes two rows comparable with deepEqual: binary as hex (a Buffer and a Uint8Array with the same bytes are
 * equal), bigint as text. Nothing else is normalised: values must match exactly, text for text.
 */
import type { SqlRow, SqlValue } from '../../../src/core/bcp';
import type { ColumnModel } from '../../../src/core/model/types';

export function canonicalValue(v: SqlValue): unknown {
  if (v instanceof Uint8Array) return `0x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  if (typeof v === 'bigint') return `${v}n`;
  if (v !== null && typeof v === 'object' && 'kind' in v) return { ...v, value: canonicalValue(v.value), collation: v.collation && canonicalValue(v.collation) };
  return v;
}

export function canonicalRow(row: SqlRow | undefined, columns: readonly ColumnModel[]): Record<string, unknown> | undefined {
  if (!row) return undefined;
  const out: Record<string, unknown> = {};
  columns.filter((c) => !c.computed).forEach((c, i) => (out[c.name] = canonicalValue(row[i])));
  return out;
}
