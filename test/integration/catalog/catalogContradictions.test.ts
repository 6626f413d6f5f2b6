/**
 * A server whose catalog views have bugs (issue 15: sys.identity_columns joined by column name returned every
 * column 3 times; sys.key_constraints returned no rows) must stop the backup with BackupError 'source' naming
 * the object and the view, never give a model DacFx refuses. And names a bacpac cannot carry are all found
 * while the schema is read.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readCatalog } from '../../../src/core/catalog/readCatalog';
import { isBackupError } from '../../../src/core/errors';
import { emptyDatabaseModel, type ObjectName } from '../../../src/core/model/types';
import { createRichSchemaDatabase } from '../../support/databases/richSchema';
import type { GeneratedDatabase } from '../../support/databases/generatedDatabase';
import type { CatalogExtras } from '../../support/tds/database/createDatabaseResponder';
import type { ResultSet } from '../../support/tds/server';
import type { SqlRow } from '../../../src/core/bcp/values';
import { servedDefaultOptions } from '../../support/tds/database/securityAnswers';
import { serveDatabase } from './catalogDouble';

type Rewrite = (answer: ResultSet) => ResultSet;
type Row = SqlRow;

/** The double's catalog answers are arrays. */
const rowsOf = (answer: ResultSet): Row[] => answer.rows as Row[];

/** A rewrite that changes one named field of the rows `where` selects. */
function setField(field: string, value: unknown, where: (get: (f: string) => unknown) => boolean): Rewrite {
  return (answer) => {
    const at = (f: string) => answer.columns.findIndex((c) => c.name === f);
    return { ...answer, rows: rowsOf(answer).map((r) => (where((f) => r[at(f)]) ? r.map((v, i) => (i === at(field) ? value : v)) as Row : r)) };
  };
}
function repeatRows(times: number, where: (get: (f: string) => unknown) => boolean): Rewrite {
  return (answer) => {
    const at = (f: string) => answer.columns.findIndex((c) => c.name === f);
    return { ...answer, rows: rowsOf(answer).flatMap((r) => (where((f) => r[at(f)]) ? Array.from({ length: times }, () => r) : [r])) };
  };
}

async function readWith(db: GeneratedDatabase, extras: CatalogExtras, options: Parameters<typeof readCatalog>[1] = {}) {
  const served = await serveDatabase(db, extras);
  try {
    return await readCatalog(served.pool, options);
  } finally {
    await served.close();
  }
}

async function assertContradiction(rewrite: CatalogExtras['rewrite'], ...needles: string[]): Promise<void> {
  await assert.rejects(readWith(createRichSchemaDatabase(), { rewrite }), (err: unknown) => {
    assert.ok(isBackupError(err), String(err));
    assert.equal(err.kind, 'source', err.message);
    assert.match(err.message, /catalog of database \S+ contradicts itself/);
    for (const needle of needles) assert.ok(err.message.includes(needle), `"${needle}" missing from: ${err.message}`);
    assert.match(err.details.hint ?? '', /DBCC CHECKCATALOG/);
    return true;
  });
}

