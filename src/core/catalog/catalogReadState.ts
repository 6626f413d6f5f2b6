/** What the catalog readers build up together while reading one database's catalog. */
import type { DatabaseModel, ObjectName, TableModel } from '../model/types';
import { tableKey } from './catalogRows';

export interface CatalogReadState {
  model: DatabaseModel;
  /** Objects a bacpac from this tool cannot carry, one phrase each: the read stops naming all of them. */
  refusals: string[];
  /** Things left out, one sentence each, for the user. */
  warnings: string[];
  /** Rows the catalog views returned that contradict each other or the model (a catalog bug, or a schema that
   *  changed under a read-committed read), one phrase each naming the object and the view: the read stops. */
  contradictions: string[];
  /** Kept tables by sys.tables object_id (columns are matched by id within one snapshot). */
  tablesById: Map<number, TableModel>;
  /** Kept tables by `schema.table` (everything but columns is matched by name). */
  tablesByKey: Map<string, TableModel>;
  /** `schema.table` → rows according to sys.partitions (an estimate for progress). */
  rowEstimates: Map<string, number>;
  /** Tables left out on purpose (external tables): their constraints and indexes are ignored too. */
  skippedTables: Set<string>;
  /** sys.tables object_ids of those tables (their columns are not read). */
  skippedTableIds: Set<number>;
}

export function newCatalogReadState(model: DatabaseModel): CatalogReadState {
  return { model, refusals: [], warnings: [], contradictions: [], tablesById: new Map(), tablesByKey: new Map(), rowEstimates: new Map(), skippedTables: new Set(), skippedTableIds: new Set() };
}

/**
 * The kept table `o` names, or undefined: for a skipped table silently, for one sys.tables never listed with a
 * contradiction saying which view (`what`, e.g. "sys.foreign_keys returned FOREIGN KEY FK_x") named it.
 */
export function tableFor(state: CatalogReadState, o: ObjectName, what: string): TableModel | undefined {
  const table = state.tablesByKey.get(tableKey(o));
  if (!table && !state.skippedTables.has(tableKey(o))) state.contradictions.push(`${what} on table ${tableKey(o)}, which sys.tables did not list`);
  return table;
}

/** Records a contradiction unless `table` has a column `column`; true when it has. */
export function hasColumn(state: CatalogReadState, table: TableModel, column: string, what: string): boolean {
  if (table.columns.some((c) => c.name === column)) return true;
  state.contradictions.push(`${what} names column ${column}, which table ${tableKey(table)} does not have`);
  return false;
}

export function isKeptTable(state: CatalogReadState, o: ObjectName): boolean {
  return !state.skippedTables.has(tableKey(o));
}

/** The keys that occur more than once, with their counts. */
export function repeated(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const [k, n] of counts) if (n < 2) counts.delete(k);
  return counts;
}
