import type { DatabaseModel, ObjectName } from '../../../src/core/model/types';
import type { SqlRow } from '../../../src/core/bcp/values';

/** A database the test double serves: its schema, and rows that are the same every time they are asked for. */
export interface GeneratedDatabase {
  model: DatabaseModel;
  rowCount(table: ObjectName): number;
  /** The rows of a table, one value per non-computed column in model order; regenerated identically on every call. */
  rows(table: ObjectName): Iterable<SqlRow>;
}

export function tableKey(table: ObjectName): string {
  return `${table.schema}.${table.name}`;
}