describe('readCatalog checks what the catalog views return', () => {
  it('refuses identity columns repeated by a bad sys.identity_columns join, naming the column and the view', async () => {
    await assertContradiction({ columns: repeatRows(3, (get) => get('is_identity') === true) },
      'column app.Customer.Id 3 times', 'column app.Invoice.Id 3 times', 'sys.identity_columns');
  });

  it('refuses primary keys sys.indexes has but sys.key_constraints lost', async () => {
    await assertContradiction({ keyConstraints: (a) => ({ ...a, rows: [] }) },
      'sys.indexes marks index PK_Customer on table app.Customer as a PRIMARY KEY, but sys.key_constraints has no such constraint',
      'index UQ_Invoice_Number on table app.Invoice as a UNIQUE constraint');
  });

  it('refuses key constraints sys.indexes does not mark as such', async () => {
    await assertContradiction({ keyIndexes: (a) => ({ ...a, rows: rowsOf(a).filter((r) => r[2] !== 'PK_Invoice') }) },
      'sys.key_constraints returned PRIMARY KEY PK_Invoice on table app.Invoice, but sys.indexes marks no index of that name as one');
  });

  it('refuses a foreign key, default, check and index that name columns the table does not have', async () => {
    await assertContradiction({
      foreignKeys: setField('referenced_column_name', 'Gone', () => true),
      defaultConstraints: setField('column_name', 'Missing', (get) => get('constraint_name') === 'DF_Customer_Credit'),
      checkConstraints: setField('column_name', 'Nope', (get) => get('constraint_name') === 'CK_Customer_Credit'),
      indexes: setField('column_name', 'Absent', (get) => get('index_name') === 'IX_Invoice_Customer' && get('is_included_column') === true),
    },
    'FOREIGN KEY FK_Invoice_Customer names column Gone, which table app.Customer does not have',
    'DEFAULT DF_Customer_Credit names column Missing',
    'CHECK CK_Customer_Credit names column Nope',
    'index IX_Invoice_Customer on app.Invoice, and sys.index_columns names column Absent');
  });

  it('refuses constraints and indexes on tables sys.tables did not list', async () => {
    await assertContradiction({
      defaultConstraints: setField('table_name', 'Ghost', (get) => get('constraint_name') === 'DF_Invoice_Number'),
      foreignKeys: setField('referenced_table_name', 'Phantom', () => true),
    },
    'sys.default_constraints returned DEFAULT DF_Invoice_Number on table app.Ghost, which sys.tables did not list',
    'FOREIGN KEY FK_Invoice_Customer referencing a table on table app.Phantom');
  });

  it('refuses repeated key columns and two objects of one name', async () => {
    await assertContradiction({
      keyConstraints: repeatRows(2, (get) => get('constraint_name') === 'PK_Customer'),
      modules: repeatRows(2, (get) => get('object_name') === 'a_TopCustomers'),
    },
    'PRIMARY KEY PK_Customer lists column Id 2 times',
    'the catalog returned 2 objects named app.a_TopCustomers');
  });

  it('refuses an identity column without its sys.identity_columns row', async () => {
    await assertContradiction({ columns: setField('identity_seed', null, (get) => get('column_name') === 'Id' && get('is_identity') === true) },
      'sys.identity_columns has no row for the identity column app.Customer.Id');
  });

  it('still reads the untouched catalog', async () => {
    const db = createRichSchemaDatabase();
    const result = await readWith(db, {});
    assert.deepEqual(result.model, { ...db.model, options: servedDefaultOptions });
  });
});

describe('readCatalog finds every table name a bacpac cannot carry at once', () => {
  const table = (name: string): ObjectName & { columns: never[] } => ({ schema: 'dbo', name, columns: [] });
  function namesDatabase(): GeneratedDatabase {
    const model = emptyDatabaseModel('Names', 'SQL_Latin1_General_CP1_CI_AS', { versionText: 'x', majorVersion: 16, isAzureSqlDatabase: true });
    for (const name of ['a/b', 'back\\slash', 'Trailing.', 'Users', 'users', 'Fine']) {
      model.tables.push({ ...table(name), ansiNulls: true, columns: [{ name: 'Id', type: { base: 'int' }, nullable: false }] });
    }
    return { model, rowCount: () => 0, rows: () => [] };
  }

  it('lists slash, backslash, trailing dot and case pairs together, with the hint to exclude their data', async () => {
    await assert.rejects(readWith(namesDatabase(), {}), (err: unknown) => {
      assert.ok(isBackupError(err));
      assert.equal(err.kind, 'unsupported');
      for (const needle of ['[dbo].[a/b]', '[dbo].[back\\slash]', '[dbo].[Trailing.]', '[dbo].[Users] and [dbo].[users]', 'differ only in case']) {
        assert.ok(err.message.includes(needle), `${needle} missing from: ${err.message}`);
      }
      assert.ok(!err.message.includes('[dbo].[Fine]'));
      assert.match(err.details.hint ?? '', /exclude their data/);
      return true;
    });
  });

  it('accepts them when their data is excluded', async () => {
    const excluded = new Set(['a/b', 'back\\slash', 'Trailing.', 'users']);
    const result = await readWith(namesDatabase(), {}, { dataExcluded: (t) => excluded.has(t.name) });
    assert.equal(result.model.tables.length, 6);
  });
});
