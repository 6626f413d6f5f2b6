/**
 * The all-types test database: every SqlBaseType NULL and NOT NULL, time scales 0–7, edge lengths, alias
 * types, identity, rowguidcol, a non-default collation, computed columns, every constraint kind, indexes
 * (clustered non-PK, descending, included, filtered, unique), a view, a procedure, scalar / inline /
 * multi-statement functions, a trigger, sequences, extended properties and a non-dbo schema.
 *
 * The model is in the catalog reader's normal form (src/core/catalog/catalogTypes.ts, optional flags set only
 * when true, collections sorted by sortDatabaseModel), so reading it back through the test double gives a
 * deep-equal model. Identity last values depend on the row count, hence a function.
 */
import { sortDatabaseModel } from '../../../src/core/catalog/modelOrder';
import {
  emptyDatabaseModel, type ColumnModel, type DatabaseModel, type SqlType, type TableModel,
} from '../../../src/core/model/types';

export const allTypesDatabaseName = 'AllTypes';
export const allTypesCollation = 'SQL_Latin1_General_CP1_CI_AS';

const col = (name: string, type: SqlType, nullable: boolean, extra: Partial<ColumnModel> = {}): ColumnModel => ({ name, type, nullable, ...extra });

/** The same column NOT NULL (suffix NN) and NULL (suffix N). */
const both = (name: string, type: SqlType): ColumnModel[] => [col(`${name}NN`, type, false), col(`${name}N`, type, true)];

const identity = (seed: number, increment: number, rows: number) => ({
  seed: String(seed), increment: String(increment), ...(rows > 0 ? { lastValue: String(seed + (rows - 1) * increment) } : {}),
});

export interface AllTypesOptions {
  /** Rows per table (the generator's count); decides the identity last values. Default 25. */
  rowsPerTable?: number;
}

export const allTypesDefaultRows = 25;

function numbersTable(rows: number): TableModel {
  return {
    schema: 'dbo', name: 'Numbers', ansiNulls: true,
    columns: [
      col('Id', { base: 'int' }, false, { identity: identity(1, 1, rows) }),
      ...both('Bit', { base: 'bit' }),
      ...both('TinyInt', { base: 'tinyint' }),
      ...both('SmallInt', { base: 'smallint' }),
      ...both('Int', { base: 'int' }),
      ...both('BigInt', { base: 'bigint' }),
      ...both('Real', { base: 'real' }),
      ...both('Float', { base: 'float', precision: 53 }),
      ...both('Dec38_0', { base: 'decimal', precision: 38, scale: 0 }),
      ...both('Dec38_10', { base: 'decimal', precision: 38, scale: 10 }),
      ...both('Dec38_38', { base: 'decimal', precision: 38, scale: 38 }),
      ...both('Dec5_2', { base: 'decimal', precision: 5, scale: 2 }),
      ...both('Num18_6', { base: 'numeric', precision: 18, scale: 6 }),
      ...both('Money', { base: 'money' }),
      ...both('SmallMoney', { base: 'smallmoney' }),
    ],
  };
}

function temporalTable(rows: number): TableModel {
  const scaled: ColumnModel[] = [];
  for (const base of ['time', 'datetime2', 'datetimeoffset'] as const) {
    for (let scale = 0; scale <= 7; scale++) scaled.push(col(`${base}${scale}`, { base, scale }, scale % 2 === 1));
  }
  return {
    schema: 'dbo', name: 'Temporal', ansiNulls: true,
    columns: [
      col('Id', { base: 'bigint' }, false, { identity: identity(1000, 5, rows) }),
      ...both('Date', { base: 'date' }),
      ...scaled,
      ...both('DateTime', { base: 'datetime' }),
      ...both('SmallDateTime', { base: 'smalldatetime' }),
    ],
  };
}

