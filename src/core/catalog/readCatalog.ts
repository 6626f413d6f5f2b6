/**
 * Reads the connected database's catalog (sys.* views) into a DatabaseModel.
 *
 * What happens to objects a bacpac from this tool cannot carry. "Refuse" stops the backup with one
 * BackupError('unsupported') naming every such object: a package that silently lacks data or cannot be
 * imported is worse than none. "Skip" leaves the object out and returns a warning the user sees; used where
 * every table's data still arrives intact and the import still succeeds.
 *
 * | Object                                              | Choice | Why                                                              |
 * |-----------------------------------------------------|--------|------------------------------------------------------------------|
 * | Memory-optimized table                              | refuse | would be restored as a disk table, silently different            |
 * | System-versioned temporal table (+ history table)   | refuse | versioning and period columns would be lost                      |
 * | Graph node/edge table                               | refuse | internal $node_id/$edge_id columns cannot be written back         |
 * | FileTable                                           | refuse | FILESTREAM data is not in the table                              |
 * | Sparse column, column set                           | refuse | SPARSE is not modelled; rows could exceed the size limit on import |
 * | Always Encrypted column                             | refuse | only ciphertext is readable; the keys cannot be exported         |
 * | Column of json, vector or another unknown type      | refuse | no BCP encoding for it                                           |
 * | CLR assembly, CLR module, CLR user-defined type     | refuse | code cannot be carried; Azure SQL Database has none anyway       |
 * | User-defined table type                             | refuse | procedures using it would fail to import                         |
 * | Module WITH ENCRYPTION                              | refuse | its definition cannot be read                                    |
 * | External table, external data source                | skip   | no local data; needs credentials on the target anyway            |
 * | XML, spatial or columnstore index                   | skip   | an index only: data intact; recreate it after the import         |
 * | Full-text index                                     | skip   | an index only                                                    |
 * | Database-level DDL trigger                          | skip   | not part of any table; re-create it after the import             |
 * | Synonym, rule, bound default (CREATE RULE/DEFAULT)  | skip   | not in the model; data intact                                    |
 * | Extended property on an object the model lacks      | skip   | metadata only                                                    |
 * | Windows user/group, certificate/key user, app role  | skip   | an Azure-importable bacpac has no place for them (readSecurity)  |
 * | Permission on a securable the model lacks           | skip   | keys, certificates, assemblies, Service Broker… (readSecurity)   |
 * | Login and contained-user passwords                  | skip   | never readable: random ones are written, as DacFx does           |
 * | Change tracking, CDC, scoped configurations         | skip   | not in a SchemaVersion 2.9 model (readDatabaseOptions)           |
 *
 * Users, roles, memberships, permissions and database options are carried as DacFx carries them (readSecurity.ts,
 * readDatabaseOptions.ts); every "skip" above is one warning starting "Left out:" or naming what was skipped.
 * sql_variant columns and the CLR types geography, geometry and hierarchyid are supported.
 */
import { BackupError } from '../errors';
import {
  emptyDatabaseModel, type CheckConstraint, type ColumnModel, type DatabaseModel, type ExtendedPropertyTarget,
  type ForeignKeyConstraint, type IndexModel, type KeyConstraint, type ModuleKind, type ObjectName,
  type ReferentialAction, type SequenceModel, type TableModel,
} from '../model/types';
import { bool, code, num, objectName, optNum, optStr, runQuery, sortByOrdinal, str, tableKey, type CatalogSource, type Row } from './catalogRows';
import { baseTypeFromCatalogName, sqlTypeFromCatalog } from './catalogTypes';
import { extendedPropertyLiteral } from './extendedPropertyValue';
import { compareOrdinal, sortDatabaseModel } from './modelOrder';
import { catalogQueries } from './queries';
import { readDatabaseOptions } from './readDatabaseOptions';
import { readSecurity } from './readSecurity';
import { securityQueries } from './securityQueries';

export { tableKey, type CatalogSource } from './catalogRows';

export interface CatalogReadResult {
  model: DatabaseModel;
  /** Things left out, one sentence each, for the user. */
  warnings: string[];
  /** `schema.table` → rows according to sys.partitions (an estimate for progress). */
  rowEstimates: Map<string, number>;
  /** Allocated size of the database in KB. */
  sizeKb: number;
}

