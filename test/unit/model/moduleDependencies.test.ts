import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModelElements } from '../../../src/core/model/modelElements';
import { findRelationship, type ModelElement } from '../../../src/core/model/modelDom';
import { validateModelReferences } from '../../../src/core/model/modelReferences';
import { writeModelXml } from '../../../src/core/model/modelXmlWriter';
import { richSchemaModel } from '../../support/databases/richSchema';
import type { DatabaseModel } from '../../../src/core/model/types';

// Regression: DacFx orders an import's CREATE statements only by the dependencies model.xml declares
// (tools/dacfx-check/experiments/RESULTS.md). A view that reads another view without declaring it can be created
// first, and the import fails on a real server while every offline check passes.

function element(model: DatabaseModel, name: string): ModelElement {
  const found = buildModelElements(model).find((e) => e.name === name);
  assert.ok(found, `${name} is written`);
  return found;
}

const referenced = (el: ModelElement, relationship: string): string[] =>
  (findRelationship(el, relationship)?.entries ?? []).map((e) => e.reference?.name ?? '?');

test('a view reading another view declares it in QueryDependencies', () => {
  const model = richSchemaModel();
  assert.deepEqual(referenced(element(model, '[app].[a_TopCustomers]'), 'QueryDependencies'), ['[app].[b_CustomerTotals]']);
  assert.deepEqual(referenced(element(model, '[app].[b_CustomerTotals]'), 'QueryDependencies'), ['[app].[Invoice]', '[app].[c_CustomerBase]']);
  assert.deepEqual(referenced(element(model, '[app].[c_CustomerBase]'), 'QueryDependencies'), ['[app].[Customer]']);
});

test('functions, procedures and triggers declare theirs in BodyDependencies', () => {
  const model = richSchemaModel();
  assert.deepEqual(referenced(element(model, '[app].[a_CreditOf]'), 'BodyDependencies'), ['[app].[c_CustomerBase]']);
  assert.deepEqual(referenced(element(model, '[app].[a_BigCustomers]'), 'BodyDependencies'), ['[app].[a_CreditOf]', '[app].[b_CustomerTotals]']);
  assert.deepEqual(referenced(element(model, '[app].[InvoicesOf]'), 'BodyDependencies'), ['[app].[Invoice]']);
  assert.deepEqual(referenced(element(model, '[app].[AddInvoice]'), 'BodyDependencies'), ['[app].[Invoice]', '[app].[InvoicesOf]']);
  assert.deepEqual(referenced(element(model, '[app].[trInvoice_Log]'), 'BodyDependencies'), ["[dbo].[Log(1)!*']"]);
  assert.deepEqual(validateModelReferences(model), []);
});

test('only objects of the model are referenced (nothing dangles), spelled as the model spells them, once', () => {
  const model = richSchemaModel();
  const view = model.modules.find((m) => m.name === 'a_TopCustomers');
  assert.ok(view);
  view.dependencies = [
    { schema: 'app', name: 'B_CUSTOMERTOTALS' }, // case-insensitive collation: the same view
    { schema: 'app', name: 'b_CustomerTotals' },
    { schema: 'app', name: 'a_TopCustomers' }, // itself
    { schema: 'app', name: 'NoSuchView' },
    { schema: 'other', name: 'Customer' },
  ];
  assert.deepEqual(referenced(element(model, '[app].[a_TopCustomers]'), 'QueryDependencies'), ['[app].[b_CustomerTotals]']);
  assert.deepEqual(validateModelReferences(model), []);
  const xml = writeModelXml(model).xml.toString('utf8');
  assert.ok(!xml.includes('NoSuchView'));
});

test('a module without dependencies gets no dependency relationship', () => {
  const model = richSchemaModel();
  for (const m of model.modules) delete m.dependencies;
  const moduleNames = new Set(model.modules.map((m) => `[${m.schema}].[${m.name}]`));
  for (const el of buildModelElements(model).filter((e) => moduleNames.has(e.name ?? ''))) {
    assert.equal(el.relationships.some((r) => r.name === 'QueryDependencies' || r.name === 'BodyDependencies'), false, el.name);
  }
});
