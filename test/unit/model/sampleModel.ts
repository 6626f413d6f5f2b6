import { emptyDatabaseModel, type DatabaseModel } from '../../../src/core/model/types';

/** A small model that uses every element type the writer emits. */
export function sampleModel(): DatabaseModel {
  const m = emptyDatabaseModel('Shop', 'SQL_Latin1_General_CP1_CI_AS', {
    versionText: 'Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64)',
    majorVersion: 16,
    isAzureSqlDatabase: false,
  });
  m.schemas.push({ name: 'sales', owner: 'dbo' });
  m.userDefinedTypes.push({ schema: 'dbo', name: 'Name', type: { base: 'nvarchar', length: 50 }, nullable: true });
  m.xmlSchemaCollections = [{ schema: 'sales', name: 'Specs', expression: "N'<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"/>'" }];
  m.tables.push({
    schema: 'sales',
    name: 'Order',
    ansiNulls: true,
    columns: [
      { name: 'Id', type: { base: 'int' }, nullable: false, identity: { seed: '1', increment: '1', lastValue: '41' } },
      { name: 'Number', type: { base: 'bigint' }, nullable: false, identity: undefined },
      { name: 'Customer', type: { base: 'nvarchar', length: 50, userType: { schema: 'dbo', name: 'Name' } }, nullable: true },
      { name: 'Amount', type: { base: 'decimal', precision: 18, scale: 0 }, nullable: true },
      { name: 'Rate', type: { base: 'decimal', precision: 9, scale: 4 }, nullable: true },
      { name: 'Ratio', type: { base: 'float', precision: 53 }, nullable: true },
      { name: 'Small', type: { base: 'real' }, nullable: true },
      { name: 'At', type: { base: 'time', scale: 0 }, nullable: true },
      { name: 'Stamp', type: { base: 'datetime2', scale: 7 }, nullable: true },
      { name: 'Notes', type: { base: 'varchar', isMax: true }, nullable: true, collation: 'Latin1_General_CS_AS' },
      { name: 'Version', type: { base: 'rowversion' }, nullable: false },
      { name: 'Place', type: { base: 'geography' }, nullable: true },
      { name: 'Spec', type: { base: 'xml', xmlSchemaCollection: { schema: 'sales', name: 'Specs' } }, nullable: true },
      { name: 'Guid', type: { base: 'uniqueidentifier' }, nullable: false, isRowGuidCol: true },
      { name: 'Total', type: { base: 'sql_variant' }, nullable: true, computed: { expression: '([Amount]*[Rate])', persisted: true } },
    ],
  });
  m.tables.push({
    schema: 'dbo',
    name: 'Line]s',
    ansiNulls: true,
    columns: [
      { name: 'OrderId', type: { base: 'int' }, nullable: false },
      { name: 'Pos', type: { base: 'smallint' }, nullable: false, identity: { seed: '100', increment: '5' } },
      { name: 'Qty', type: { base: 'int' }, nullable: false },
    ],
  });
  const order = { schema: 'sales', name: 'Order' };
  const lines = { schema: 'dbo', name: 'Line]s' };
  m.primaryKeys.push({ name: 'PK_Order', table: order, columns: [{ name: 'Id' }], clustered: true });
  m.primaryKeys.push({ name: 'PK_Lines', table: lines, columns: [{ name: 'OrderId' }, { name: 'Pos', descending: true }], clustered: false });
  m.uniqueConstraints.push({ name: 'UQ_Order_Number', table: order, columns: [{ name: 'Number' }], clustered: false });
  m.foreignKeys.push({
    name: 'FK_Lines_Order', table: lines, columns: ['OrderId'], referencedTable: order, referencedColumns: ['Id'],
    onDelete: 'CASCADE', onUpdate: 'SET_NULL', notTrusted: true,
  });
  m.defaultConstraints.push({ name: 'DF_Order_Guid', table: order, column: 'Guid', expression: '(newid())' });
  m.checkConstraints.push({ name: 'CK_Lines_Qty', table: lines, expression: '([Qty]>(0) AND [Qty]<CONVERT([int],(1000)))', notTrusted: true });
  m.indexes.push({ name: 'IX_Order_Customer', table: order, unique: true, clustered: false, columns: [{ name: 'Customer' }], included: ['Amount'], filter: '([Customer] IS NOT NULL)' });
  m.sequences.push({ schema: 'sales', name: 'OrderNumbers', type: { base: 'bigint' }, startValue: '1000', increment: '1', cycle: false, currentValue: '1041' });
  m.modules.push({
    schema: 'sales',
    name: 'vOrders',
    kind: 'view',
    definition: 'CREATE VIEW [sales].[vOrders]\r\nAS\r\nSELECT [Id], [Amount] FROM [sales].[Order];',
    ansiNulls: true,
    quotedIdentifier: true,
    columns: [{ name: 'Id' }, { name: 'Amount' }],
  });
  m.modules.push({
    schema: 'dbo',
    name: 'AddLine',
    kind: 'procedure',
    definition: '-- adds a line\r\nCREATE PROCEDURE [dbo].[AddLine] @OrderId int, @Qty int = 1, @Pos smallint OUTPUT\r\nAS\r\nBEGIN\r\n  SET NOCOUNT ON;\r\nEND',
    ansiNulls: true,
    quotedIdentifier: false,
  });
  m.modules.push({
    schema: 'dbo',
    name: 'LineCount',
    kind: 'scalarFunction',
    definition: 'CREATE FUNCTION [dbo].[LineCount](@OrderId int)\r\nRETURNS decimal(9, 2)\r\nAS\r\nBEGIN\r\n  RETURN 1;\r\nEND',
    ansiNulls: true,
    quotedIdentifier: true,
  });
  m.modules.push({
    schema: 'dbo',
    name: 'trLines',
    kind: 'trigger',
    definition: 'CREATE TRIGGER [dbo].[trLines] ON [dbo].[Line]]s] INSTEAD OF DELETE AS\r\nBEGIN\r\n  RETURN;\r\nEND',
    ansiNulls: true,
    quotedIdentifier: true,
    parent: lines,
    trigger: { insert: false, update: false, delete: true, insteadOf: true },
  });
  m.extendedProperties.push(
    { name: 'MS_Description', target: { kind: 'table', object: order }, value: "N'Orders & more'" },
    { name: 'MS_Description', target: { kind: 'column', object: order, column: 'Amount' }, value: "N'Net <amount>'" },
    { name: 'MS_Description', target: { kind: 'database' }, value: "N'The shop'" },
    { name: 'MS_Description', target: { kind: 'schema', schema: 'sales' }, value: "N'Sales'" },
    { name: 'MS_Description', target: { kind: 'module', object: { schema: 'dbo', name: 'AddLine' } }, value: "N'Adds'" },
    { name: 'MS_Description', target: { kind: 'parameter', object: { schema: 'dbo', name: 'AddLine' }, parameter: '@Qty' }, value: "N'How many'" },
    { name: 'MS_Description', target: { kind: 'constraint', object: order, constraint: 'PK_Order' }, value: "N'Key'" },
    { name: 'MS_Description', target: { kind: 'index', object: order, index: 'IX_Order_Customer' }, value: "N'Index'" },
  );
  return m;
}