export interface ReadCatalogOptions {
  signal?: AbortSignal;
  onLog?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

const referentialActions: ReferentialAction[] = ['NO_ACTION', 'CASCADE', 'SET_NULL', 'SET_DEFAULT'];

const moduleKinds: Record<string, ModuleKind> = {
  V: 'view', P: 'procedure', FN: 'scalarFunction', IF: 'inlineTableFunction', TF: 'tableFunction', TR: 'trigger',
};

const unsupportedObjectKinds: Record<string, { label: string; refuse: boolean; skipReason?: string }> = {
  'clr-assembly': { label: 'CLR assembly', refuse: true },
  'clr-module': { label: 'CLR procedure, function, aggregate or trigger', refuse: true },
  'clr-type': { label: 'CLR user-defined type', refuse: true },
  'table-type': { label: 'user-defined table type', refuse: true },
  'encrypted-module': { label: 'module created WITH ENCRYPTION', refuse: true },
  'external-data-source': { label: 'external data source', refuse: false, skipReason: 'it is not included; create it again on the target if needed' },
  'database-trigger': { label: 'database DDL trigger', refuse: false, skipReason: 'it is not included; create it again after the import' },
  'fulltext-index': { label: 'full-text index on', refuse: false, skipReason: 'it is not included; the data is; create the index again after the import' },
  'synonym': { label: 'synonym', refuse: false, skipReason: 'it is not included' },
  'rule-or-default': { label: 'rule or bound default', refuse: false, skipReason: 'it is not included' },
};

function displayName(schema: string | undefined, name: string): string {
  return schema ? `${schema}.${name}` : name;
}

/** Reads the whole catalog. Throws BackupError('unsupported') listing every object that cannot be carried. */
export async function readCatalog(source: CatalogSource, options: ReadCatalogOptions = {}): Promise<CatalogReadResult> {
  const q = (sql: string) => runQuery(source, sql, options.signal);
  const refusals: string[] = [];
  const warnings: string[] = [];

  const [db] = await q(catalogQueries.database);
  if (!db) throw new BackupError('internal', 'The database query returned no row.');
  const engineEdition = num(db, 'engine_edition');
  const model: DatabaseModel = emptyDatabaseModel(str(db, 'database_name'), str(db, 'collation_name'), {
    versionText: optStr(db, 'version_text') ?? '',
    majorVersion: num(db, 'product_major_version'),
    isAzureSqlDatabase: engineEdition === 5,
  });
  const compatibilityLevel = optNum(db, 'compatibility_level');
  if (compatibilityLevel !== undefined) model.compatibilityLevel = compatibilityLevel;
  const sizeKb = num(db, 'size_kb');

  for (const row of await q(catalogQueries.schemas)) {
    const owner = optStr(row, 'owner_name');
    model.schemas.push(owner === undefined ? { name: str(row, 'schema_name') } : { name: str(row, 'schema_name'), owner });
  }

  // Tables: decide per table whether it is kept, refused or skipped.
  const tablesById = new Map<number, TableModel>();
  const rowEstimates = new Map<string, number>();
  /** Tables left out on purpose (external tables): their constraints and indexes are ignored too. */
  const skippedTables = new Set<string>();
  for (const row of await q(catalogQueries.tables)) {
    const name = objectName(row, 'schema_name', 'table_name');
    const key = tableKey(name);
    const temporal = num(row, 'temporal_type');
    if (bool(row, 'is_external')) {
      warnings.push(`External table ${key} was skipped: it holds no local data; create it again on the target if needed.`);
      skippedTables.add(key);
      continue;
    }
    if (bool(row, 'is_memory_optimized')) refusals.push(`memory-optimized table ${key}`);
    else if (temporal === 2) refusals.push(`system-versioned temporal table ${key}`);
    else if (temporal === 1) refusals.push(`temporal history table ${key}`);
    else if (bool(row, 'is_node') || bool(row, 'is_edge')) refusals.push(`graph table ${key}`);
    else if (bool(row, 'is_filetable')) refusals.push(`FileTable ${key}`);
    const table: TableModel = { schema: name.schema, name: name.name, columns: [], ansiNulls: bool(row, 'uses_ansi_nulls') };
    tablesById.set(num(row, 'object_id'), table);
    model.tables.push(table);
    rowEstimates.set(key, num(row, 'row_estimate'));
  }

  const columnRows = (await q(catalogQueries.columns)).sort((a, b) => num(a, 'object_id') - num(b, 'object_id') || num(a, 'column_id') - num(b, 'column_id'));
  for (const row of columnRows) {
    const table = tablesById.get(num(row, 'object_id'));
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

  const keptTable = (o: ObjectName) => !skippedTables.has(tableKey(o));

  // PRIMARY KEY / UNIQUE: one row per key column.
  const keys = new Map<string, { kind: string; constraint: KeyConstraint; ordinals: number[] }>();
  for (const row of await q(catalogQueries.keyConstraints)) {
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
    (kind === 'PK' ? model.primaryKeys : model.uniqueConstraints).push(constraint);
  }

  const fks = new Map<string, { fk: ForeignKeyConstraint; ordinals: number[] }>();
  for (const row of await q(catalogQueries.foreignKeys)) {
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
    if (keptTable(fk.table)) model.foreignKeys.push(fk);
  }

  for (const row of await q(catalogQueries.defaultConstraints)) {
    model.defaultConstraints.push({
      name: str(row, 'constraint_name'), table: objectName(row, 'schema_name', 'table_name'),
      column: str(row, 'column_name'), expression: str(row, 'definition'),
    });
  }

  for (const row of await q(catalogQueries.checkConstraints)) {
    const check: CheckConstraint = { name: str(row, 'constraint_name'), table: objectName(row, 'schema_name', 'table_name'), expression: str(row, 'definition') };
    const column = optStr(row, 'column_name');
    if (column !== undefined) check.column = column;
    if (bool(row, 'is_not_trusted')) check.notTrusted = true;
    if (bool(row, 'is_disabled')) check.disabled = true;
    if (bool(row, 'is_not_for_replication')) check.notForReplication = true;
    model.checkConstraints.push(check);
  }

  const indexes = new Map<string, { index: IndexModel; keyOrdinals: number[]; includedOrder: number[] }>();
  const skippedIndexes = new Set<string>();
  for (const row of await q(catalogQueries.indexes)) {
    const table = objectName(row, 'schema_name', 'object_name');
    const indexName = optStr(row, 'index_name') ?? `#${num(row, 'index_id')}`;
    const id = `${tableKey(table)}\u0000${indexName}`;
    const indexType = num(row, 'index_type');
    if (indexType !== 1 && indexType !== 2) {
      if (!skippedIndexes.has(id) && keptTable(table)) {
        skippedIndexes.add(id);
        const kind = (optStr(row, 'index_type_desc') ?? `type ${indexType}`).toLowerCase().replace(/_/g, ' ');
        warnings.push(`The ${kind} index ${indexName} on ${tableKey(table)} was skipped: this kind of index is not supported; the data is included, create the index again after the import.`);
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
    if (keptTable(index.table)) model.indexes.push(index);
  }

  for (const row of await q(catalogQueries.aliasTypes)) {
    const baseName = str(row, 'base_type_name');
    const base = baseTypeFromCatalogName(baseName);
    const name = objectName(row, 'schema_name', 'type_name');
    if (!base) {
      refusals.push(`user-defined type ${tableKey(name)} based on ${baseName}`);
      continue;
    }
    model.userDefinedTypes.push({ ...name, type: sqlTypeFromCatalog(base, num(row, 'max_length'), num(row, 'precision'), num(row, 'scale')), nullable: bool(row, 'is_nullable') });
  }

  for (const row of await q(catalogQueries.sequences)) {
    const name = objectName(row, 'schema_name', 'sequence_name');
    const base = baseTypeFromCatalogName(str(row, 'base_type_name'));
    if (!base) {
      refusals.push(`sequence ${tableKey(name)} of type ${str(row, 'base_type_name')}`);
      continue;
    }
    const type = sqlTypeFromCatalog(base, 0, num(row, 'precision'), num(row, 'scale'));
    if (bool(row, 'type_is_user_defined')) type.userType = objectName(row, 'type_schema_name', 'type_name');
    const sequence: SequenceModel = {
      ...name, type, startValue: str(row, 'start_value'), increment: str(row, 'increment'),
      minValue: str(row, 'minimum_value'), maxValue: str(row, 'maximum_value'), cycle: bool(row, 'is_cycling'),
    };
    if (!bool(row, 'is_cached')) sequence.cacheSize = 0;
    else if (optNum(row, 'cache_size') !== undefined) sequence.cacheSize = num(row, 'cache_size');
    const current = optStr(row, 'current_value');
    if (current !== undefined) sequence.currentValue = current;
    model.sequences.push(sequence);
  }

  for (const row of await q(catalogQueries.modules)) {
    const kind = moduleKinds[code(row, 'object_type')];
    if (!kind) continue;
    const module: DatabaseModel['modules'][number] = {
      ...objectName(row, 'schema_name', 'object_name'), kind, definition: str(row, 'definition'),
      ansiNulls: bool(row, 'uses_ansi_nulls'), quotedIdentifier: bool(row, 'uses_quoted_identifier'),
    };
    if (bool(row, 'is_schema_bound')) module.schemaBound = true;
    if (kind === 'trigger') {
      if (optStr(row, 'parent_name') !== undefined) module.parent = objectName(row, 'parent_schema_name', 'parent_name');
      module.trigger = {
        insert: bool(row, 'trigger_on_insert'), update: bool(row, 'trigger_on_update'), delete: bool(row, 'trigger_on_delete'),
        insteadOf: bool(row, 'is_instead_of_trigger'),
      };
      if (bool(row, 'trigger_is_not_for_replication')) module.trigger.notForReplication = true;
      if (bool(row, 'trigger_is_disabled')) module.trigger.disabled = true;
    }
    model.modules.push(module);
  }

  // Module → object dependencies: only between objects the model holds, so model.xml never references a missing one.
  const objectKey = (o: ObjectName) => `${o.schema}\u0000${o.name}`;
  const modulesByKey = new Map(model.modules.map((m) => [objectKey(m), m]));
  const referable = new Set([...model.tables, ...model.modules, ...model.sequences].map(objectKey));
  for (const row of await q(catalogQueries.moduleDependencies)) {
    const module = modulesByKey.get(objectKey(objectName(row, 'schema_name', 'object_name')));
    const referenced = objectName(row, 'referenced_schema_name', 'referenced_name');
    if (!module || !referable.has(objectKey(referenced)) || objectKey(referenced) === objectKey(module)) continue;
    const dependencies = (module.dependencies ??= []);
    if (!dependencies.some((d) => objectKey(d) === objectKey(referenced))) dependencies.push(referenced);
  }
  for (const m of model.modules) m.dependencies?.sort((a, b) => compareObjectNames(a, b));

  for (const row of await q(catalogQueries.extendedProperties)) {
    const target = extendedPropertyTarget(row);
    const name = str(row, 'property_name');
    if (!target) {
      warnings.push(`The extended property ${name} on ${optStr(row, 'object_name') ?? 'an object'} was skipped: it is attached to something the backup does not include.`);
      continue;
    }
    if ('object' in target && !keptTable(target.object)) continue;
    model.extendedProperties.push({ name, target, value: extendedPropertyLiteral(optStr(row, 'value_type') ?? null, optStr(row, 'value_text') ?? null) });
  }

  for (const row of await q(catalogQueries.unsupportedObjects)) {
    const kind = str(row, 'kind');
    const policy = unsupportedObjectKinds[kind] ?? { label: kind, refuse: true };
    const what = `${policy.label} ${displayName(optStr(row, 'schema_name'), str(row, 'object_name'))}`;
    if (policy.refuse) refusals.push(what);
    else warnings.push(`The ${what} was skipped: ${policy.skipReason}.`);
  }

  // Security and database options (their own files: readSecurity.ts, readDatabaseOptions.ts).
  const azure = model.server.isAzureSqlDatabase;
  readSecurity({ model, warnings }, {
    principals: await q(azure ? securityQueries.principalsAzure : securityQueries.principals),
    roleMembers: await q(securityQueries.roleMembers),
    permissions: await q(securityQueries.permissions),
    loginNamesUnknown: azure,
  });
  const [optionsRow] = await q(securityQueries.databaseOptions);
  readDatabaseOptions({ model, warnings }, optionsRow, azure || model.server.majorVersion >= 14 ? await q(securityQueries.scopedConfigurations) : []);

  if (refusals.length > 0) {
    throw new BackupError('unsupported',
      `This database has objects a .bacpac from this tool cannot carry: ${refusals.join('; ')}.`,
      { hint: 'Remove or change these objects, or use SqlPackage for this database.' });
  }
  for (const w of warnings) options.onLog?.('warn', w);
  return { model: sortDatabaseModel(model), warnings, rowEstimates, sizeKb };
}

/** Ordinal order of schema, then name: the one order dependencies are kept in (normal form, stable output). */
function compareObjectNames(a: ObjectName, b: ObjectName): number {
  return compareOrdinal(a.schema, b.schema) || compareOrdinal(a.name, b.name);
}

/** Where an extended property row points, or undefined for targets the model has no place for. */
function extendedPropertyTarget(row: Row): ExtendedPropertyTarget | undefined {
  const cls = num(row, 'class');
  if (cls === 0) return { kind: 'database' };
  if (cls === 3) return optStr(row, 'schema_name') === undefined ? undefined : { kind: 'schema', schema: str(row, 'schema_name') };
  const objName = optStr(row, 'object_name');
  const schema = optStr(row, 'schema_name');
  if (objName === undefined || schema === undefined) return undefined;
  const object: ObjectName = { schema, name: objName };
  const type = code(row, 'object_type');
  if (cls === 2) {
    const parameter = optStr(row, 'parameter_name');
    return parameter === undefined ? undefined : { kind: 'parameter', object, parameter };
  }
  if (cls === 7) {
    const index = optStr(row, 'index_name');
    return index === undefined ? undefined : { kind: 'index', object, index };
  }
  const column = optStr(row, 'column_name');
  if (column !== undefined) return { kind: 'column', object, column };
  switch (type) {
    case 'U': return { kind: 'table', object };
    case 'V': return { kind: 'view', object };
    case 'P': case 'FN': case 'IF': case 'TF': case 'TR': return { kind: 'module', object };
    case 'PK': case 'UQ': case 'F': case 'D': case 'C': {
      const parent = optStr(row, 'parent_name');
      if (parent === undefined) return undefined;
      return { kind: 'constraint', object: { schema: str(row, 'parent_schema_name'), name: parent }, constraint: objName };
    }
    default: return undefined;
  }
}
