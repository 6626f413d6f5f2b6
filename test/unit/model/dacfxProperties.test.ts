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
