/**
 * PRIMARY KEY, UNIQUE, FOREIGN KEY, DEFAULT and CHECK constraints and indexes from the catalog, each checked
 * against the tables and columns already read: a row that names a table or column sys.tables/sys.columns did
 * not return, or repeats itself, is a contradiction (model.xml would reference a missing element or hold one
 * twice, and DacFx refuses both).
 */
import type { CheckConstraint, ForeignKeyConstraint, IndexModel, KeyConstraint, ObjectName, ReferentialAction } from '../model/types';
import { hasColumn, repeated, tableFor, type CatalogReadState } from './catalogReadState';
import { bool, code, num, objectName, optStr, sortByOrdinal, str, tableKey, type Row } from './catalogRows';

const referentialActions: ReferentialAction[] = ['NO_ACTION', 'CASCADE', 'SET_NULL', 'SET_DEFAULT'];
const keyKindNames: Record<string, string> = { PK: 'PRIMARY KEY', UQ: 'UNIQUE constraint' };

/** Records a contradiction for each name listed more than once in one key or index; true when there is none. */
function distinctColumns(state: CatalogReadState, names: string[], what: string): boolean {
  for (const [name, times] of repeated(names)) state.contradictions.push(`${what} lists column ${name} ${times} times`);
  return repeated(names).size === 0;
}

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
  const primaryKeyTables = new Set<string>();
  for (const { kind, constraint, ordinals } of keys.values()) {
    const what = `sys.key_constraints returned ${keyKindNames[kind] ?? kind} ${constraint.name}`;
    const table = tableFor(state, constraint.table, what);
    if (!table) continue;
    const columns = constraint.columns.map((c) => c.name);
    if (!distinctColumns(state, columns, what) || !columns.every((c) => hasColumn(state, table, c, what))) continue;
    if (kind === 'PK') {
      if (primaryKeyTables.has(tableKey(table))) state.contradictions.push(`sys.key_constraints returned more than one PRIMARY KEY for table ${tableKey(table)}`);
      primaryKeyTables.add(tableKey(table));
    }
    constraint.columns = sortByOrdinal(constraint.columns, ordinals);
    (kind === 'PK' ? state.model.primaryKeys : state.model.uniqueConstraints).push(constraint);
  }
}

/**
 * `cdb:catalog:key-indexes`: the indexes sys.indexes marks as PRIMARY KEY or UNIQUE constraint, against the
 * key constraints read from sys.key_constraints (a key's index has the constraint's name). A catalog whose
 * key_constraints view lost rows would otherwise give a backup without its primary keys.
 */
export function checkKeyIndexes(state: CatalogReadState, rows: Row[]): void {
  const constraints = new Map<string, string>();
  for (const k of state.model.primaryKeys) constraints.set(`${tableKey(k.table)}\u0000${k.name}`, 'PK');
  for (const k of state.model.uniqueConstraints) constraints.set(`${tableKey(k.table)}\u0000${k.name}`, 'UQ');
  const indexed = new Set<string>();
  for (const row of rows) {
    const table = objectName(row, 'schema_name', 'table_name');
    if (!state.tablesByKey.has(tableKey(table))) continue;
    const name = str(row, 'index_name');
    const kind = bool(row, 'is_primary_key') ? 'PK' : 'UQ';
    const id = `${tableKey(table)}\u0000${name}`;
    indexed.add(id);
    const found = constraints.get(id);
    if (found !== kind) {
      state.contradictions.push(`sys.indexes marks index ${name} on table ${tableKey(table)} as a ${keyKindNames[kind]}, but sys.key_constraints ${found ? `calls it a ${keyKindNames[found]}` : 'has no such constraint'}`);
    }
  }
  for (const [id, kind] of constraints) {
    if (indexed.has(id)) continue;
    const [table, name] = id.split('\u0000');
    state.contradictions.push(`sys.key_constraints returned ${keyKindNames[kind]} ${name} on table ${table}, but sys.indexes marks no index of that name as one`);
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
    const what = `sys.foreign_keys returned FOREIGN KEY ${fk.name}`;
    const table = tableFor(state, fk.table, what);
    const referenced = tableFor(state, fk.referencedTable, `${what} referencing a table`);
    if (!table || !referenced) continue;
    for (const [ordinal, times] of repeated(ordinals.map(String))) {
      state.contradictions.push(`sys.foreign_key_columns returned column pair ${ordinal} of FOREIGN KEY ${fk.name} on table ${tableKey(table)} ${times} times`);
    }
    if (repeated(ordinals.map(String)).size > 0) continue;
    if (!fk.columns.every((c) => hasColumn(state, table, c, what)) || !fk.referencedColumns.every((c) => hasColumn(state, referenced, c, what))) continue;
    fk.columns = sortByOrdinal(fk.columns, ordinals);
    fk.referencedColumns = sortByOrdinal(fk.referencedColumns, ordinals);
    state.model.foreignKeys.push(fk);
  }
}

