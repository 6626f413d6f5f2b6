/** What the catalog readers build up together while reading one database's catalog. */
import type { DatabaseModel, ObjectName, TableModel } from '../model/types';
import { tableKey } from './catalogRows';

export interface CatalogReadState {
  model: DatabaseModel;
  /** Objects a bacpac from this tool cannot carry, one phrase each: the read stops naming all of them. */
  refusals: string[];
  /** Things left out, one sentence each, for the user. */
  warnings: string[];
  /** Kept tables by sys.tables object_id (columns are matched by id within one snapshot). */
  tablesById: Map<number, TableModel>;
  /** `schema.table` → rows according to sys.partitions (an estimate for progress). */
  rowEstimates: Map<string, number>;
  /** Tables left out on purpose (external tables): their constraints and indexes are ignored too. */
  skippedTables: Set<string>;
}

export function newCatalogReadState(model: DatabaseModel): CatalogReadState {
  return { model, refusals: [], warnings: [], tablesById: new Map(), rowEstimates: new Map(), skippedTables: new Set() };
}

export function isKeptTable(state: CatalogReadState, o: ObjectName): boolean {
  return !state.skippedTables.has(tableKey(o));
}
