/** Tables and their columns from the catalog: which tables are kept, refused or skipped, and each column's type. */
import type { ColumnModel, ObjectName, TableModel } from '../model/types';
import { dataFolderName, dataFolderProblem } from '../package/partNames';
import { repeated, type CatalogReadState } from './catalogReadState';
import { bool, num, objectName, optNum, optStr, str, tableKey, type Row } from './catalogRows';
import { baseTypeFromCatalogName, sqlTypeFromCatalog } from './catalogTypes';

/** `cdb:catalog:tables`: decides per table whether it is kept, refused or skipped. */
export function readTables(state: CatalogReadState, rows: Row[]): void {
  const { model, refusals } = state;
  const seenIds = new Set<number>();
  const seenNames = new Set<string>();
  for (const row of rows) {
    const name = objectName(row, 'schema_name', 'table_name');
    const key = tableKey(name);
    const objectId = num(row, 'object_id');
    if (seenIds.has(objectId) || seenNames.has(key)) {
      state.contradictions.push(`sys.tables returned table ${key} more than once`);
      continue;
    }
    seenIds.add(objectId);
    seenNames.add(key);
    const temporal = num(row, 'temporal_type');
    if (bool(row, 'is_external')) {
      state.warnings.push(`External table ${key} was skipped: it holds no local data; create it again on the target if needed.`);
      state.skippedTables.add(key);
      state.skippedTableIds.add(objectId);
      continue;
    }
    if (bool(row, 'is_memory_optimized')) refusals.push(`memory-optimized table ${key}`);
    else if (temporal === 2) refusals.push(`system-versioned temporal table ${key}`);
    else if (temporal === 1) refusals.push(`temporal history table ${key}`);
    else if (bool(row, 'is_node') || bool(row, 'is_edge')) refusals.push(`graph table ${key}`);
    else if (bool(row, 'is_filetable')) refusals.push(`FileTable ${key}`);
    const table: TableModel = { schema: name.schema, name: name.name, columns: [], ansiNulls: bool(row, 'uses_ansi_nulls') };
    state.tablesById.set(objectId, table);
    state.tablesByKey.set(key, table);
    model.tables.push(table);
    state.rowEstimates.set(key, num(row, 'row_estimate'));
  }
}

/** The columns query reads sys.columns joined with these; a repeated row means one of them matched twice. */
const columnsViews = 'sys.columns (joined with sys.types, sys.identity_columns and sys.computed_columns)';

/** `cdb:catalog:columns`: every column of the kept tables, in column_id order. */
export function readColumns(state: CatalogReadState, rows: Row[]): void {
  const { model, refusals, contradictions } = state;
  const columnRows = [...rows].sort((a, b) => num(a, 'object_id') - num(b, 'object_id') || num(a, 'column_id') - num(b, 'column_id'));
  const rowCounts = repeated(columnRows.map((r) => `${num(r, 'object_id')}:${num(r, 'column_id')}`));
  const seen = new Set<string>();
  for (const row of columnRows) {
    const objectId = num(row, 'object_id');
    const table = state.tablesById.get(objectId);
    if (!table) {
      if (!state.skippedTableIds.has(objectId)) {
        contradictions.push(`${columnsViews} returned column ${str(row, 'column_name')} of object ${objectId}, a table sys.tables did not list`);
      }
      continue;
    }
    const columnLabel = `column ${table.schema}.${table.name}.${str(row, 'column_name')}`;
    const rowKey = `${objectId}:${num(row, 'column_id')}`;
    if (seen.has(rowKey)) continue;
    seen.add(rowKey);
    const times = rowCounts.get(rowKey);
    if (times !== undefined) {
      contradictions.push(`${columnsViews} returned ${columnLabel} ${times} times`);
      continue;
    }
    if (table.columns.some((c) => c.name === str(row, 'column_name'))) {
      contradictions.push(`sys.columns returned two columns named ${str(row, 'column_name')} in table ${tableKey(table)}`);
      continue;
    }
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
      if (optStr(row, 'identity_seed') === undefined) contradictions.push(`sys.identity_columns has no row for the identity ${columnLabel}`);
      else if (table.columns.some((c) => c.identity)) contradictions.push(`sys.columns marks more than one identity column in table ${tableKey(table)}, which SQL Server allows only once`);
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
  const tablesWithColumns = new Set(columnRows.map((r) => num(r, 'object_id')));
  for (const [objectId, table] of state.tablesById) {
    if (!tablesWithColumns.has(objectId)) contradictions.push(`sys.columns returned no columns for table ${tableKey(table)}`);
  }
}

/**
 * Tables whose data a bacpac cannot carry under their name (bacpac-format.md §2.6): a name with `/`, `\`, a
 * control character or a trailing `.`, and tables whose data folders differ only in case (OPC part names
 * compare case-insensitively). Found here, all at once, rather than one by one when the data is reached;
 * `dataExcluded` tables need no folder.
 */
export function checkDataFolderNames(state: CatalogReadState, dataExcluded: (table: ObjectName) => boolean): string[] {
  const problems: string[] = [];
  const byFolder = new Map<string, TableModel[]>();
  for (const table of state.model.tables) {
    if (dataExcluded(table)) continue;
    const problem = dataFolderProblem(table.schema, table.name);
    if (problem) {
      problems.push(`table [${table.schema}].[${table.name}]: its name ${problem}`);
      continue;
    }
    const folder = dataFolderName(table.schema, table.name).toUpperCase();
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), table]);
  }
  for (const tables of byFolder.values()) {
    if (tables.length > 1) problems.push(`tables ${tables.map((t) => `[${t.schema}].[${t.name}]`).join(' and ')}: their names differ only in case, and a bacpac’s part names do not`);
  }
  return problems;
}