/** `cdb:catalog:default-constraints`: at most one per column. */
export function readDefaultConstraints(state: CatalogReadState, rows: Row[]): void {
  const columnsWithDefault = new Set<string>();
  for (const row of rows) {
    const name = str(row, 'constraint_name');
    const what = `sys.default_constraints returned DEFAULT ${name}`;
    const table = tableFor(state, objectName(row, 'schema_name', 'table_name'), what);
    const column = str(row, 'column_name');
    if (!table || !hasColumn(state, table, column, what)) continue;
    const columnKey = `${tableKey(table)}.${column}`;
    if (columnsWithDefault.has(columnKey)) {
      state.contradictions.push(`sys.default_constraints returned more than one DEFAULT for column ${columnKey}`);
      continue;
    }
    columnsWithDefault.add(columnKey);
    state.model.defaultConstraints.push({ name, table: { schema: table.schema, name: table.name }, column, expression: str(row, 'definition') });
  }
}

/** `cdb:catalog:check-constraints`: `column_name` is set for column-level checks only. */
export function readCheckConstraints(state: CatalogReadState, rows: Row[]): void {
  for (const row of rows) {
    const check: CheckConstraint = { name: str(row, 'constraint_name'), table: objectName(row, 'schema_name', 'table_name'), expression: str(row, 'definition') };
    const what = `sys.check_constraints returned CHECK ${check.name}`;
    const table = tableFor(state, check.table, what);
    const column = optStr(row, 'column_name');
    if (!table || (column !== undefined && !hasColumn(state, table, column, what))) continue;
    if (column !== undefined) check.column = column;
    if (bool(row, 'is_not_trusted')) check.notTrusted = true;
    if (bool(row, 'is_disabled')) check.disabled = true;
    if (bool(row, 'is_not_for_replication')) check.notForReplication = true;
    state.model.checkConstraints.push(check);
  }
}

/** `cdb:catalog:indexes`: one row per index column; kinds the model cannot hold are skipped with a warning. */
export function readIndexes(state: CatalogReadState, rows: Row[]): void {
  const indexes = new Map<string, { index: IndexModel; indexId: number; keyOrdinals: number[]; includedOrder: number[] }>();
  const skippedIndexes = new Set<string>();
  for (const row of rows) {
    const table = objectName(row, 'schema_name', 'object_name');
    const indexName = optStr(row, 'index_name') ?? `#${num(row, 'index_id')}`;
    const id = `${tableKey(table)}\u0000${indexName}`;
    const indexType = num(row, 'index_type');
    if (indexType !== 1 && indexType !== 2) {
      if (!skippedIndexes.has(id) && !state.skippedTables.has(tableKey(table))) {
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
      entry = { index, indexId: num(row, 'index_id'), keyOrdinals: [], includedOrder: [] };
      indexes.set(id, entry);
    } else if (entry.indexId !== num(row, 'index_id')) {
      state.contradictions.push(`sys.indexes returned two indexes named ${indexName} on ${tableKey(table)}`);
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
    if (state.skippedTables.has(tableKey(index.table))) continue;
    const what = `sys.indexes returned index ${index.name} on ${tableKey(index.table)}, and sys.index_columns`;
    if (!distinctColumns(state, [...index.columns.map((c) => c.name), ...index.included], what)) continue;
    const table = state.tablesByKey.get(tableKey(index.table));
    // Indexes on views are checked against the views once the modules are read (checkViewIndexes).
    if (table && ![...index.columns.map((c) => c.name), ...index.included].every((c) => hasColumn(state, table, c, what))) continue;
    index.columns = sortByOrdinal(index.columns, keyOrdinals);
    index.included = sortByOrdinal(index.included, includedOrder);
    state.model.indexes.push(index);
  }
}

/** After the modules are read: every index is on a table or a view the model holds. */
export function checkViewIndexes(state: CatalogReadState): void {
  const views = new Set(state.model.modules.filter((m) => m.kind === 'view').map((m) => tableKey(m)));
  const onSomething = (o: ObjectName) => state.tablesByKey.has(tableKey(o)) || views.has(tableKey(o));
  for (const index of state.model.indexes.filter((i) => !onSomething(i.table))) {
    state.contradictions.push(`sys.indexes returned index ${index.name} on ${tableKey(index.table)}, which is neither a table nor a view sys.tables or sys.sql_modules listed`);
  }
  state.model.indexes = state.model.indexes.filter((i) => onSomething(i.table));
}
