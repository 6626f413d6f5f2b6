/**
 * Every catalog query, one constant each (those of the security model and the database options are in
 * securityQueries.ts; `catalogQueries` below names all of them). The first line of each is a stable name comment
 * (`/* cdb:catalog:<name> v<n> *\/`): the SQL Server test double recognises queries by it, and a later
 * DacFx/ScriptDom check parses every constant in this file. Change a query's result shape → bump its version.
 *
 * Rules: only views and functions Azure SQL Database has, nothing that needs master, results keyed by names
 * (never by object_id across queries, except tables ↔ columns within one snapshot), sql_variant values
 * converted to text in the query (tedious drops their base type).
 */
import {
  databaseOptionsQuery, permissionsQuery, principalsAzureQuery, principalsQuery, roleMembersQuery, scopedConfigurationsQuery,
} from './securityQueries';

export const databaseQuery = `/* cdb:catalog:database v1 */
SELECT DB_NAME() AS database_name,
       CAST(DATABASEPROPERTYEX(DB_NAME(), 'Collation') AS nvarchar(128)) AS collation_name,
       d.compatibility_level,
       @@VERSION AS version_text,
       CAST(SERVERPROPERTY('ProductMajorVersion') AS int) AS product_major_version,
       CAST(SERVERPROPERTY('EngineEdition') AS int) AS engine_edition,
       (SELECT CAST(ISNULL(SUM(a.total_pages), 0) AS bigint) * 8 FROM sys.allocation_units AS a) AS size_kb
FROM sys.databases AS d
WHERE d.database_id = DB_ID();`;

/** User schemas: ids 1–4 are dbo, guest, INFORMATION_SCHEMA, sys; 16384+ are the fixed database roles. */
export const schemasQuery = `/* cdb:catalog:schemas v1 */
SELECT s.name AS schema_name,
       USER_NAME(s.principal_id) AS owner_name
FROM sys.schemas AS s
WHERE s.schema_id > 4 AND s.schema_id < 16384;`;

export const tablesQuery = `/* cdb:catalog:tables v1 */
SELECT t.object_id,
       SCHEMA_NAME(t.schema_id) AS schema_name,
       t.name AS table_name,
       t.uses_ansi_nulls,
       t.is_memory_optimized,
       t.temporal_type,
       t.is_external,
       t.is_node,
       t.is_edge,
       t.is_filetable,
       (SELECT CAST(ISNULL(SUM(p.rows), 0) AS bigint)
          FROM sys.partitions AS p
         WHERE p.object_id = t.object_id AND p.index_id IN (0, 1)) AS row_estimate
FROM sys.tables AS t
WHERE t.is_ms_shipped = 0;`;

/**
 * Columns of user tables. `base_type_name` is the built-in type under an alias type; CLR types
 * (geography, geometry, hierarchyid) are their own base.
 */
export const columnsQuery = `/* cdb:catalog:columns v1 */
SELECT c.object_id,
       c.column_id,
       c.name AS column_name,
       bt.name AS base_type_name,
       ut.is_user_defined AS type_is_user_defined,
       SCHEMA_NAME(ut.schema_id) AS type_schema_name,
       ut.name AS type_name,
       c.max_length,
       c.precision,
       c.scale,
       c.is_nullable,
       c.collation_name,
       c.is_identity,
       CONVERT(nvarchar(40), ic.seed_value) AS identity_seed,
       CONVERT(nvarchar(40), ic.increment_value) AS identity_increment,
       CONVERT(nvarchar(40), ic.last_value) AS identity_last_value,
       ic.is_not_for_replication AS identity_not_for_replication,
       c.is_rowguidcol,
       c.is_computed,
       cc.definition AS computed_definition,
       cc.is_persisted AS computed_is_persisted,
       c.is_sparse,
       c.is_column_set,
       c.encryption_type,
       SCHEMA_NAME(xsc.schema_id) AS xml_collection_schema_name,
       xsc.name AS xml_collection_name
FROM sys.columns AS c
JOIN sys.tables AS t ON t.object_id = c.object_id AND t.is_ms_shipped = 0
JOIN sys.types AS ut ON ut.user_type_id = c.user_type_id
LEFT JOIN sys.types AS bt ON bt.user_type_id = CASE WHEN ut.is_assembly_type = 1 THEN ut.user_type_id ELSE c.system_type_id END
LEFT JOIN sys.identity_columns AS ic ON ic.object_id = c.object_id AND ic.column_id = c.column_id
LEFT JOIN sys.computed_columns AS cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id
LEFT JOIN sys.xml_schema_collections AS xsc ON c.xml_collection_id <> 0 AND xsc.xml_collection_id = c.xml_collection_id;`;

