/**
 * The double's answers to the catalog queries of src/core/catalog/queries.ts, built from a DatabaseModel:
 * the rows the sys.* views would give for that database, with the column names and types the queries'
 * select lists produce (sysname = nvarchar(128), object ids int, flags bit, max_length smallint, …).
 */
import type { SqlRow, SqlValue } from '../../../../src/core/bcp/values';
import { catalogMaxLength } from '../../../../src/core/catalog/catalogTypes';
import type {
  ColumnModel, DatabaseModel, ExtendedPropertyModel, ObjectName, SqlBaseType, SqlType, TableModel,
} from '../../../../src/core/model/types';
import type { ResultColumn, ResultSet } from '../server';
import type { SecurityExtras } from './securityAnswers';

/** Objects the model cannot express, for tests of the refuse/skip rules: extra rows for the catalog answers. */
export interface CatalogExtras {
  /** Rows of `cdb:catalog:unsupported-objects` (kind as in queries.ts, e.g. 'clr-assembly'). */
  unsupportedObjects?: { kind: string; schema?: string; name: string }[];
  /** Table flags by `schema.table` (tables the model holds, or extra ones listed in `extraTables`). */
  tableFlags?: Record<string, Partial<{ isMemoryOptimized: boolean; temporalType: number; isExternal: boolean; isNode: boolean; isEdge: boolean; isFileTable: boolean }>>;
  /** Column flags by `schema.table.column`. */
  columnFlags?: Record<string, Partial<{ isSparse: boolean; isColumnSet: boolean; encryptionType: number; baseTypeName: string }>>;
  /** Non-clustered index kinds the model cannot hold (XML, spatial, columnstore): reported by the indexes query. */
  extraIndexes?: { table: ObjectName; name: string; type: number; typeDesc: string; column?: string }[];
  /** Row estimates by `schema.table` (default: the row count the responder was given). */
  rowEstimates?: Record<string, number>;
  sizeKb?: number;
  /** Rewrites one catalog query's answer, as a server with buggy catalog views would (keyed by the query's
   *  name in catalogQueries, e.g. `columns`). */
  rewrite?: Partial<Record<string, (answer: ResultSet) => ResultSet>>;
  /** Principals, permissions and options the model cannot hold (securityAnswers.ts). */
  security?: SecurityExtras;
}

type ColumnSpec = [name: string, type: SqlType, nullable?: boolean];

const sysname: SqlType = { base: 'nvarchar', length: 128 };
const int: SqlType = { base: 'int' };
const smallint: SqlType = { base: 'smallint' };
const tinyint: SqlType = { base: 'tinyint' };
const bigint: SqlType = { base: 'bigint' };
const bit: SqlType = { base: 'bit' };
const char2: SqlType = { base: 'char', length: 2 };
const nvarcharMax: SqlType = { base: 'nvarchar', isMax: true };
const nvarchar = (length: number): SqlType => ({ base: 'nvarchar', length });

function resultSet(specs: ColumnSpec[], rows: SqlValue[][]): ResultSet {
  const columns: ResultColumn[] = specs.map(([name, type, nullable]) => ({ name, type, nullable: nullable ?? false }));
  for (const row of rows) {
    if (row.length !== columns.length) throw new Error(`test double: catalog row has ${row.length} values for ${columns.length} columns (${specs[0][0]}…)`);
  }
  return { columns, rows: rows as SqlRow[] };
}

const key = (o: ObjectName) => `${o.schema}.${o.name}`;

/** sys.types name of a base type. */
function typeName(base: SqlBaseType): string {
  return base === 'rowversion' ? 'timestamp' : base;
}

/** sys.columns precision/scale of a type. */
function precisionScale(type: SqlType): [number, number] {
  switch (type.base) {
    case 'decimal': case 'numeric': return [type.precision ?? 18, type.scale ?? 0];
    case 'float': return [53, 0];
    case 'real': return [24, 0];
    case 'bit': return [1, 0];
    case 'tinyint': return [3, 0];
    case 'smallint': return [5, 0];
    case 'int': return [10, 0];
    case 'bigint': return [19, 0];
    case 'money': return [19, 4];
    case 'smallmoney': return [10, 4];
    case 'date': return [10, 0];
    case 'datetime': return [23, 3];
    case 'smalldatetime': return [16, 0];
    case 'time': { const s = type.scale ?? 7; return [s === 0 ? 8 : 9 + s, s]; }
    case 'datetime2': { const s = type.scale ?? 7; return [s === 0 ? 19 : 20 + s, s]; }
    case 'datetimeoffset': { const s = type.scale ?? 7; return [s === 0 ? 26 : 27 + s, s]; }
    default: return [0, 0];
  }
}

