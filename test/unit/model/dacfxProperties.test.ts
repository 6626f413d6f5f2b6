import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModelElements } from '../../../src/core/model/modelElements';
import { findRelationship, propertyValue, type ModelElement } from '../../../src/core/model/modelDom';
import { parseModelXml } from '../../../src/core/model/modelXmlParser';
import { writeModelXml } from '../../../src/core/model/modelXmlWriter';
import { richSchemaModel } from '../../support/databases/richSchema';

// Regressions for property names the DacFx check (tools/dacfx-check) proved wrong: DacFx 170.5.96 refused to load
// a model with `IsDescending` ("The Element or Annotation class SqlIndexedColumnSpecification does not contain the
// Property class IsDescending"), and marks NOCHECK CONSTRAINT with `IsDisabled`, which the writer left out.

function element(name: string, model = richSchemaModel()): ModelElement {
  const found = buildModelElements(model).find((e) => e.name === name);
  assert.ok(found, name);
  return found;
}

const specs = (el: ModelElement) => (findRelationship(el, 'ColumnSpecifications')?.entries ?? []).map((e) => e.element as ModelElement);

test('a descending key column is IsAscending=False, an ascending one has no property', () => {
  const [id] = specs(element('[dbo].[PK_Log]'));
  assert.equal(propertyValue(id, 'IsAscending'), 'False');
  const [number, customer] = specs(element('[app].[UQ_Invoice_Number]'));
  assert.equal(propertyValue(number, 'IsAscending'), undefined);
  assert.equal(propertyValue(customer, 'IsAscending'), 'False');
  const [, total] = specs(element('[app].[Invoice].[IX_Invoice_Customer]'));
  assert.equal(propertyValue(total, 'IsAscending'), 'False');
  assert.ok(!writeModelXml(richSchemaModel()).xml.toString('utf8').includes('IsDescending'));
});

test('disabled check and foreign key constraints carry IsDisabled, and the parser reads it back', () => {
  const model = richSchemaModel();
  model.checkConstraints[0].disabled = true;
  model.checkConstraints[0].notTrusted = true;
  model.foreignKeys[0].disabled = true;
  model.foreignKeys[0].notTrusted = true;
  assert.equal(propertyValue(element(`[app].[${model.checkConstraints[0].name}]`, model), 'IsDisabled'), 'True');
  assert.equal(propertyValue(element(`[app].[${model.foreignKeys[0].name}]`, model), 'IsDisabled'), 'True');
  assert.equal(propertyValue(element(`[app].[${model.checkConstraints[1].name}]`, model), 'IsDisabled'), undefined);
  const parsed = parseModelXml(writeModelXml(model).xml).model;
  assert.deepEqual(parsed.checkConstraints.map((c) => [c.name, c.disabled ?? false]), model.checkConstraints.map((c) => [c.name, c.disabled ?? false]));
  assert.deepEqual(parsed.foreignKeys.map((f) => f.disabled ?? false), [true]);
  assert.deepEqual(parsed.primaryKeys.find((k) => k.name === 'PK_Log')?.columns, [{ name: 'Id', descending: true }]);
});

// Names and order read off the model.xml DacFx 170.5.96 builds from T-SQL (tools/dacfx-check model-from-sql,
// experiments/model-from-sql/properties.sql → properties.model.xml; RESULTS.md "Property names read off DacFx").

const props = (el: ModelElement) => el.properties.map((p) => `${p.name}=${p.value ?? '<script>'}`);

function column(table: string, name: string, model = richSchemaModel()): ModelElement {
  const columns = (findRelationship(element(table, model), 'Columns')?.entries ?? []).map((e) => e.element as ModelElement);
  const found = columns.find((c) => c.name === `${table}.[${name}]`);
  assert.ok(found, name);
  return found;
}

test('identity columns: IdentitySeed and IdentityIncrement only when not 1, IdentityIsNotForReplication', () => {
  const model = richSchemaModel();
  const customer = model.tables.find((t) => t.name === 'Customer');
  assert.ok(customer);
  customer.columns[0].identity = { seed: '100', increment: '5', notForReplication: true };
  assert.deepEqual(props(column('[app].[Customer]', 'Id', model)),
    ['IsNullable=False', 'IsIdentity=True', 'IdentitySeed=100', 'IdentityIncrement=5', 'IdentityIsNotForReplication=True']);
  customer.columns[0].identity = { seed: '1', increment: '1' };
  assert.deepEqual(props(column('[app].[Customer]', 'Id', model)), ['IsNullable=False', 'IsIdentity=True']);
  customer.columns[0].identity = { seed: '100', increment: '5', notForReplication: true };
  const parsed = parseModelXml(writeModelXml(model).xml).model.tables.find((t) => t.name === 'Customer');
  assert.deepEqual(parsed?.columns[0].identity, { seed: '100', increment: '5', notForReplication: true });
});

