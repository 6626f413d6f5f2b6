/** PRIMARY KEY, UNIQUE, FOREIGN KEY, DEFAULT and CHECK constraints and indexes from the catalog. */
import type { CheckConstraint, ForeignKeyConstraint, IndexModel, KeyConstraint, ReferentialAction } from '../model/types';
import { isKeptTable, type CatalogReadState } from './catalogReadState';
import { bool, code, num, objectName, optStr, sortByOrdinal, str, tableKey, type Row } from './catalogRows';

const referentialActions: ReferentialAction[] = ['NO_ACTION', 'CASCADE', 'SET_NULL', 'SET_DEFAULT'];

/** `cdb:catalog:key-constraints`: one row per key column. */
export function readKeyConstraints(state: CatalogReadState, rows: Row[]): void {
  const keys = new Map<string, { kind: string; constraint: KeyConstraint; ordinals: number[] }>();
  for (const row of rows) {
    const table = objectName(row, 'schema_name', 'table_name');
    const id = `${tableKey(table)}\u0000${str(row, 'constraint_name')}`;
    let entry = keys.get(id);
    if (!entry) {
      entry = { kind: code(row, 'constraint_type'), constraint: { name: str(row, 'constraint_name'), table, columns: [], clustered: bool(row, 'is_clustered') }, ordinals: [] };
      keys.set(id, entry);
    }
    entry.constraint.columns.push(bool(row, 'is_descending_key') ? { name: str(row, 'column_name'), descending: true } : { name: str(row, 'column_name') });
    entry.ordinals.push(num(row, 'key_ordinal'));
  }
  for (const { kind, constraint, ordinals } of keys.values()) {
    constraint.columns = sortByOrdinal(constraint.columns, ordinals);
    (kind === 'PK' ? state.model.primaryKeys : state.model.uniqueConstraints).push(constraint);
  }
}

/** `cdb:catalog:foreign-keys`: one row per column pair. */
export function readForeignKeys(state: CatalogReadState, rows: Row[]): void {
  const fks = new Map<string, { fk: ForeignKeyConstraint; ordinals: number[] }>();
  for (const row of rows) {
    const table = objectName(row, 'schema_name', 'table_name');
    const id = `${tableKey(table)}\u0000${str(row, 'constraint_name')}`;
    let entry = fks.get(id);
    if (!entry) {
      const fk: ForeignKeyConstraint = {
        name: str(row, 'constraint_name'), table, columns: [],
        referencedTable: objectName(row, 'referenced_schema_name', 'referenced_table_name'), referencedColumns: [],
        onDelete: referentialActions[num(row, 'delete_referential_action')] ?? 'NO_ACTION',
        onUpdate: referentialActions[num(row, 'update_referential_action')] ?? 'NO_ACTION',
      };
      if (bool(row, 'is_not_trusted')) fk.notTrusted = true;
      if (bool(row, 'is_disabled')) fk.disabled = true;
      if (bool(row, 'is_not_for_replication')) fk.notForReplication = true;
      entry = { fk, ordinals: [] };
      fks.set(id, entry);
    }
    entry.fk.columns.push(str(row, 'column_name'));
    entry.fk.referencedColumns.push(str(row, 'referenced_column_name'));
    entry.ordinals.push(num(row, 'constraint_column_id'));
  }
  for (const { fk, ordinals } of fks.values()) {
    fk.columns = sortByOrdinal(fk.columns, ordinals);
    fk.referencedColumns = sortByOrdinal(fk.referencedColumns, ordinals);
    if (isKeptTable(state, fk.table)) state.model.foreignKeys.push(fk);
  }
}

/** `cdb:catalog:default-constraints`. */
export function readDefaultConstraints(state: CatalogReadState, rows: Row[]): void {
  for (const row of rows) {
    state.model.defaultConstraints.push({
      name: str(row, 'constraint_name'), table: objectName(row, 'schema_name', 'table_name'),
      column: str(row, 'column_name'), expression: str(row, 'definition'),
    });
  }
}

/** `cdb:catalog:check-constraints`: `column_name` is set for column-level checks only. */
export function readCheckConstraints(state: CatalogReadState, rows: Row[]): void {
  for (const row of rows) {
    const check: CheckConstraint = { name: str(row, 'constraint_name'), table: objectName(row, 'schema_name', 'table_name'), expression: str(row, 'definition') };
    const column = optStr(row, 'column_name');
    if (column !== undefined) check.column = column;
    if (bool(row, 'is_not_trusted')) check.notTrusted = true;
    if (bool(row, 'is_disabled')) check.disabled = true;
    if (bool(row, 'is_not_for_replication')) check.notForReplication = true;
    state.model.checkConstraints.push(check);
  }
}

/** `cdb:catalog:indexes`: one row per index column; kinds the model cannot hold are skipped with a warning. */
export function readIndexes(state: CatalogReadState, rows: Row[]): void {
  const indexes = new Map<string, { index: IndexModel; keyOrdinals: number[]; includedOrder: number[] }>();
  const skippedIndexes = new Set<string>();
  for (const row of rows) {
    const table = objectName(row, 'schema_name', 'object_name');
    const indexName = optStr(row, 'index_name') ?? `#${num(row, 'index_id')}`;
    const id = `${tableKey(table)}\u0000${indexName}`;
    const indexType = num(row, 'index_type');
    if (indexType !== 1 && indexType !== 2) {
      if (!skippedIndexes.has(id) && isKeptTable(state, table)) {
        skippedIndexes.add(id);
        const kind = (optStr(row, 'index_type_desc') ?? `type ${indexType}`).toLowerCase().replace(/_/g, ' ');
        state.warnings.push(`The ${kind} index ${indexName} on ${tableKey(table)} was skipped: this kind of index is not supported; the data is included, create the index again after the import.`);
      }
      continue;
    }
    let entry = indexes.get(id);
    if (!entry) {
      const index: IndexModel = { name: indexName, table, unique: bool(row, 'is_unique'), clustered: indexType === 1, columns: [], included: [] };
      const filter = bool(row, 'has_filter') ? optStr(row, 'filter_definition') : undefined;
      if (filter !== undefined) index.filter = filter;
      entry = { index, keyOrdinals: [], includedOrder: [] };
      indexes.set(id, entry);
    }
    const column = optStr(row, 'column_name');
    if (column === undefined) continue;
    if (bool(row, 'is_included_column')) {
      entry.index.included.push(column);
      entry.includedOrder.push(num(row, 'index_column_id'));
    } else if (num(row, 'key_ordinal') > 0) {
      entry.index.columns.push(bool(row, 'is_descending_key') ? { name: column, descending: true } : { name: column });
      entry.keyOrdinals.push(num(row, 'key_ordinal'));
    }
  }
  for (const { index, keyOrdinals, includedOrder } of indexes.values()) {
    index.columns = sortByOrdinal(index.columns, keyOrdinals);
    index.included = sortByOrdinal(index.included, includedOrder);
    if (isKeptTable(state, index.table)) state.model.indexes.push(index);
  }
}