const isCharType = (base: SqlBaseType) => ['char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext'].includes(base);

/** Sequence-like object ids: tables first, then everything else that needs one. */
class ObjectIds {
  private readonly ids = new Map<string, number>();
  private next = 245_575_913;
  of(kind: string, o: ObjectName): number {
    const k = `${kind}:${key(o)}`;
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.next;
      this.next += 16_001;
      this.ids.set(k, id);
    }
    return id;
  }
}

export class CatalogAnswers {
  private readonly ids = new ObjectIds();

  constructor(
    private readonly model: DatabaseModel,
    private readonly rowCount: (table: ObjectName) => number,
    private readonly extras: CatalogExtras = {},
  ) {}

  database(): ResultSet {
    const m = this.model;
    return resultSet(
      [['database_name', sysname, true], ['collation_name', sysname, true], ['compatibility_level', tinyint], ['version_text', nvarchar(300), true],
        ['product_major_version', int, true], ['engine_edition', int, true], ['size_kb', bigint, true]],
      [[m.name, m.collation, m.compatibilityLevel ?? 150, m.server.versionText, m.server.majorVersion, m.server.isAzureSqlDatabase ? 5 : 3,
        BigInt(this.extras.sizeKb ?? 8 * 1024)]],
    );
  }

  schemas(): ResultSet {
    return resultSet([['schema_name', sysname], ['owner_name', sysname, true]],
      this.model.schemas.map((s) => [s.name, s.owner ?? 'dbo']));
  }

  tables(): ResultSet {
    const flags = this.extras.tableFlags ?? {};
    return resultSet(
      [['object_id', int], ['schema_name', sysname, true], ['table_name', sysname], ['uses_ansi_nulls', bit, true], ['is_memory_optimized', bit, true],
        ['temporal_type', tinyint, true], ['is_external', bit], ['is_node', bit, true], ['is_edge', bit, true], ['is_filetable', bit, true], ['row_estimate', bigint, true]],
      this.model.tables.map((t) => {
        const f = flags[key(t)] ?? {};
        const estimate = this.extras.rowEstimates?.[key(t)] ?? this.rowCount(t);
        return [this.ids.of('table', t), t.schema, t.name, t.ansiNulls, f.isMemoryOptimized ?? false, f.temporalType ?? 0, f.isExternal ?? false,
          f.isNode ?? false, f.isEdge ?? false, f.isFileTable ?? false, BigInt(estimate)];
      }),
    );
  }

  columns(): ResultSet {
    const rows: SqlValue[][] = [];
    for (const table of this.model.tables) {
      table.columns.forEach((c, i) => rows.push(this.columnRow(table, c, i + 1)));
    }
    return resultSet(
      [['object_id', int], ['column_id', int], ['column_name', sysname, true], ['base_type_name', sysname, true], ['type_is_user_defined', bit],
        ['type_schema_name', sysname, true], ['type_name', sysname], ['max_length', smallint], ['precision', tinyint], ['scale', tinyint],
        ['is_nullable', bit, true], ['collation_name', sysname, true], ['is_identity', bit, true], ['identity_seed', nvarchar(40), true],
        ['identity_increment', nvarchar(40), true], ['identity_last_value', nvarchar(40), true], ['identity_not_for_replication', bit, true],
        ['is_rowguidcol', bit], ['is_computed', bit], ['computed_definition', nvarcharMax, true], ['computed_is_persisted', bit, true],
        ['is_sparse', bit, true], ['is_column_set', bit, true], ['encryption_type', int, true],
        ['xml_collection_schema_name', sysname, true], ['xml_collection_name', sysname, true]],
      rows,
    );
  }

  private columnRow(table: TableModel, c: ColumnModel, columnId: number): SqlValue[] {
    const t = c.type;
    const f = this.extras.columnFlags?.[`${key(table)}.${c.name}`] ?? {};
    const [precision, scale] = precisionScale(t);
    const userType = t.userType;
    const clr = t.base === 'geography' || t.base === 'geometry' || t.base === 'hierarchyid';
    const collation = isCharType(t.base) ? c.collation ?? this.model.collation : null;
    const id = c.identity;
    return [
      this.ids.of('table', table), columnId, c.name, f.baseTypeName ?? typeName(t.base), userType !== undefined || clr,
      userType?.schema ?? 'sys', userType?.name ?? f.baseTypeName ?? typeName(t.base), catalogMaxLength(t), precision, scale,
      c.nullable, collation, id !== undefined, id?.seed ?? null, id?.increment ?? null, id ? id.lastValue ?? null : null,
      id ? id.notForReplication ?? false : null, c.isRowGuidCol ?? false, c.computed !== undefined,
      c.computed?.expression ?? null, c.computed ? c.computed.persisted : null,
      f.isSparse ?? false, f.isColumnSet ?? false, f.encryptionType ?? null,
      t.xmlSchemaCollection?.schema ?? null, t.xmlSchemaCollection?.name ?? null,
    ];
  }