test('computed columns: IsPersisted, and IsPersistedNullable=False for PERSISTED NOT NULL', () => {
  const model = richSchemaModel();
  const invoice = model.tables.find((t) => t.name === 'Invoice');
  assert.ok(invoice);
  invoice.columns.push(
    { name: 'Doubled', type: { base: 'money' }, nullable: false, computed: { expression: '([Total]*(2))', persisted: true, persistedNotNull: true } },
    { name: 'Tripled', type: { base: 'money' }, nullable: true, computed: { expression: '([Total]*(3))', persisted: true } },
    { name: 'Halved', type: { base: 'money' }, nullable: true, computed: { expression: '([Total]/(2))', persisted: false } },
  );
  assert.deepEqual(props(column('[app].[Invoice]', 'Doubled', model)), ['ExpressionScript=<script>', 'IsPersisted=True', 'IsPersistedNullable=False']);
  assert.deepEqual(props(column('[app].[Invoice]', 'Tripled', model)), ['ExpressionScript=<script>', 'IsPersisted=True']);
  assert.deepEqual(props(column('[app].[Invoice]', 'Halved', model)), ['ExpressionScript=<script>']);
  const parsed = parseModelXml(writeModelXml(model).xml).model.tables.find((t) => t.name === 'Invoice');
  assert.deepEqual(parsed?.columns.filter((c) => c.computed).map((c) => [c.name, c.computed?.persisted, c.computed?.persistedNotNull ?? false]),
    [['Doubled', true, true], ['Tripled', true, false], ['Halved', false, false]]);
});

test('NOT FOR REPLICATION: IsNotForReplication on foreign keys, check constraints and triggers, in DacFx order', () => {
  const model = richSchemaModel();
  model.foreignKeys[0].onUpdate = 'SET_NULL';
  model.foreignKeys[0].disabled = true;
  assert.deepEqual(props(element('[app].[FK_Invoice_Customer]', model)), ['IsNotForReplication=True', 'OnUpdateAction=2', 'OnDeleteAction=1', 'IsDisabled=True']);
  const check = model.checkConstraints.find((c) => c.name === 'CK_Invoice_Status');
  assert.ok(check);
  check.disabled = true;
  assert.deepEqual(props(element('[app].[CK_Invoice_Status]', model)), ['IsNotForReplication=True', 'CheckExpressionScript=<script>', 'IsDisabled=True']);
  assert.deepEqual(props(element('[app].[trInvoice_Log]', model)).slice(0, 4), ['IsInsertTrigger=True', 'IsDeleteTrigger=True', 'IsNotForReplication=True', 'SqlTriggerType=2']);
  assert.equal(propertyValue(element('[app].[CK_Customer_Credit]', model), 'IsNotForReplication'), undefined);
  const parsed = parseModelXml(writeModelXml(model).xml).model;
  assert.deepEqual(parsed.foreignKeys.map((f) => [f.name, f.notForReplication ?? false]), [['FK_Invoice_Customer', true]]);
  assert.deepEqual(parsed.checkConstraints.map((c) => [c.name, c.notForReplication ?? false]), [['CK_Customer_Credit', false], ['CK_Invoice_Status', true]]);
  assert.equal(parsed.modules.find((m) => m.name === 'trInvoice_Log')?.trigger?.notForReplication, true);
});

test('WITH NOCHECK stays the IsNotTrustedPropertyAnnotation (what DacFx extract writes), never a property', () => {
  const model = richSchemaModel();
  model.foreignKeys[0].notTrusted = true;
  const fk = element('[app].[FK_Invoice_Customer]', model);
  assert.deepEqual(fk.annotations.map((a) => a.type), ['IsNotTrustedPropertyAnnotation']);
  assert.ok(!fk.properties.some((p) => p.name.includes('Trusted') || p.name === 'IsDisabled'));
  assert.equal(parseModelXml(writeModelXml(model).xml).model.foreignKeys[0].notTrusted, true);
});

test('sequences: IsCycling, IsCached=False / CacheSize, HasNoMaxValue, HasNoMinValue, MinValue, MaxValue as DacFx writes them', () => {
  const model = richSchemaModel();
  assert.deepEqual(props(element('[app].[TicketNumbers]', model)),
    ['IsCycling=True', 'CacheSize=20', 'HasNoMaxValue=False', 'HasNoMinValue=False', 'MinValue=10', 'MaxValue=100', 'Increment=-5', 'StartValue=90']);
  assert.deepEqual(props(element('[app].[BatchNumbers]', model)),
    ['IsCached=False', 'HasNoMaxValue=False', 'HasNoMinValue=False', 'MinValue=1', 'MaxValue=500', 'Increment=1', 'StartValue=1']);
  const bare = { schema: 'app', name: 'Bare', type: { base: 'int' as const }, startValue: '1', increment: '1', cycle: false };
  model.sequences.push(bare);
  assert.deepEqual(props(element('[app].[Bare]', model)), ['Increment=1', 'StartValue=1']);
  const parsed = parseModelXml(writeModelXml(model).xml).model.sequences;
  const byName = (n: string) => parsed.find((s) => s.name === n);
  assert.deepEqual(byName('TicketNumbers'), model.sequences.find((s) => s.name === 'TicketNumbers'));
  assert.deepEqual(byName('BatchNumbers'), model.sequences.find((s) => s.name === 'BatchNumbers'));
  assert.deepEqual(byName('Bare'), bare);
  assert.deepEqual(byName('InvoiceNumbers'), model.sequences.find((s) => s.name === 'InvoiceNumbers'));
});
