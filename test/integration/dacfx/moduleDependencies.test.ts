import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectWithRetry } from '../../../src/core/connection/connectWithRetry';
import { readCatalog } from '../../../src/core/catalog/readCatalog';
import { createRichSchemaDatabase, richSchemaModel } from '../../support/databases/richSchema';
import type { GeneratedDatabase } from '../../support/databases/generatedDatabase';
import { servedDefaultOptions } from '../../support/tds/database/securityAnswers';
import { serveDatabase } from '../../support/demo/serveDatabase';

// The reader half of the deploy-order fix (the writer half: test/unit/model/moduleDependencies.test.ts; DacFx's
// verdict: ourExports.test.ts). DacFx orders an import's CREATE statements only by the dependencies model.xml
// declares, so the catalog reader reads them from sys.sql_expression_dependencies (cdb:catalog:module-dependencies).

async function read(db: GeneratedDatabase) {
  const served = await serveDatabase(db);
  const pool = await connectWithRetry(served.settings({ connectTimeoutSeconds: 5 }));
  try {
    return await readCatalog(pool);
  } finally {
    await pool.close();
    await served.close();
  }
}

test('a view reading another view gets the dependency; the whole rich schema reads back deep-equal', async () => {
  const { model } = await read(createRichSchemaDatabase());
  assert.deepEqual(model, { ...richSchemaModel(), options: servedDefaultOptions });
  const view = (name: string) => model.modules.find((m) => m.name === name);
  assert.deepEqual(view('a_TopCustomers')?.dependencies, [{ schema: 'app', name: 'b_CustomerTotals' }]);
  assert.deepEqual(view('b_CustomerTotals')?.dependencies, [{ schema: 'app', name: 'Invoice' }, { schema: 'app', name: 'c_CustomerBase' }]);
});

test('dependencies on objects the model does not hold, on the module itself, or repeated, are dropped; the rest is sorted', async () => {
  const db = createRichSchemaDatabase();
  const top = db.model.modules.find((m) => m.name === 'a_TopCustomers');
  assert.ok(top);
  top.dependencies = [
    { schema: 'app', name: 'c_CustomerBase' },
    { schema: 'other', name: 'NotInTheModel' },
    { schema: 'app', name: 'a_TopCustomers' },
    { schema: 'app', name: 'b_CustomerTotals' },
    { schema: 'app', name: 'b_CustomerTotals' },
  ];
  const { model } = await read(db);
  assert.deepEqual(model.modules.find((m) => m.name === 'a_TopCustomers')?.dependencies, [
    { schema: 'app', name: 'b_CustomerTotals' }, { schema: 'app', name: 'c_CustomerBase' },
  ]);
});
