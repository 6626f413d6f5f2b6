/** Turns a value-level failure into the BackupError the rest of the app sees, naming table and column. */
import { BackupError } from '../errors';
import type { ColumnModel } from '../model/types';
import { typeText } from './layout';
import { BcpValueError } from './valueError';

export function columnError(error: unknown, column: ColumnModel, table: string | undefined, action: string, where?: string): unknown {
  if (!(error instanceof BcpValueError)) return error;
  const tablePart = table ? `table ${table}, ` : '';
  const wherePart = where ? ` (${where})` : '';
  return new BackupError(
    'format',
    `Cannot ${action} ${tablePart}column [${column.name}] ${typeText(column.type)}${wherePart}: ${error.message}`,
    { cause: error },
  );
}