/** PRIMARY KEY and UNIQUE constraints, one row per key column. */
export const keyConstraintsQuery = `/* cdb:catalog:key-constraints v1 */
SELECT kc.name AS constraint_name,
       kc.type AS constraint_type,
       SCHEMA_NAME(t.schema_id) AS schema_name,
       t.name AS table_name,
       CAST(CASE WHEN i.type = 1 THEN 1 ELSE 0 END AS bit) AS is_clustered,
       ic.key_ordinal,
       c.name AS column_name,
       ic.is_descending_key
FROM sys.key_constraints AS kc
JOIN sys.tables AS t ON t.object_id = kc.parent_object_id AND t.is_ms_shipped = 0
JOIN sys.indexes AS i ON i.object_id = kc.parent_object_id AND i.index_id = kc.unique_index_id
JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.key_ordinal > 0
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id;`;

/**
 * The indexes sys.indexes marks as PRIMARY KEY or UNIQUE constraint: checked against sys.key_constraints (a key's
 * index carries the constraint's name), so a catalog that loses key constraints cannot drop primary keys unseen.
 */
export const keyIndexesQuery = `/* cdb:catalog:key-indexes v1 */
SELECT SCHEMA_NAME(t.schema_id) AS schema_name,
       t.name AS table_name,
       i.name AS index_name,
       i.is_primary_key,
       i.is_unique_constraint
FROM sys.indexes AS i
JOIN sys.tables AS t ON t.object_id = i.object_id AND t.is_ms_shipped = 0
WHERE i.is_primary_key = 1 OR i.is_unique_constraint = 1;`;

/** One row per column pair. Referential actions: 0 NO ACTION, 1 CASCADE, 2 SET NULL, 3 SET DEFAULT. */
export const foreignKeysQuery = `/* cdb:catalog:foreign-keys v1 */
SELECT fk.name AS constraint_name,
       SCHEMA_NAME(pt.schema_id) AS schema_name,
       pt.name AS table_name,
       SCHEMA_NAME(rt.schema_id) AS referenced_schema_name,
       rt.name AS referenced_table_name,
       fk.delete_referential_action,
       fk.update_referential_action,
       fk.is_not_trusted,
       fk.is_disabled,
       fk.is_not_for_replication,
       fkc.constraint_column_id,
       pc.name AS column_name,
       rc.name AS referenced_column_name
FROM sys.foreign_keys AS fk
JOIN sys.tables AS pt ON pt.object_id = fk.parent_object_id AND pt.is_ms_shipped = 0
JOIN sys.tables AS rt ON rt.object_id = fk.referenced_object_id
JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.columns AS pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.columns AS rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id;`;

export const defaultConstraintsQuery = `/* cdb:catalog:default-constraints v1 */
SELECT dc.name AS constraint_name,
       SCHEMA_NAME(t.schema_id) AS schema_name,
       t.name AS table_name,
       c.name AS column_name,
       dc.definition
FROM sys.default_constraints AS dc
JOIN sys.tables AS t ON t.object_id = dc.parent_object_id AND t.is_ms_shipped = 0
JOIN sys.columns AS c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id;`;

/** `column_name` is NULL for table-level checks (parent_column_id = 0). */
export const checkConstraintsQuery = `/* cdb:catalog:check-constraints v1 */
SELECT cc.name AS constraint_name,
       SCHEMA_NAME(t.schema_id) AS schema_name,
       t.name AS table_name,
       c.name AS column_name,
       cc.definition,
       cc.is_not_trusted,
       cc.is_disabled,
       cc.is_not_for_replication
FROM sys.check_constraints AS cc
JOIN sys.tables AS t ON t.object_id = cc.parent_object_id AND t.is_ms_shipped = 0
LEFT JOIN sys.columns AS c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id;`;

/**
 * Indexes on tables and views, except heaps and the indexes behind PRIMARY KEY/UNIQUE constraints (the
 * constraints carry those). One row per index column; an index without listed columns (e.g. a clustered
 * columnstore) still gives one row with NULL column fields. `index_type`: 1 clustered, 2 nonclustered,
 * 3 XML, 4 spatial, 5/6 columnstore, 7 hash.
 */
