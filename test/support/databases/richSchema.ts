/**
 * A small database rich in programmable objects, for the DacFx checks: views in a dependency chain
 * (view → view → view → table), a scalar function reading a view, an inline and a multi-statement table-valued
 * function, a procedure, a trigger writing to another table, a sequence used by a default, an alias type, extended
 * properties, a non-dbo schema, and a table whose name needs percent-escaping in its part name (`( ) ! * '`).
 *
 * Names are chosen so that alphabetical order is the reverse of dependency order (`a_TopCustomers` reads
 * `b_CustomerTotals`, which reads `c_CustomerBase`): DacFx orders an import's CREATE statements only by the
 * dependencies model.xml declares, so a package without them creates `a_…` first and the import fails.
 *
 * `dependencies` are what SQL Server's sys.sql_expression_dependencies reports for each module (resolved objects
 * only), in the catalog reader's normal form (sorted by schema, then name). The model as a whole is in that normal
 * form too, so reading it back through the test double gives a deep-equal model.
 */
import type { SqlRow } from '../../../src/core/bcp/values';
import { sortDatabaseModel } from '../../../src/core/catalog/modelOrder';
import { emptyDatabaseModel, type DatabaseModel, type ModuleModel, type ObjectName } from '../../../src/core/model/types';
import type { GeneratedDatabase } from './generatedDatabase';

export const richSchemaDatabaseName = 'RichSchema';
/** A table name with every character `encodeURIComponent` leaves raw but .NET's Uri.EscapeDataString escapes. */
export const oddTableName = "Log(1)!*'";

const o = (schema: string, name: string): ObjectName => ({ schema, name });

const customers: SqlRow[] = [
  [1, 'C-001', 'Ada Lovelace', 'ada@example.com', '2024-01-02 03:04:05.678', '1500.00'],
  [2, 'C-002', 'Grace Hopper', null, '2024-02-03 04:05:06.789', '0.00'],
  [3, 'C-003', 'Ünïcødé 😀', 'u@example.com', '2024-03-04 05:06:07.890', '99999.99'],
  [4, 'C-004', "O'Brien", null, '2024-04-05 06:07:08.901', '12.34'],
  [5, 'C-005', 'Edsger Dijkstra', 'ewd@example.com', '2024-05-06 07:08:09.012', '250.50'],
];

const invoices: SqlRow[] = [
  [1, 1, 100n, '19.9900', 'O'],
  [2, 1, 101n, '250.0000', 'P'],
  [3, 2, 102n, '-5.5000', 'O'],
  [4, 3, 103n, '922337203685477.5807', 'P'],
  [5, 3, 104n, '0.0001', 'O'],
  [6, 4, 105n, '42.0000', 'P'],
  [7, 5, 106n, '7.2500', 'O'],
  [8, 5, 107n, '1000.0000', 'O'],
];

const logRows: SqlRow[] = [
  [1n, '2024-06-01 10:00:00.000', 'first'],
  [2n, '2024-06-01 10:00:00.003', null],
  [3n, '2024-06-02 11:30:15.997', 'third: ( ) ! * \''],
];

function module(m: Omit<ModuleModel, 'ansiNulls' | 'quotedIdentifier'>): ModuleModel {
  return { ansiNulls: true, quotedIdentifier: true, ...m };
}

