import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchemaScript, renderSchemaScript } from '../../../src/core/script';
import { orderModules } from '../../../src/core/script/moduleOrder';
import { richSchemaModel } from '../../support/databases/richSchema';

// The DacFx oracle (test/integration/dacfx/schemaScript.test.ts) proves the script builds the same model; these
// pin the restore-relevant choices it cannot see: which stage a statement is in, and the order within a stage.

test('views and functions come after what they read, whatever their names', () => {
  const order = orderModules(richSchemaModel().modules).map((m) => m.name);
  const at = (name: string) => order.indexOf(name);
  assert.ok(at('c_CustomerBase') < at('b_CustomerTotals'));
  assert.ok(at('b_CustomerTotals') < at('a_TopCustomers'));
  assert.ok(at('c_CustomerBase') < at('a_CreditOf'));
});

test('the textual fallback orders modules when the model declares no dependencies', () => {
  const modules = richSchemaModel().modules.map(({ dependencies: _unused, ...m }) => m);
  const order = orderModules(modules).map((m) => m.name);
  assert.ok(order.indexOf('c_CustomerBase') < order.indexOf('b_CustomerTotals'));
  assert.ok(order.indexOf('b_CustomerTotals') < order.indexOf('a_TopCustomers'));
});

test('tables with primary keys and defaults come before the data; other constraints after, WITH CHECK', () => {
  const script = buildSchemaScript(richSchemaModel());
  const before = script.beforeData.map((b) => b.sql).join('\n');
  const after = script.afterData.map((b) => b.sql).join('\n');
  assert.match(before, /CREATE TABLE \[app\]\.\[Customer\] \([\s\S]*\[Id\] int IDENTITY\(1, 1\) NOT NULL[\s\S]*CONSTRAINT \[PK_Customer\] PRIMARY KEY CLUSTERED \(\[Id\] ASC\)/);
  assert.match(before, /CONSTRAINT \[DF_Customer_CreatedAt\] DEFAULT \(sysutcdatetime\(\)\)/);
  assert.match(before, /CREATE SEQUENCE \[app\]\.\[BatchNumbers\][\s\S]*NO CACHE/);
  assert.doesNotMatch(before, /FOREIGN KEY|UNIQUE/);
  assert.match(after, /ALTER TABLE \[app\]\.\[Invoice\] WITH CHECK ADD CONSTRAINT \[FK_Invoice_Customer\] FOREIGN KEY \(\[CustomerId\]\) REFERENCES \[app\]\.\[Customer\] \(\[Id\]\) ON DELETE CASCADE NOT FOR REPLICATION;/);
  assert.match(after, /ADD CONSTRAINT \[UQ_Invoice_Number\] UNIQUE NONCLUSTERED \(\[Number\] ASC, \[CustomerId\] DESC\)/);
  assert.ok(script.programmability.length >= richSchemaModel().modules.length);
  assert.ok(script.extendedProperties.every((b) => b.sql.startsWith('EXECUTE sp_addextendedproperty')));
});

test('system-named constraints are created without a name; disabled ones are disabled again', () => {
  const model = richSchemaModel();
  model.checkConstraints.push(
    { name: 'CK__Invoice__Stat__1234', systemNamed: true, table: { schema: 'app', name: 'Invoice' }, expression: "([Status]<>'X')" },
    { name: 'CK_Off', disabled: true, table: { schema: 'app', name: 'Invoice' }, expression: '([Total]>(0))' },
  );
  const after = buildSchemaScript(model).afterData.map((b) => b.sql);
  assert.ok(after.includes("ALTER TABLE [app].[Invoice] WITH CHECK ADD CHECK (([Status]<>'X'));"));
  assert.ok(after.includes('ALTER TABLE [app].[Invoice] WITH NOCHECK ADD CONSTRAINT [CK_Off] CHECK (([Total]>(0)));'));
  assert.ok(after.includes('ALTER TABLE [app].[Invoice] NOCHECK CONSTRAINT [CK_Off];'));
});

test('the rendered script separates batches with GO and switches ANSI_NULLS / QUOTED_IDENTIFIER per batch', () => {
  const model = richSchemaModel();
  model.modules[0] = { ...model.modules[0], quotedIdentifier: false };
  const text = renderSchemaScript(buildSchemaScript(model), ['header line']);
  assert.ok(text.startsWith('-- header line\nSET ANSI_NULLS ON;\nGO\nSET QUOTED_IDENTIFIER ON;\nGO\n'));
  assert.match(text, /SET QUOTED_IDENTIFIER OFF;\nGO\n/);
  assert.match(text, /SET QUOTED_IDENTIFIER ON;\nGO\n[\s\S]*$/);
});