export const indexesQuery = `/* cdb:catalog:indexes v1 */
SELECT i.name AS index_name,
       SCHEMA_NAME(o.schema_id) AS schema_name,
       o.name AS object_name,
       i.index_id,
       i.type AS index_type,
       i.type_desc AS index_type_desc,
       i.is_unique,
       i.has_filter,
       i.filter_definition,
       ic.key_ordinal,
       ic.index_column_id,
       ic.is_included_column,
       ic.is_descending_key,
       c.name AS column_name
FROM sys.indexes AS i
JOIN sys.objects AS o ON o.object_id = i.object_id AND o.type IN ('U', 'V') AND o.is_ms_shipped = 0
LEFT JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
LEFT JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE i.type > 0 AND i.is_primary_key = 0 AND i.is_unique_constraint = 0 AND i.is_hypothetical = 0;`;

/** User-defined alias types (CREATE TYPE … FROM …); CLR and table types are reported as unsupported. */
export const aliasTypesQuery = `/* cdb:catalog:alias-types v1 */
SELECT SCHEMA_NAME(t.schema_id) AS schema_name,
       t.name AS type_name,
       bt.name AS base_type_name,
       t.max_length,
       t.precision,
       t.scale,
       t.is_nullable
FROM sys.types AS t
JOIN sys.types AS bt ON bt.user_type_id = t.system_type_id
WHERE t.is_user_defined = 1 AND t.is_assembly_type = 0 AND t.is_table_type = 0;`;

export const sequencesQuery = `/* cdb:catalog:sequences v1 */
SELECT SCHEMA_NAME(s.schema_id) AS schema_name,
       s.name AS sequence_name,
       bt.name AS base_type_name,
       ut.is_user_defined AS type_is_user_defined,
       SCHEMA_NAME(ut.schema_id) AS type_schema_name,
       ut.name AS type_name,
       s.precision,
       s.scale,
       CONVERT(nvarchar(40), s.start_value) AS start_value,
       CONVERT(nvarchar(40), s.increment) AS increment,
       CONVERT(nvarchar(40), s.minimum_value) AS minimum_value,
       CONVERT(nvarchar(40), s.maximum_value) AS maximum_value,
       s.is_cycling,
       s.is_cached,
       s.cache_size,
       CONVERT(nvarchar(40), s.current_value) AS current_value
FROM sys.sequences AS s
JOIN sys.types AS ut ON ut.user_type_id = s.user_type_id
JOIN sys.types AS bt ON bt.user_type_id = s.system_type_id;`;

/** Views, procedures, T-SQL functions and DML triggers with their source text. */
export const modulesQuery = `/* cdb:catalog:modules v1 */
SELECT SCHEMA_NAME(o.schema_id) AS schema_name,
       o.name AS object_name,
       o.type AS object_type,
       m.definition,
       m.uses_ansi_nulls,
       m.uses_quoted_identifier,
       m.is_schema_bound,
       SCHEMA_NAME(po.schema_id) AS parent_schema_name,
       po.name AS parent_name,
       tr.is_instead_of_trigger,
       tr.is_disabled AS trigger_is_disabled,
       tr.is_not_for_replication AS trigger_is_not_for_replication,
       CAST(OBJECTPROPERTY(o.object_id, 'ExecIsInsertTrigger') AS bit) AS trigger_on_insert,
       CAST(OBJECTPROPERTY(o.object_id, 'ExecIsUpdateTrigger') AS bit) AS trigger_on_update,
       CAST(OBJECTPROPERTY(o.object_id, 'ExecIsDeleteTrigger') AS bit) AS trigger_on_delete
FROM sys.objects AS o
JOIN sys.sql_modules AS m ON m.object_id = o.object_id
LEFT JOIN sys.triggers AS tr ON tr.object_id = o.object_id
LEFT JOIN sys.objects AS po ON o.type = 'TR' AND po.object_id = o.parent_object_id
WHERE o.is_ms_shipped = 0 AND o.type IN ('V', 'P', 'FN', 'IF', 'TF', 'TR') AND m.definition IS NOT NULL;`;

/**
 * What each view, procedure, function and trigger references in this database, as SQL Server resolved it when the
 * module was created (referenced_id is NULL for names it could not resolve and for other databases). DacFx orders
 * an import's CREATE statements only by these, so they go into model.xml. Types (class 6) and XML schema
 * collections (10) are not objects of sys.objects and are left out.
 */