  keyConstraints(): ResultSet {
    const rows: SqlValue[][] = [];
    for (const [type, list] of [['PK', this.model.primaryKeys], ['UQ', this.model.uniqueConstraints]] as const) {
      for (const k of list) {
        k.columns.forEach((col, i) => rows.push([k.name, type, k.table.schema, k.table.name, k.clustered, i + 1, col.name, col.descending ?? false]));
      }
    }
    return resultSet(
      [['constraint_name', sysname], ['constraint_type', char2, true], ['schema_name', sysname, true], ['table_name', sysname], ['is_clustered', bit, true],
        ['key_ordinal', tinyint], ['column_name', sysname, true], ['is_descending_key', bit, true]],
      rows,
    );
  }

  keyIndexes(): ResultSet {
    const rows: SqlValue[][] = [];
    for (const k of this.model.primaryKeys) rows.push([k.table.schema, k.table.name, k.name, true, false]);
    for (const k of this.model.uniqueConstraints) rows.push([k.table.schema, k.table.name, k.name, false, true]);
    return resultSet(
      [['schema_name', sysname, true], ['table_name', sysname], ['index_name', sysname, true], ['is_primary_key', bit], ['is_unique_constraint', bit]],
      rows,
    );
  }

  foreignKeys(): ResultSet {
    const actions = ['NO_ACTION', 'CASCADE', 'SET_NULL', 'SET_DEFAULT'];
    const rows: SqlValue[][] = [];
    for (const fk of this.model.foreignKeys) {
      fk.columns.forEach((col, i) => rows.push([
        fk.name, fk.table.schema, fk.table.name, fk.referencedTable.schema, fk.referencedTable.name,
        actions.indexOf(fk.onDelete), actions.indexOf(fk.onUpdate), fk.notTrusted ?? false, fk.disabled ?? false, fk.notForReplication ?? false,
        i + 1, col, fk.referencedColumns[i],
      ]));
    }
    return resultSet(
      [['constraint_name', sysname], ['schema_name', sysname, true], ['table_name', sysname], ['referenced_schema_name', sysname, true],
        ['referenced_table_name', sysname], ['delete_referential_action', tinyint, true], ['update_referential_action', tinyint, true],
        ['is_not_trusted', bit], ['is_disabled', bit], ['is_not_for_replication', bit], ['constraint_column_id', int],
        ['column_name', sysname, true], ['referenced_column_name', sysname, true]],
      rows,
    );
  }

  defaultConstraints(): ResultSet {
    return resultSet(
      [['constraint_name', sysname], ['schema_name', sysname, true], ['table_name', sysname], ['column_name', sysname, true], ['definition', nvarcharMax, true]],
      this.model.defaultConstraints.map((d) => [d.name, d.table.schema, d.table.name, d.column, d.expression]),
    );
  }

  checkConstraints(): ResultSet {
    return resultSet(
      [['constraint_name', sysname], ['schema_name', sysname, true], ['table_name', sysname], ['column_name', sysname, true], ['definition', nvarcharMax, true],
        ['is_not_trusted', bit], ['is_disabled', bit], ['is_not_for_replication', bit]],
      this.model.checkConstraints.map((c) => [c.name, c.table.schema, c.table.name, c.column ?? null, c.expression,
        c.notTrusted ?? false, c.disabled ?? false, c.notForReplication ?? false]),
    );
  }

