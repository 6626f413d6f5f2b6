/**
 * Thrown by the value codecs when one value cannot be encoded or decoded. The row encoder/decoder catches it
 * once per row (not per field, to keep the hot loop free of try/catch) and turns it into a BackupError that
 * names the column.
 */
export class BcpValueError extends Error {
  override readonly name = 'BcpValueError';
}

export function fail(message: string): never {
  throw new BcpValueError(message);
}

/** A short, safe rendering of a value for error messages (long values are cut, binaries summarised). */
export function describeValue(value: unknown): string {
  if (value === null) return 'NULL';
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object') return (value as { kind?: string }).kind === 'sql_variant' ? 'a sql_variant' : 'an object';
  return String(value);
}
