/**
 * Makes two rows comparable with deepEqual: binary as hex (a Buffer and a Uint8Array with the same bytes are
 * equal), bigint as text, and sql_variant values in the form DacFx stores them (src/core/bcp/sqlVariantCodec.ts):
 * temporal variants at scale 7, var-length variants with their own length as max length. Nothing else is
 * normalised: values must match exactly, text for text.
 */
import type { SqlRow, SqlValue, SqlVariant } from '../../../src/core/bcp';
import type { ColumnModel } from '../../../src/core/model/types';

export function canonicalValue(v: SqlValue): unknown {
  if (v instanceof Uint8Array) return `0x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  if (typeof v === 'bigint') return `${v}n`;
  if (v !== null && typeof v === 'object' && 'kind' in v) return canonicalVariant(v);
  return v;
}

function canonicalVariant(v: SqlVariant): unknown {
  const out: Record<string, unknown> = { ...v, value: canonicalValue(v.value), collation: v.collation && canonicalValue(v.collation) };
  if (v.baseType === 'time' || v.baseType === 'datetime2' || v.baseType === 'datetimeoffset') {
    out.scale = 7;
    out.value = String(v.value).replace(/(\d{2}:\d{2}:\d{2})(?:\.(\d*))?/, (_, hms: string, fraction = '') => `${hms}.${fraction.padEnd(7, '0')}`);
  }
  if (v.baseType === 'varchar' || v.baseType === 'nvarchar' || v.baseType === 'varbinary') delete out.maxLength;
  return out;
}

export function canonicalRow(row: SqlRow | undefined, columns: readonly ColumnModel[]): Record<string, unknown> | undefined {
  if (!row) return undefined;
  const out: Record<string, unknown> = {};
  columns.filter((c) => !c.computed).forEach((c, i) => (out[c.name] = canonicalValue(row[i])));
  return out;
}