export const moduleDependenciesQuery = `/* cdb:catalog:module-dependencies v1 */
SELECT DISTINCT SCHEMA_NAME(o.schema_id) AS schema_name,
       o.name AS object_name,
       SCHEMA_NAME(ro.schema_id) AS referenced_schema_name,
       ro.name AS referenced_name
FROM sys.sql_expression_dependencies AS d
JOIN sys.objects AS o ON o.object_id = d.referencing_id
JOIN sys.objects AS ro ON ro.object_id = d.referenced_id
WHERE d.referencing_class = 1 AND d.referenced_class = 1 AND d.referenced_id IS NOT NULL
  AND d.referenced_id <> d.referencing_id
  AND o.is_ms_shipped = 0 AND o.type IN ('V', 'P', 'FN', 'IF', 'TF', 'TR')
  AND ro.is_ms_shipped = 0 AND ro.type IN ('U', 'V', 'P', 'FN', 'IF', 'TF', 'SO');`;

/**
 * Extended properties on the database (class 0), objects and columns (1), parameters (2), schemas (3) and
 * indexes (7). The value's base type comes separately, with a text form that keeps every digit.
 */
export const extendedPropertiesQuery = `/* cdb:catalog:extended-properties v1 */
SELECT ep.class,
       ep.name AS property_name,
       CAST(SQL_VARIANT_PROPERTY(ep.value, 'BaseType') AS nvarchar(128)) AS value_type,
       CASE
         WHEN ep.value IS NULL THEN NULL
         WHEN CAST(SQL_VARIANT_PROPERTY(ep.value, 'BaseType') AS nvarchar(128)) IN (N'binary', N'varbinary')
           THEN CONVERT(nvarchar(max), CAST(ep.value AS varbinary(8000)), 1)
         WHEN CAST(SQL_VARIANT_PROPERTY(ep.value, 'BaseType') AS nvarchar(128)) = N'datetimeoffset'
           THEN CONVERT(nvarchar(40), CAST(ep.value AS datetimeoffset(7)), 121)
         WHEN CAST(SQL_VARIANT_PROPERTY(ep.value, 'BaseType') AS nvarchar(128)) IN (N'date', N'datetime', N'datetime2', N'smalldatetime')
           THEN CONVERT(nvarchar(40), CAST(ep.value AS datetime2(7)), 121)
         WHEN CAST(SQL_VARIANT_PROPERTY(ep.value, 'BaseType') AS nvarchar(128)) = N'time'
           THEN CONVERT(nvarchar(40), CAST(ep.value AS time(7)), 121)
         WHEN CAST(SQL_VARIANT_PROPERTY(ep.value, 'BaseType') AS nvarchar(128)) IN (N'float', N'real')
           THEN CONVERT(nvarchar(40), CAST(ep.value AS float), 3)
         WHEN CAST(SQL_VARIANT_PROPERTY(ep.value, 'BaseType') AS nvarchar(128)) IN (N'money', N'smallmoney')
           THEN CONVERT(nvarchar(40), CAST(ep.value AS money), 2)
         ELSE CONVERT(nvarchar(max), ep.value)
       END AS value_text,
       CASE ep.class WHEN 3 THEN SCHEMA_NAME(ep.major_id) WHEN 0 THEN NULL ELSE SCHEMA_NAME(o.schema_id) END AS schema_name,
       o.name AS object_name,
       o.type AS object_type,
       SCHEMA_NAME(po.schema_id) AS parent_schema_name,
       po.name AS parent_name,
       CASE WHEN ep.class = 1 AND ep.minor_id > 0 THEN COL_NAME(ep.major_id, ep.minor_id) END AS column_name,
       p.name AS parameter_name,
       i.name AS index_name
FROM sys.extended_properties AS ep
LEFT JOIN sys.objects AS o ON ep.class IN (1, 2, 7) AND o.object_id = ep.major_id
LEFT JOIN sys.objects AS po ON o.parent_object_id <> 0 AND po.object_id = o.parent_object_id
LEFT JOIN sys.parameters AS p ON ep.class = 2 AND p.object_id = ep.major_id AND p.parameter_id = ep.minor_id
LEFT JOIN sys.indexes AS i ON ep.class = 7 AND i.object_id = ep.major_id AND i.index_id = ep.minor_id
WHERE ep.class IN (0, 1, 2, 3, 7) AND (ep.class IN (0, 3) OR o.is_ms_shipped = 0);`;

/**
 * Objects a bacpac from this tool cannot carry, one row each (`kind` decides refuse or skip, see
 * readCatalog.ts). Table-level and column-level kinds come from the tables and columns queries instead.
 */