  indexes(): ResultSet {
    const rows: SqlValue[][] = [];
    this.model.indexes.forEach((ix, n) => {
      const indexId = n + 2;
      const common = (): SqlValue[] => [ix.name, ix.table.schema, ix.table.name, indexId, ix.clustered ? 1 : 2, ix.clustered ? 'CLUSTERED' : 'NONCLUSTERED',
        ix.unique, ix.filter !== undefined, ix.filter ?? null];
      let columnId = 1;
      ix.columns.forEach((col, i) => rows.push([...common(), i + 1, columnId++, false, col.descending ?? false, col.name]));
      ix.included.forEach((col) => rows.push([...common(), 0, columnId++, true, false, col]));
    });
    for (const extra of this.extras.extraIndexes ?? []) {
      rows.push([extra.name, extra.table.schema, extra.table.name, 1000 + rows.length, extra.type, extra.typeDesc, false, false, null,
        extra.column ? 1 : null, extra.column ? 1 : null, extra.column ? false : null, extra.column ? false : null, extra.column ?? null]);
    }
    return resultSet(
      [['index_name', sysname, true], ['schema_name', sysname, true], ['object_name', sysname], ['index_id', int], ['index_type', tinyint],
        ['index_type_desc', nvarchar(60), true], ['is_unique', bit, true], ['has_filter', bit, true], ['filter_definition', nvarcharMax, true],
        ['key_ordinal', tinyint, true], ['index_column_id', int, true], ['is_included_column', bit, true], ['is_descending_key', bit, true],
        ['column_name', sysname, true]],
      rows,
    );
  }

  aliasTypes(): ResultSet {
    return resultSet(
      [['schema_name', sysname, true], ['type_name', sysname], ['base_type_name', sysname], ['max_length', smallint], ['precision', tinyint],
        ['scale', tinyint], ['is_nullable', bit, true]],
      this.model.userDefinedTypes.map((u) => {
        const [precision, scale] = precisionScale(u.type);
        return [u.schema, u.name, typeName(u.type.base), catalogMaxLength(u.type), precision, scale, u.nullable];
      }),
    );
  }

  sequences(): ResultSet {
    return resultSet(
      [['schema_name', sysname, true], ['sequence_name', sysname], ['base_type_name', sysname], ['type_is_user_defined', bit], ['type_schema_name', sysname, true],
        ['type_name', sysname], ['precision', tinyint], ['scale', tinyint], ['start_value', nvarchar(40), true], ['increment', nvarchar(40), true],
        ['minimum_value', nvarchar(40), true], ['maximum_value', nvarchar(40), true], ['is_cycling', bit, true], ['is_cached', bit, true],
        ['cache_size', int, true], ['current_value', nvarchar(40), true]],
      this.model.sequences.map((s) => {
        const [precision, scale] = precisionScale(s.type);
        return [s.schema, s.name, typeName(s.type.base), s.type.userType !== undefined, s.type.userType?.schema ?? 'sys', s.type.userType?.name ?? typeName(s.type.base),
          precision, scale, s.startValue, s.increment, s.minValue ?? null, s.maxValue ?? null, s.cycle, s.cacheSize !== 0,
          s.cacheSize === undefined || s.cacheSize === 0 ? null : s.cacheSize, s.currentValue ?? null];
      }),
    );
  }

  modules(): ResultSet {
    const codes = { view: 'V', procedure: 'P', scalarFunction: 'FN', inlineTableFunction: 'IF', tableFunction: 'TF', trigger: 'TR' } as const;
    return resultSet(
      [['schema_name', sysname, true], ['object_name', sysname], ['object_type', char2, true], ['definition', nvarcharMax, true],
        ['uses_ansi_nulls', bit, true], ['uses_quoted_identifier', bit, true], ['is_schema_bound', bit, true], ['parent_schema_name', sysname, true],
        ['parent_name', sysname, true], ['is_instead_of_trigger', bit, true], ['trigger_is_disabled', bit, true],
        ['trigger_is_not_for_replication', bit, true], ['trigger_on_insert', bit, true], ['trigger_on_update', bit, true], ['trigger_on_delete', bit, true]],
      this.model.modules.map((m) => {
        const tr = m.trigger;
        return [m.schema, m.name, codes[m.kind].padEnd(2, ' '), m.definition, m.ansiNulls, m.quotedIdentifier, m.schemaBound ?? false,
          m.parent?.schema ?? null, m.parent?.name ?? null, tr ? tr.insteadOf : null, tr ? tr.disabled ?? false : null,
          tr ? tr.notForReplication ?? false : null, tr ? tr.insert : null, tr ? tr.update : null, tr ? tr.delete : null];
      }),
    );
  }

  /** sys.sql_expression_dependencies as SQL Server fills it: here, what each module of the model declares. */
  moduleDependencies(): ResultSet {
    return resultSet(
      [['schema_name', sysname, true], ['object_name', sysname], ['referenced_schema_name', sysname, true], ['referenced_name', sysname]],
      this.model.modules.flatMap((m) => (m.dependencies ?? []).map((d) => [m.schema, m.name, d.schema, d.name])),
    );
  }

