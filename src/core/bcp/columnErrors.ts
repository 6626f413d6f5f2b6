/** Turns a value-level failure into the BackupError the rest of the app sees, naming table, column and row. */
import { BackupError } from '../errors';
import type { ColumnModel } from '../model/types';
import { typeText } from './layout';
import { BcpValueError } from './valueError';

/**
 * A value that failed to decode (`action` 'decode') is a package fault: BackupError 'format'. One that failed to
 * encode came from the server as it is stored, so the data or the server is at fault, not this tool: BackupError
 * 'source', with a hint saying so.
 */
export function columnError(error: unknown, column: ColumnModel, table: string | undefined, action: string, where?: string): unknown {
  if (!(error instanceof BcpValueError)) return error;
  const tablePart = table ? `table ${table}, ` : '';
  const wherePart = where ? ` (${where})` : '';
  const message = `Cannot ${action} ${tablePart}column [${column.name}] ${typeText(column.type)}${wherePart}: ${error.message}`;
  if (action === 'decode') return new BackupError('format', message, { cause: error });
  return new BackupError('source', message, {
    cause: error,
    hint: 'The server sent this value, and it is outside what the column’s type can hold: the stored data or the server is at fault. Correct the value in the database, or exclude this table’s data from the backup.',
  });
}