export function richSchemaModel(): DatabaseModel {
  const model = emptyDatabaseModel(richSchemaDatabaseName, 'SQL_Latin1_General_CP1_CI_AS', {
    versionText: 'Microsoft SQL Azure (RTM) - 12.0.2000.8 \n\tCopyright (C) 2022 Microsoft Corporation\n',
    majorVersion: 12,
    isAzureSqlDatabase: true,
  });
  model.compatibilityLevel = 160;
  model.schemas.push({ name: 'app', owner: 'dbo' });
  model.userDefinedTypes.push({ schema: 'app', name: 'Code', type: { base: 'nvarchar', length: 20 }, nullable: false });
  model.sequences.push({
    schema: 'app', name: 'InvoiceNumbers', type: { base: 'bigint' }, startValue: '100', increment: '1',
    minValue: '-9223372036854775808', maxValue: '9223372036854775807', cycle: false, currentValue: '107',
  }, {
    // Every option a sequence has, and NO CACHE: model.xml must carry them (DacFx's names, experiments/RESULTS.md).
    schema: 'app', name: 'TicketNumbers', type: { base: 'int' }, startValue: '90', increment: '-5',
    minValue: '10', maxValue: '100', cycle: true, cacheSize: 20, currentValue: '75',
  }, {
    schema: 'app', name: 'BatchNumbers', type: { base: 'smallint' }, startValue: '1', increment: '1',
    minValue: '1', maxValue: '500', cycle: false, cacheSize: 0,
  });
  model.tables.push(
    {
      schema: 'app', name: 'Customer', ansiNulls: true,
      columns: [
        { name: 'Id', type: { base: 'int' }, nullable: false, identity: { seed: '1', increment: '1', lastValue: '5' } },
        { name: 'Code', type: { base: 'nvarchar', length: 20, userType: o('app', 'Code') }, nullable: false },
        { name: 'Name', type: { base: 'nvarchar', length: 100 }, nullable: false },
        { name: 'Email', type: { base: 'varchar', length: 200 }, nullable: true },
        { name: 'CreatedAt', type: { base: 'datetime2', scale: 3 }, nullable: false },
        { name: 'Credit', type: { base: 'decimal', precision: 12, scale: 2 }, nullable: false },
      ],
    },
    {
      schema: 'app', name: 'Invoice', ansiNulls: true,
      columns: [
        { name: 'Id', type: { base: 'int' }, nullable: false, identity: { seed: '1', increment: '1', lastValue: '8' } },
        { name: 'CustomerId', type: { base: 'int' }, nullable: false },
        { name: 'Number', type: { base: 'bigint' }, nullable: false },
        { name: 'Total', type: { base: 'money' }, nullable: false },
        { name: 'Status', type: { base: 'char', length: 1 }, nullable: false },
      ],
    },
    {
      schema: 'dbo', name: oddTableName, ansiNulls: true,
      columns: [
        { name: 'Id', type: { base: 'bigint' }, nullable: false, identity: { seed: '1', increment: '1', lastValue: '3' } },
        { name: 'At', type: { base: 'datetime' }, nullable: false },
        { name: 'Message', type: { base: 'nvarchar', isMax: true }, nullable: true },
      ],
    },
  );
  model.primaryKeys.push(
    { name: 'PK_Customer', table: o('app', 'Customer'), columns: [{ name: 'Id' }], clustered: true },
    { name: 'PK_Invoice', table: o('app', 'Invoice'), columns: [{ name: 'Id' }], clustered: true },
    { name: 'PK_Log', table: o('dbo', oddTableName), columns: [{ name: 'Id', descending: true }], clustered: false },
  );
  model.uniqueConstraints.push(
    { name: 'UQ_Customer_Code', table: o('app', 'Customer'), columns: [{ name: 'Code' }], clustered: false },
    { name: 'UQ_Invoice_Number', table: o('app', 'Invoice'), columns: [{ name: 'Number' }, { name: 'CustomerId', descending: true }], clustered: false },
  );
  model.foreignKeys.push({
    name: 'FK_Invoice_Customer', table: o('app', 'Invoice'), columns: ['CustomerId'], referencedTable: o('app', 'Customer'), referencedColumns: ['Id'],
    onDelete: 'CASCADE', onUpdate: 'NO_ACTION', notForReplication: true,
  });
  model.defaultConstraints.push(
    { name: 'DF_Customer_CreatedAt', table: o('app', 'Customer'), column: 'CreatedAt', expression: '(sysutcdatetime())' },
    { name: 'DF_Customer_Credit', table: o('app', 'Customer'), column: 'Credit', expression: '((0))' },
    { name: 'DF_Invoice_Number', table: o('app', 'Invoice'), column: 'Number', expression: '(NEXT VALUE FOR [app].[InvoiceNumbers])' },
  );
  model.checkConstraints.push(
    { name: 'CK_Customer_Credit', table: o('app', 'Customer'), column: 'Credit', expression: '([Credit]>=(0))' },
    { name: 'CK_Invoice_Status', table: o('app', 'Invoice'), expression: "([Status]='P' OR [Status]='O')", notForReplication: true },
  );
  model.indexes.push(
    { name: 'IX_Invoice_Customer', table: o('app', 'Invoice'), unique: false, clustered: false, columns: [{ name: 'CustomerId' }, { name: 'Total', descending: true }], included: ['Status'], filter: "([Status]='O')" },
    { name: 'CIX_Log_At', table: o('dbo', oddTableName), unique: false, clustered: true, columns: [{ name: 'At' }], included: [] },
    { name: 'UX_Customer_Email', table: o('app', 'Customer'), unique: true, clustered: false, columns: [{ name: 'Email' }], included: ['Name'], filter: '([Email] IS NOT NULL)' },
  );
  model.modules.push(
    module({
      schema: 'app', name: 'c_CustomerBase', kind: 'view', dependencies: [o('app', 'Customer')],
      definition: 'CREATE VIEW [app].[c_CustomerBase]\nAS\nSELECT [Id], [Code], [Name], [Credit] FROM [app].[Customer];\n',
    }),
    module({
      schema: 'app', name: 'b_CustomerTotals', kind: 'view', dependencies: [o('app', 'Invoice'), o('app', 'c_CustomerBase')],
      definition: 'CREATE VIEW [app].[b_CustomerTotals]\nAS\nSELECT c.[Id], c.[Name], COUNT(i.[Id]) AS [Invoices], SUM(i.[Total]) AS [Total]\n' +
        'FROM [app].[c_CustomerBase] AS c LEFT JOIN [app].[Invoice] AS i ON i.[CustomerId] = c.[Id]\nGROUP BY c.[Id], c.[Name];\n',
    }),
    module({
      schema: 'app', name: 'a_TopCustomers', kind: 'view', dependencies: [o('app', 'b_CustomerTotals')],
      definition: 'CREATE VIEW [app].[a_TopCustomers]\nAS\nSELECT TOP (3) [Id], [Name], [Total] FROM [app].[b_CustomerTotals] ORDER BY [Total] DESC;\n',
    }),
    module({
      schema: 'app', name: 'a_CreditOf', kind: 'scalarFunction', dependencies: [o('app', 'c_CustomerBase')],
      definition: 'CREATE FUNCTION [app].[a_CreditOf](@id int)\nRETURNS decimal(12, 2)\nAS\nBEGIN\n' +
        '  RETURN (SELECT [Credit] FROM [app].[c_CustomerBase] WHERE [Id] = @id);\nEND\n',
    }),
    module({
      schema: 'app', name: 'InvoicesOf', kind: 'inlineTableFunction', dependencies: [o('app', 'Invoice')],
      definition: 'CREATE FUNCTION [app].[InvoicesOf](@customerId int)\nRETURNS TABLE\nAS\n' +
        'RETURN SELECT [Id], [Number], [Total] FROM [app].[Invoice] WHERE [CustomerId] = @customerId;\n',
    }),
    module({
      schema: 'app', name: 'a_BigCustomers', kind: 'tableFunction', dependencies: [o('app', 'a_CreditOf'), o('app', 'b_CustomerTotals')],
      definition: 'CREATE FUNCTION [app].[a_BigCustomers](@min decimal(12, 2))\nRETURNS @result TABLE ([Id] int NOT NULL, [Name] nvarchar(100) NULL)\nAS\nBEGIN\n' +
        '  INSERT INTO @result ([Id], [Name]) SELECT [Id], [Name] FROM [app].[b_CustomerTotals] WHERE [app].[a_CreditOf]([Id]) >= @min;\n  RETURN;\nEND\n',
    }),
    module({
      schema: 'app', name: 'AddInvoice', kind: 'procedure', dependencies: [o('app', 'Invoice'), o('app', 'InvoicesOf')],
      definition: 'CREATE PROCEDURE [app].[AddInvoice] @customerId int, @total money, @id int OUTPUT\nAS\nBEGIN\n  SET NOCOUNT ON;\n' +
        "  INSERT INTO [app].[Invoice] ([CustomerId], [Total], [Status]) VALUES (@customerId, @total, 'O');\n  SET @id = SCOPE_IDENTITY();\n" +
        '  SELECT * FROM [app].[InvoicesOf](@customerId);\nEND\n',
    }),
    module({
      schema: 'app', name: 'trInvoice_Log', kind: 'trigger', parent: o('app', 'Invoice'), dependencies: [o('dbo', oddTableName)],
      trigger: { insert: true, update: false, delete: true, insteadOf: false, notForReplication: true },
      definition: "CREATE TRIGGER [app].[trInvoice_Log] ON [app].[Invoice]\nAFTER INSERT, DELETE\nNOT FOR REPLICATION\nAS\nBEGIN\n  SET NOCOUNT ON;\n" +
        "  INSERT INTO [dbo].[Log(1)!*'] ([At], [Message]) SELECT GETDATE(), N'invoice changed';\nEND\n",
    }),
  );
  model.extendedProperties.push(
    { name: 'MS_Description', target: { kind: 'table', object: o('app', 'Customer') }, value: "N'People who buy things.'" },
    { name: 'MS_Description', target: { kind: 'column', object: o('app', 'Invoice'), column: 'Total' }, value: "N'Gross, in the invoice currency.'" },
    { name: 'MS_Description', target: { kind: 'view', object: o('app', 'a_TopCustomers') }, value: "N'Top three by total.'" },
    { name: 'Owner', target: { kind: 'module', object: o('app', 'AddInvoice') }, value: "'billing'" },
    { name: 'MS_Description', target: { kind: 'schema', schema: 'app' }, value: "N'The application.'" },
  );
  return sortDatabaseModel(model);
}

const rowsByTable: Record<string, SqlRow[]> = {
  'app.Customer': customers,
  'app.Invoice': invoices,
  [`dbo.${oddTableName}`]: logRows,
};

/** The rich-schema database with its rows (in clustered-key order, as the data query returns them). */
export function createRichSchemaDatabase(): GeneratedDatabase {
  const model = richSchemaModel();
  const rowsOf = (t: ObjectName): SqlRow[] => {
    const rows = rowsByTable[`${t.schema}.${t.name}`];
    if (!rows) throw new Error(`no rows for ${t.schema}.${t.name}`);
    return rows;
  };
  return {
    model,
    rowCount: (t) => rowsOf(t).length,
    rows: (t) => rowsOf(t).map((r) => [...r]),
  };
}
