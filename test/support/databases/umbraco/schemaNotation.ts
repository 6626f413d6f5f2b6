/**
 * Turns the compact table notation of the demo schemas into a DatabaseModel, normalised the way SQL Server's
 * catalog reports it (function names in defaults lower-cased, filter predicates in parentheses).
 */
import {
  emptyDatabaseModel,
  type ColumnModel,
  type DatabaseModel,
  type IndexColumn,
  type SqlBaseType,
  type SqlType,
} from '../../../../src/core/model/types';

export type ColumnSpec = [name: string, type: string, flags?: { nn?: boolean; id?: boolean; df?: [name: string, expression: string] }];

export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  /** [constraint name, key columns, clustered (default true)] */
  pk: [name: string, columns: string[], clustered?: boolean];
  indexes?: { name: string; unique?: boolean; clustered?: boolean; columns: string[]; include?: string[]; filter?: string }[];
}

export type ForeignKeySpec = [table: string, name: string, columns: string[], refTable: string, refColumns: string[], cascade?: true];

/** `nvarchar(255)`, `nvarchar(max)`, `decimal(38,6)`, `datetime2`, … → SqlType. */
export function parseTypeText(text: string): SqlType {
  const m = /^(\w+)(?:\((max|\d+)(?:,\s*(\d+))?\))?$/i.exec(text.trim());
  if (!m) throw new Error(`Cannot read the type '${text}'`);
  const base = m[1].toLowerCase() as SqlBaseType;
  const type: SqlType = { base };
  if (base === 'decimal' || base === 'numeric') {
    type.precision = m[2] ? Number(m[2]) : 18;
    type.scale = m[3] ? Number(m[3]) : 0;
  } else if (base === 'time' || base === 'datetime2' || base === 'datetimeoffset') {
    type.scale = m[2] ? Number(m[2]) : 7;
  } else if (base === 'float') {
    const p = m[2] ? Number(m[2]) : 53;
    if (p <= 24) type.base = 'real';
    else type.precision = 53;
  } else if (m[2] === 'max') {
    type.isMax = true;
  } else if (m[2]) {
    type.length = Number(m[2]);
  } else if (['char', 'varchar', 'nchar', 'nvarchar', 'binary', 'varbinary'].includes(base)) {
    type.length = 1;
  }
  return type;
}

/** What sys.default_constraints.definition shows for a default written as in a CREATE TABLE script. */
function catalogDefault(expression: string): string {
  return expression.replace(/\b(GETDATE|GETUTCDATE|NEWID|NEWSEQUENTIALID|SYSDATETIME)\(\)/gi, (f) => f.toLowerCase());
}

function indexColumns(names: string[]): IndexColumn[] {
  return names.map((n) => (n.endsWith(' DESC') ? { name: n.slice(0, -5), descending: true } : { name: n }));
}

export function buildModel(databaseName: string, tables: TableSpec[], foreignKeys: ForeignKeySpec[]): DatabaseModel {
  const model = emptyDatabaseModel(databaseName, 'SQL_Latin1_General_CP1_CI_AS', {
    versionText:
      'Microsoft SQL Azure (RTM) - 12.0.2000.8 \n\tOct  2 2026 11:48:23 \n\tCopyright (C) 2022 Microsoft Corporation\n',
    majorVersion: 12,
    isAzureSqlDatabase: true,
  });
  model.compatibilityLevel = 160;
  const dbo = (name: string) => ({ schema: 'dbo', name });
  for (const t of tables) {
    const columns: ColumnModel[] = t.columns.map(([name, typeText, flags = {}]) => {
      const column: ColumnModel = { name, type: parseTypeText(typeText), nullable: !flags.nn };
      if (flags.id) column.identity = { seed: '1', increment: '1' };
      if (flags.df) {
        model.defaultConstraints.push({ name: flags.df[0], table: dbo(t.name), column: name, expression: catalogDefault(flags.df[1]) });
      }
      return column;
    });
    model.tables.push({ schema: 'dbo', name: t.name, columns, ansiNulls: true });
    model.primaryKeys.push({ name: t.pk[0], table: dbo(t.name), columns: indexColumns(t.pk[1]), clustered: t.pk[2] ?? true });
    for (const ix of t.indexes ?? []) {
      model.indexes.push({
        name: ix.name,
        table: dbo(t.name),
        unique: !!ix.unique,
        clustered: !!ix.clustered,
        columns: indexColumns(ix.columns),
        included: ix.include ?? [],
        filter: ix.filter === undefined ? undefined : `(${ix.filter})`,
      });
    }
  }
  for (const [table, name, columns, refTable, refColumns, cascade] of foreignKeys) {
    model.foreignKeys.push({
      name,
      table: dbo(table),
      columns,
      referencedTable: dbo(refTable),
      referencedColumns: refColumns,
      onDelete: cascade ? 'CASCADE' : 'NO_ACTION',
      onUpdate: 'NO_ACTION',
    });
  }
  return model;
}
