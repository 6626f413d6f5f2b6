/** Tables and their columns from the catalog: which tables are kept, refused or skipped, and each column's type. */
import type { ColumnModel, TableModel } from '../model/types';
import type { CatalogReadState } from './catalogReadState';
import { bool, num, objectName, optNum, optStr, str, tableKey, type Row } from './catalogRows';
import { baseTypeFromCatalogName, sqlTypeFromCatalog } from './catalogTypes';

/** `cdb:catalog:tables`: decides per table whether it is kept, refused or skipped. */
export function readTables(state: CatalogReadState, rows: Row[]): void {
  const { model, refusals } = state;
  for (const row of rows) {
    const name = objectName(row, 'schema_name', 'table_name');
    const key = tableKey(name);
    const temporal = num(row, 'temporal_type');
    if (bool(row, 'is_external')) {
      state.warnings.push(`External table ${key} was skipped: it holds no local data; create it again on the target if needed.`);
      state.skippedTables.add(key);
      continue;
    }
    if (bool(row, 'is_memory_optimized')) refusals.push(`memory-optimized table ${key}`);
    else if (temporal === 2) refusals.push(`system-versioned temporal table ${key}`);
    else if (temporal === 1) refusals.push(`temporal history table ${key}`);
    else if (bool(row, 'is_node') || bool(row, 'is_edge')) refusals.push(`graph table ${key}`);
    else if (bool(row, 'is_filetable')) refusals.push(`FileTable ${key}`);
    const table: TableModel = { schema: name.schema, name: name.name, columns: [], ansiNulls: bool(row, 'uses_ansi_nulls') };
    state.tablesById.set(num(row, 'object_id'), table);
    model.tables.push(table);
    state.rowEstimates.set(key, num(row, 'row_estimate'));
  }
}

/** `cdb:catalog:columns`: every column of the kept tables, in column_id order. */
export function readColumns(state: CatalogReadState, rows: Row[]): void {
  const { model, refusals } = state;
  const columnRows = [...rows].sort((a, b) => num(a, 'object_id') - num(b, 'object_id') || num(a, 'column_id') - num(b, 'column_id'));
  for (const row of columnRows) {
    const table = state.tablesById.get(num(row, 'object_id'));
    if (!table) continue;
    const columnLabel = `column ${table.schema}.${table.name}.${str(row, 'column_name')}`;
    if (bool(row, 'is_column_set')) refusals.push(`column set ${columnLabel.slice(7)}`);
    else if (bool(row, 'is_sparse')) refusals.push(`sparse ${columnLabel}`);
    if (optNum(row, 'encryption_type') !== undefined) refusals.push(`Always Encrypted ${columnLabel}`);
    const baseName = optStr(row, 'base_type_name') ?? optStr(row, 'type_name') ?? '?';
    const base = baseTypeFromCatalogName(baseName);
    if (!base) {
      refusals.push(`${columnLabel} of type ${baseName}`);
      continue;
    }
    const type = sqlTypeFromCatalog(base, num(row, 'max_length'), num(row, 'precision'), num(row, 'scale'));
    if (bool(row, 'type_is_user_defined') && !['geography', 'geometry', 'hierarchyid'].includes(base)) {
      type.userType = objectName(row, 'type_schema_name', 'type_name');
    }
    const xmlSchema = optStr(row, 'xml_collection_name');
    if (xmlSchema !== undefined) type.xmlSchemaCollection = { schema: str(row, 'xml_collection_schema_name'), name: xmlSchema };
    const column: ColumnModel = { name: str(row, 'column_name'), type, nullable: bool(row, 'is_nullable') };
    if (bool(row, 'is_identity')) {
      column.identity = { seed: optStr(row, 'identity_seed') ?? '1', increment: optStr(row, 'identity_increment') ?? '1' };
      const last = optStr(row, 'identity_last_value');
      if (last !== undefined) column.identity.lastValue = last;
      if (bool(row, 'identity_not_for_replication')) column.identity.notForReplication = true;
    }
    if (bool(row, 'is_rowguidcol')) column.isRowGuidCol = true;
    const collation = optStr(row, 'collation_name');
    if (collation !== undefined && collation !== model.collation) column.collation = collation;
    if (bool(row, 'is_computed')) {
      const persisted = bool(row, 'computed_is_persisted');
      column.computed = { expression: optStr(row, 'computed_definition') ?? '', persisted };
      if (persisted && !column.nullable) column.computed.persistedNotNull = true;
    }
    table.columns.push(column);
  }
}