export const unsupportedObjectsQuery = `/* cdb:catalog:unsupported-objects v1 */
SELECT N'clr-assembly' AS kind, CAST(NULL AS sysname) AS schema_name, a.name AS object_name
  FROM sys.assemblies AS a WHERE a.is_user_defined = 1
UNION ALL
SELECT N'clr-module', SCHEMA_NAME(o.schema_id), o.name
  FROM sys.objects AS o WHERE o.type IN ('PC', 'FS', 'FT', 'TA', 'AF') AND o.is_ms_shipped = 0
UNION ALL
SELECT N'clr-type', SCHEMA_NAME(at.schema_id), at.name
  FROM sys.assembly_types AS at WHERE at.is_user_defined = 1
UNION ALL
SELECT N'table-type', SCHEMA_NAME(tt.schema_id), tt.name
  FROM sys.table_types AS tt WHERE tt.is_user_defined = 1
UNION ALL
SELECT N'external-data-source', NULL, ds.name
  FROM sys.external_data_sources AS ds
UNION ALL
SELECT N'encrypted-module', SCHEMA_NAME(o.schema_id), o.name
  FROM sys.sql_modules AS m JOIN sys.objects AS o ON o.object_id = m.object_id
 WHERE m.definition IS NULL AND o.is_ms_shipped = 0
UNION ALL
SELECT N'database-trigger', NULL, tr.name
  FROM sys.triggers AS tr WHERE tr.parent_class = 0 AND tr.is_ms_shipped = 0
UNION ALL
SELECT N'fulltext-index', SCHEMA_NAME(o.schema_id), o.name
  FROM sys.fulltext_indexes AS fi JOIN sys.objects AS o ON o.object_id = fi.object_id
UNION ALL
SELECT N'synonym', SCHEMA_NAME(sn.schema_id), sn.name
  FROM sys.synonyms AS sn
UNION ALL
SELECT N'rule-or-default', SCHEMA_NAME(o.schema_id), o.name
  FROM sys.objects AS o WHERE o.type IN ('R', 'D') AND o.parent_object_id = 0 AND o.is_ms_shipped = 0;`;

/** Every catalog query with its stable name, in the order readCatalog runs them. */
export const catalogQueries = {
  database: databaseQuery,
  schemas: schemasQuery,
  tables: tablesQuery,
  columns: columnsQuery,
  keyConstraints: keyConstraintsQuery,
  keyIndexes: keyIndexesQuery,
  foreignKeys: foreignKeysQuery,
  defaultConstraints: defaultConstraintsQuery,
  checkConstraints: checkConstraintsQuery,
  indexes: indexesQuery,
  aliasTypes: aliasTypesQuery,
  sequences: sequencesQuery,
  modules: modulesQuery,
  moduleDependencies: moduleDependenciesQuery,
  extendedProperties: extendedPropertiesQuery,
  unsupportedObjects: unsupportedObjectsQuery,
  principals: principalsQuery,
  principalsAzure: principalsAzureQuery,
  roleMembers: roleMembersQuery,
  permissions: permissionsQuery,
  databaseOptions: databaseOptionsQuery,
  scopedConfigurations: scopedConfigurationsQuery,
} as const;

export type CatalogQueryName = keyof typeof catalogQueries;

/** What each query reads, in words, for messages ("… while reading the foreign keys of database X"). */
export const catalogQueryPurposes: Record<CatalogQueryName, string> = {
  database: 'the database properties',
  schemas: 'the schemas',
  tables: 'the list of tables',
  columns: 'the columns',
  keyConstraints: 'the primary keys and unique constraints',
  keyIndexes: 'the indexes behind the primary keys and unique constraints',
  foreignKeys: 'the foreign keys',
  defaultConstraints: 'the default constraints',
  checkConstraints: 'the check constraints',
  indexes: 'the indexes',
  aliasTypes: 'the user-defined types',
  sequences: 'the sequences',
  modules: 'the views, procedures, functions and triggers',
  moduleDependencies: 'what the views, procedures and functions depend on',
  extendedProperties: 'the extended properties',
  unsupportedObjects: 'the objects a backup cannot carry',
  principals: 'the database users and roles',
  principalsAzure: 'the database users and roles',
  roleMembers: 'the role memberships',
  permissions: 'the permissions',
  databaseOptions: 'the database options',
  scopedConfigurations: 'the database scoped configurations',
};

/** `cdb:catalog:tables` from a query's first line (`/* cdb:catalog:tables v1 *\/`), or undefined. */
export function queryNameOf(sql: string): { name: string; version: number; rest: string } | undefined {
  const m = /^\s*\/\*\s*(cdb:[a-z0-9:-]+)\s+v(\d+)\s*([^*]*?)\s*\*\//.exec(sql);
  return m ? { name: m[1], version: Number(m[2]), rest: m[3] } : undefined;
}