function textsTable(rows: number): TableModel {
  return {
    schema: 'dbo', name: 'Texts', ansiNulls: true,
    columns: [
      col('Id', { base: 'int' }, false, { identity: identity(1, 1, rows) }),
      col('Code', { base: 'int' }, false),
      col('Name', { base: 'nvarchar', length: 50, userType: { schema: 'dbo', name: 'Name' } }, false),
      ...both('Char1', { base: 'char', length: 1 }),
      ...both('Char10', { base: 'char', length: 10 }),
      ...both('VarChar1', { base: 'varchar', length: 1 }),
      ...both('VarChar8000', { base: 'varchar', length: 8000 }),
      ...both('VarCharMax', { base: 'varchar', isMax: true }),
      ...both('NChar1', { base: 'nchar', length: 1 }),
      ...both('NChar10', { base: 'nchar', length: 10 }),
      ...both('NVarChar1', { base: 'nvarchar', length: 1 }),
      ...both('NVarChar4000', { base: 'nvarchar', length: 4000 }),
      ...both('NVarCharMax', { base: 'nvarchar', isMax: true }),
      col('TextN', { base: 'text' }, true),
      col('NTextN', { base: 'ntext' }, true),
      ...both('Xml', { base: 'xml' }),
      col('Latin100', { base: 'varchar', length: 50 }, true, { collation: 'Latin1_General_100_CI_AS' }),
    ],
  };
}

function binariesTable(): TableModel {
  return {
    schema: 'dbo', name: 'Binaries', ansiNulls: true,
    columns: [
      col('Id', { base: 'uniqueidentifier' }, false, { isRowGuidCol: true }),
      ...both('Guid', { base: 'uniqueidentifier' }),
      ...both('Binary1', { base: 'binary', length: 1 }),
      ...both('Binary16', { base: 'binary', length: 16 }),
      ...both('VarBinary1', { base: 'varbinary', length: 1 }),
      ...both('VarBinary8000', { base: 'varbinary', length: 8000 }),
      ...both('VarBinaryMax', { base: 'varbinary', isMax: true }),
      col('ImageN', { base: 'image' }, true),
      col('RowVer', { base: 'rowversion' }, false),
    ],
  };
}

function spatialTable(rows: number): TableModel {
  return {
    schema: 'sales', name: 'Spatial', ansiNulls: true,
    columns: [
      col('Id', { base: 'int' }, false, { identity: identity(1, 1, rows) }),
      col('Code', { base: 'nvarchar', length: 20 }, false),
      ...both('Geography', { base: 'geography' }),
      ...both('Geometry', { base: 'geometry' }),
      ...both('HierarchyId', { base: 'hierarchyid' }),
      ...both('Variant', { base: 'sql_variant' }),
      col('Twice', { base: 'int' }, true, { computed: { expression: '([Id]*(2))', persisted: false } }),
      col('CodeUpper', { base: 'nvarchar', length: 20 }, true, { computed: { expression: '(upper([Code]))', persisted: true } }),
      col('Thrice', { base: 'int' }, false, { computed: { expression: '([Id]*(3))', persisted: true, persistedNotNull: true } }),
    ],
  };
}

function ordersTable(rows: number): TableModel {
  return {
    schema: 'sales', name: 'Orders', ansiNulls: true,
    columns: [
      col('Id', { base: 'int' }, false, { identity: { ...identity(1, 1, rows), notForReplication: true } }),
      col('OrderNumber', { base: 'bigint' }, false),
      col('NumberId', { base: 'int' }, false),
      col('BinaryId', { base: 'uniqueidentifier' }, true),
      col('Amount', { base: 'decimal', precision: 19, scale: 4, userType: { schema: 'sales', name: 'Amount' } }, true),
      col('Status', { base: 'nvarchar', length: 20 }, false),
      col('CreatedAt', { base: 'datetime2', scale: 7 }, false),
    ],
  };
}

function heapTable(): TableModel {
  return {
    schema: 'dbo', name: 'Heap', ansiNulls: false,
    columns: [col('Value', { base: 'int' }, true), col('Label', { base: 'nvarchar', length: 50 }, true)],
  };
}

