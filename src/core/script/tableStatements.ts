/**
 * Tables and what hangs off them as T-SQL statements: CREATE TABLE with columns, identity, collations, computed
 * columns, defaults and the primary key (the before-data stage), then indexes, unique, check and foreign-key
 * constraints (the after-data stage). Constraints that were trusted are created WITH CHECK, so the server
 * validates the loaded rows; untrusted ones are created WITH NOCHECK and disabled ones disabled again, as they were.
 * System-named constraints (no name in the package) are created without a name, so the server names them again.
 */
import {
  quoteName,
  type CheckConstraint,
  type ColumnModel,
  type DefaultConstraint,
  type ForeignKeyConstraint,
  type IndexColumn,
  type IndexModel,
  type KeyConstraint,
  type ObjectName,
  type TableModel,
  type XmlIndexModel,
} from '../model/types';
import { typeDeclaration } from './typeDeclaration';

function tableName(t: ObjectName): string {
  return quoteName(t.schema, t.name);
}

function keyColumns(columns: readonly IndexColumn[]): string {
  return columns.map((c) => `${quoteName(c.name)} ${c.descending ? 'DESC' : 'ASC'}`).join(', ');
}

function constraintPrefix(c: { name: string; systemNamed?: boolean }): string {
  return c.systemNamed ? '' : `CONSTRAINT ${quoteName(c.name)} `;
}

function columnDefinition(column: ColumnModel, defaults: readonly DefaultConstraint[]): string {
  const name = quoteName(column.name);
  if (column.computed) {
    const persisted = column.computed.persisted ? ` PERSISTED${column.computed.persistedNotNull ? ' NOT NULL' : ''}` : '';
    return `${name} AS ${column.computed.expression}${persisted}`;
  }
  const parts = [name, typeDeclaration(column.type)];
  if (column.collation) parts.push(`COLLATE ${column.collation}`);
  if (column.identity) {
    parts.push(`IDENTITY(${column.identity.seed}, ${column.identity.increment})${column.identity.notForReplication ? ' NOT FOR REPLICATION' : ''}`);
  }
  if (column.isRowGuidCol) parts.push('ROWGUIDCOL');
  parts.push(column.nullable ? 'NULL' : 'NOT NULL');
  for (const d of defaults) parts.push(`${constraintPrefix(d)}DEFAULT ${d.expression}`);
  return parts.join(' ');
}

function keyConstraintClause(key: KeyConstraint, kind: 'PRIMARY KEY' | 'UNIQUE'): string {
  return `${constraintPrefix(key)}${kind} ${key.clustered ? 'CLUSTERED' : 'NONCLUSTERED'} (${keyColumns(key.columns)})`;
}

export interface TableParts {
  table: TableModel;
  primaryKey?: KeyConstraint;
  defaults: readonly DefaultConstraint[];
}

export function createTableStatement({ table, primaryKey, defaults }: TableParts): string {
  const lines = table.columns.map((c) => '    ' + columnDefinition(c, defaults.filter((d) => d.column.toLowerCase() === c.name.toLowerCase())));
  if (primaryKey) lines.push('    ' + keyConstraintClause(primaryKey, 'PRIMARY KEY'));
  return `CREATE TABLE ${tableName(table)} (\n${lines.join(',\n')}\n);`;
}

export function addUniqueConstraintStatement(key: KeyConstraint): string {
  return `ALTER TABLE ${tableName(key.table)} ADD ${keyConstraintClause(key, 'UNIQUE')};`;
}

export function createIndexStatement(index: IndexModel): string {
  const kind = `${index.unique ? 'UNIQUE ' : ''}${index.clustered ? 'CLUSTERED' : 'NONCLUSTERED'}`;
  const include = index.included.length > 0 ? ` INCLUDE (${index.included.map((c) => quoteName(c)).join(', ')})` : '';
  const filter = index.filter ? ` WHERE ${index.filter}` : '';
  return `CREATE ${kind} INDEX ${quoteName(index.name)} ON ${tableName(index.table)} (${keyColumns(index.columns)})${include}${filter};`;
}

export function createXmlIndexStatement(index: XmlIndexModel): string {
  return `CREATE PRIMARY XML INDEX ${quoteName(index.name)} ON ${tableName(index.table)} (${quoteName(index.column)});`;
}

function checkMode(c: { notTrusted?: boolean; disabled?: boolean }): string {
  return c.notTrusted || c.disabled ? 'WITH NOCHECK' : 'WITH CHECK';
}

function disableStatement(table: ObjectName, name: string): string {
  return `ALTER TABLE ${tableName(table)} NOCHECK CONSTRAINT ${quoteName(name)};`;
}

/** ADD CHECK, then NOCHECK when it was disabled (a system-named one cannot be disabled by name: it gets a new name). */
export function checkConstraintStatements(check: CheckConstraint): string[] {
  const nfr = check.notForReplication ? ' NOT FOR REPLICATION' : '';
  const add = `ALTER TABLE ${tableName(check.table)} ${checkMode(check)} ADD ${constraintPrefix(check)}CHECK${nfr} (${check.expression});`;
  return check.disabled && !check.systemNamed ? [add, disableStatement(check.table, check.name)] : [add];
}

const actionText: Record<ForeignKeyConstraint['onDelete'], string> = {
  NO_ACTION: 'NO ACTION', CASCADE: 'CASCADE', SET_NULL: 'SET NULL', SET_DEFAULT: 'SET DEFAULT',
};

export function foreignKeyStatements(fk: ForeignKeyConstraint): string[] {
  const columns = fk.columns.map((c) => quoteName(c)).join(', ');
  const referenced = fk.referencedColumns.map((c) => quoteName(c)).join(', ');
  const actions = [
    fk.onDelete !== 'NO_ACTION' ? ` ON DELETE ${actionText[fk.onDelete]}` : '',
    fk.onUpdate !== 'NO_ACTION' ? ` ON UPDATE ${actionText[fk.onUpdate]}` : '',
    fk.notForReplication ? ' NOT FOR REPLICATION' : '',
  ].join('');
  const add = `ALTER TABLE ${tableName(fk.table)} ${checkMode(fk)} ADD ${constraintPrefix(fk)}FOREIGN KEY (${columns}) REFERENCES ${tableName(fk.referencedTable)} (${referenced})${actions};`;
  return fk.disabled && !fk.systemNamed ? [add, disableStatement(fk.table, fk.name)] : [add];
}