  extendedProperties(): ResultSet {
    return resultSet(
      [['class', tinyint], ['property_name', sysname], ['value_type', sysname, true], ['value_text', nvarcharMax, true], ['schema_name', sysname, true],
        ['object_name', sysname, true], ['object_type', char2, true], ['parent_schema_name', sysname, true], ['parent_name', sysname, true],
        ['column_name', sysname, true], ['parameter_name', sysname, true], ['index_name', sysname, true]],
      this.model.extendedProperties.map((p) => this.extendedPropertyRow(p)),
    );
  }

  private objectType(o: ObjectName): string {
    if (this.model.tables.some((t) => t.schema === o.schema && t.name === o.name)) return 'U';
    const m = this.model.modules.find((x) => x.schema === o.schema && x.name === o.name);
    if (m) return { view: 'V', procedure: 'P', scalarFunction: 'FN', inlineTableFunction: 'IF', tableFunction: 'TF', trigger: 'TR' }[m.kind];
    throw new Error(`test double: extended property on unknown object ${key(o)}`);
  }

  private constraintType(table: ObjectName, name: string): string {
    const on = (c: { table: ObjectName; name: string }) => c.table.schema === table.schema && c.table.name === table.name && c.name === name;
    if (this.model.primaryKeys.some(on)) return 'PK';
    if (this.model.uniqueConstraints.some(on)) return 'UQ';
    if (this.model.foreignKeys.some(on)) return 'F';
    if (this.model.defaultConstraints.some(on)) return 'D';
    if (this.model.checkConstraints.some(on)) return 'C';
    throw new Error(`test double: extended property on unknown constraint ${name}`);
  }

  private extendedPropertyRow(p: ExtendedPropertyModel): SqlValue[] {
    const [valueType, valueText] = literalParts(p.value);
    const t = p.target;
    const row = (cls: number, schema: string | null, object: string | null, objectType: string | null, parent: ObjectName | null,
      column: string | null, parameter: string | null, index: string | null): SqlValue[] =>
      [cls, p.name, valueType, valueText, schema, object, objectType === null ? null : objectType.padEnd(2, ' '), parent?.schema ?? null, parent?.name ?? null,
        column, parameter, index];
    switch (t.kind) {
      case 'database': return row(0, null, null, null, null, null, null, null);
      case 'schema': return row(3, t.schema, null, null, null, null, null, null);
      case 'table': case 'view': case 'module': return row(1, t.object.schema, t.object.name, this.objectType(t.object), null, null, null, null);
      case 'column': return row(1, t.object.schema, t.object.name, this.objectType(t.object), null, t.column, null, null);
      case 'parameter': return row(2, t.object.schema, t.object.name, this.objectType(t.object), null, null, t.parameter, null);
      case 'index': return row(7, t.object.schema, t.object.name, this.objectType(t.object), null, null, null, t.index);
      case 'constraint': return row(1, t.object.schema, t.constraint, this.constraintType(t.object, t.constraint), t.object, null, null, null);
    }
    throw new Error('test double: unknown extended property target');
  }

  unsupportedObjects(): ResultSet {
    return resultSet([['kind', nvarchar(30)], ['schema_name', sysname, true], ['object_name', sysname]],
      (this.extras.unsupportedObjects ?? []).map((u) => [u.kind, u.schema ?? null, u.name]));
  }
}

/**
 * A model literal (`N'x'`, `'x'`, `42`, `0x0A`, `CAST(N'…' AS type)`) → the (SQL_VARIANT_PROPERTY BaseType, text)
 * pair the extended-properties query returns for it.
 */
export function literalParts(literal: string): [string | null, string | null] {
  if (literal === 'NULL') return [null, null];
  const unquote = (q: string) => q.slice(1, -1).replace(/''/g, "'");
  let m = /^N('(?:[^']|'')*')$/s.exec(literal);
  if (m) return ['nvarchar', unquote(m[1])];
  m = /^('(?:[^']|'')*')$/s.exec(literal);
  if (m) return ['varchar', unquote(m[1])];
  m = /^CAST\(N('(?:[^']|'')*') AS (\w+)\)$/s.exec(literal);
  if (m) return [m[2], unquote(m[1])];
  if (/^0x[0-9A-Fa-f]*$/.test(literal)) return ['varbinary', literal];
  if (/^-?\d+$/.test(literal)) return [Math.abs(Number(literal)) <= 2147483647 ? 'int' : 'bigint', literal];
  if (/^-?\d*\.\d+$/.test(literal)) return ['numeric', literal];
  if (/^-?\d\.\d+E[+-]\d+$/.test(literal)) return ['float', literal];
  throw new Error(`test double: cannot serve the extended property literal ${literal}`);
}