export function allTypesModel(options: AllTypesOptions = {}): DatabaseModel {
  const rows = options.rowsPerTable ?? allTypesDefaultRows;
  const model = emptyDatabaseModel(allTypesDatabaseName, allTypesCollation, {
    versionText: 'Microsoft SQL Azure (RTM) - 12.0.2000.8 \n\tCopyright (C) 2022 Microsoft Corporation\n',
    majorVersion: 12,
    isAzureSqlDatabase: true,
  });
  model.compatibilityLevel = 160;
  model.schemas.push({ name: 'sales', owner: 'dbo' });
  model.userDefinedTypes.push(
    { schema: 'dbo', name: 'Name', type: { base: 'nvarchar', length: 50 }, nullable: false },
    { schema: 'sales', name: 'Amount', type: { base: 'decimal', precision: 19, scale: 4 }, nullable: true },
  );
  model.tables.push(numbersTable(rows), temporalTable(rows), textsTable(rows), binariesTable(), spatialTable(rows), ordersTable(rows), heapTable());

  const t = (schema: string, name: string) => ({ schema, name });
  model.primaryKeys.push(
    { name: 'PK_Numbers', table: t('dbo', 'Numbers'), columns: [{ name: 'Id' }], clustered: true },
    { name: 'PK_Temporal', table: t('dbo', 'Temporal'), columns: [{ name: 'Id', descending: true }], clustered: true },
    { name: 'PK_Texts', table: t('dbo', 'Texts'), columns: [{ name: 'Id' }], clustered: false },
    { name: 'PK_Binaries', table: t('dbo', 'Binaries'), columns: [{ name: 'Id' }], clustered: true },
    { name: 'PK_Spatial', table: t('sales', 'Spatial'), columns: [{ name: 'Id' }], clustered: true },
    { name: 'PK_Orders', table: t('sales', 'Orders'), columns: [{ name: 'Id' }], clustered: true },
  );
  model.uniqueConstraints.push(
    { name: 'UQ_Orders_OrderNumber', table: t('sales', 'Orders'), columns: [{ name: 'OrderNumber' }], clustered: false },
  );
  model.foreignKeys.push(
    { name: 'FK_Orders_Numbers', table: t('sales', 'Orders'), columns: ['NumberId'], referencedTable: t('dbo', 'Numbers'), referencedColumns: ['Id'], onDelete: 'CASCADE', onUpdate: 'NO_ACTION' },
    { name: 'FK_Orders_Binaries', table: t('sales', 'Orders'), columns: ['BinaryId'], referencedTable: t('dbo', 'Binaries'), referencedColumns: ['Id'], onDelete: 'SET_NULL', onUpdate: 'NO_ACTION', notTrusted: true },
  );
  model.defaultConstraints.push(
    { name: 'DF_Orders_Status', table: t('sales', 'Orders'), column: 'Status', expression: "(N'new')" },
    { name: 'DF_Orders_CreatedAt', table: t('sales', 'Orders'), column: 'CreatedAt', expression: '(sysutcdatetime())' },
    { name: 'DF_Binaries_Id', table: t('dbo', 'Binaries'), column: 'Id', expression: '(newsequentialid())' },
  );
  model.checkConstraints.push(
    { name: 'CK_Orders_Status', table: t('sales', 'Orders'), column: 'Status', expression: "([Status]=N'shipped' OR [Status]=N'paid' OR [Status]=N'new')" },
    { name: 'CK_Orders_Amount', table: t('sales', 'Orders'), expression: '([Amount]>=(0) OR [Amount] IS NULL)', disabled: true, notTrusted: true },
  );
  model.indexes.push(
    { name: 'CIX_Texts_Code', table: t('dbo', 'Texts'), unique: false, clustered: true, columns: [{ name: 'Code' }], included: [] },
    { name: 'IX_Numbers_Int_Desc', table: t('dbo', 'Numbers'), unique: false, clustered: false, columns: [{ name: 'IntNN', descending: true }, { name: 'BigIntNN' }], included: [] },
    { name: 'IX_Orders_Status', table: t('sales', 'Orders'), unique: false, clustered: false, columns: [{ name: 'Status' }], included: ['Amount', 'CreatedAt'], filter: "([Status]<>N'shipped')" },
    { name: 'UX_Spatial_Code', table: t('sales', 'Spatial'), unique: true, clustered: false, columns: [{ name: 'Code' }], included: [] },
  );
  model.sequences.push(
    { schema: 'sales', name: 'OrderNumbers', type: { base: 'bigint' }, startValue: '1000', increment: '10', minValue: '1000', maxValue: '9999999', cycle: true, cacheSize: 50, currentValue: '1000' },
    { schema: 'dbo', name: 'Tickets', type: { base: 'int' }, startValue: '1', increment: '1', minValue: '-2147483648', maxValue: '2147483647', cycle: false, cacheSize: 0, currentValue: '1' },
    { schema: 'dbo', name: 'Serials', type: { base: 'decimal', precision: 12, scale: 0 }, startValue: '1', increment: '1', minValue: '1', maxValue: '999999999999', cycle: false },
  );
  model.modules.push(
    {
      schema: 'dbo', name: 'vNumbers', kind: 'view', ansiNulls: true, quotedIdentifier: true, schemaBound: true,
      definition: 'CREATE VIEW [dbo].[vNumbers]\nWITH SCHEMABINDING\nAS\nSELECT [Id], [IntNN], [BigIntNN] FROM [dbo].[Numbers];\n',
    },
    {
      schema: 'sales', name: 'GetOrders', kind: 'procedure', ansiNulls: true, quotedIdentifier: true,
      definition: 'CREATE PROCEDURE [sales].[GetOrders] @NumberId int\nAS\nBEGIN\n  SET NOCOUNT ON;\n  SELECT [Id], [OrderNumber], [Amount] FROM [sales].[Orders] WHERE [NumberId] = @NumberId;\nEND\n',
    },
    {
      schema: 'dbo', name: 'AddOne', kind: 'scalarFunction', ansiNulls: true, quotedIdentifier: false,
      definition: 'CREATE FUNCTION [dbo].[AddOne](@x int)\nRETURNS int\nAS\nBEGIN\n  RETURN @x + 1;\nEND\n',
    },
    {
      schema: 'sales', name: 'OrdersOf', kind: 'inlineTableFunction', ansiNulls: true, quotedIdentifier: true,
      definition: 'CREATE FUNCTION [sales].[OrdersOf](@NumberId int)\nRETURNS TABLE\nAS\nRETURN SELECT [Id], [Status] FROM [sales].[Orders] WHERE [NumberId] = @NumberId;\n',
    },
    {
      schema: 'dbo', name: 'FirstNumbers', kind: 'tableFunction', ansiNulls: false, quotedIdentifier: true,
      definition: 'CREATE FUNCTION [dbo].[FirstNumbers](@count int)\nRETURNS @result TABLE ([Id] int NOT NULL)\nAS\nBEGIN\n  INSERT INTO @result ([Id]) SELECT TOP (@count) [Id] FROM [dbo].[Numbers] ORDER BY [Id];\n  RETURN;\nEND\n',
    },
    {
      schema: 'sales', name: 'trOrders_Touch', kind: 'trigger', ansiNulls: true, quotedIdentifier: true, parent: t('sales', 'Orders'),
      trigger: { insert: true, update: true, delete: false, insteadOf: false },
      definition: 'CREATE TRIGGER [sales].[trOrders_Touch] ON [sales].[Orders]\nAFTER INSERT, UPDATE\nAS\nBEGIN\n  SET NOCOUNT ON;\nEND\n',
    },
  );
  model.extendedProperties.push(
    { name: 'MS_Description', target: { kind: 'database' }, value: "N'Every type, for the tests.'" },
    { name: 'Owner', target: { kind: 'schema', schema: 'sales' }, value: "'Sales team'" },
    { name: 'MS_Description', target: { kind: 'table', object: t('dbo', 'Numbers') }, value: "N'Numbers at their edges: ''min'' and ''max''.'" },
    { name: 'MS_Description', target: { kind: 'column', object: t('dbo', 'Texts'), column: 'NVarCharMaxN' }, value: "N'Unicode 😀 text'" },
    { name: 'Version', target: { kind: 'view', object: t('dbo', 'vNumbers') }, value: '42' },
    { name: 'Since', target: { kind: 'module', object: t('sales', 'GetOrders') }, value: "N'2024-01-31 12:00:00.0000000'" },
    { name: 'MS_Description', target: { kind: 'parameter', object: t('sales', 'GetOrders'), parameter: '@NumberId' }, value: "N'The number row.'" },
    { name: 'MS_Description', target: { kind: 'index', object: t('sales', 'Orders'), index: 'IX_Orders_Status' }, value: "N'Open orders.'" },
    { name: 'MS_Description', target: { kind: 'constraint', object: t('sales', 'Orders'), constraint: 'PK_Orders' }, value: "N'Order key.'" },
    { name: 'Weight', target: { kind: 'column', object: t('sales', 'Orders'), column: 'Amount' }, value: '0.125' },
    { name: 'Blob', target: { kind: 'table', object: t('dbo', 'Binaries') }, value: '0x00FF10' },
  );
  return sortDatabaseModel(model);
}
