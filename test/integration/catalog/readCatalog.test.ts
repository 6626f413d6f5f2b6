import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readCatalog } from '../../../src/core/catalog/readCatalog';
import { isBackupError } from '../../../src/core/errors';
import { createAllTypesDatabase } from '../../support/databases/rowGenerator';
import { servedDefaultOptions } from '../../support/tds/database/securityAnswers';
import { serveDatabase, type ServedDatabase } from './catalogDouble';

describe('readCatalog over mssql against the test double', () => {
  const db = createAllTypesDatabase({ rowsPerTable: 12 });
  let served: ServedDatabase;
  before(async () => { served = await serveDatabase(db); });
  after(async () => { await served.close(); });

  it('reads back a model deep-equal to the served all-types model', async () => {
    const result = await readCatalog(served.pool);
    assert.deepEqual(result.model, { ...db.model, options: servedDefaultOptions });
    assert.deepEqual(result.warnings, []);
    assert.equal(served.server.failures.length, 0, served.server.failures.map((e) => e.message).join('\n'));
  });

  it('reports row estimates per table and the database size', async () => {
    const result = await readCatalog(served.pool);
    assert.equal(result.rowEstimates.size, db.model.tables.length);
    for (const t of db.model.tables) assert.equal(result.rowEstimates.get(`${t.schema}.${t.name}`), 12);
    assert.equal(result.sizeKb, 8192);
  });

  it('sends every catalog query with its name comment and nothing that needs master', async () => {
    served.server.queries.length = 0;
    await readCatalog(served.pool);
    const handled = served.server.queries.filter((q) => q.answeredBy === 'handler');
    assert.ok(handled.length >= 14);
    for (const q of handled) {
      assert.match(q.sql, /^\/\* cdb:catalog:[a-z-]+ v1 \*\//);
      assert.doesNotMatch(q.sql, /\bmaster\b|sys\.(sql_logins|server_principals|dm_os_)/i);
    }
  });
});

describe('readCatalog refuses and skips unsupported objects', () => {
  const db = createAllTypesDatabase({ rowsPerTable: 3 });

  it('refuses with one error naming every object that cannot be carried', async () => {
    const served = await serveDatabase(db, {
      tableFlags: { 'dbo.Heap': { isMemoryOptimized: true }, 'dbo.Numbers': { temporalType: 2 } },
      columnFlags: { 'dbo.Texts.Char1N': { encryptionType: 1 }, 'dbo.Texts.Char10N': { isSparse: true }, 'dbo.Texts.VarChar1N': { baseTypeName: 'json' } },
      unsupportedObjects: [{ kind: 'clr-assembly', name: 'MyClr' }, { kind: 'table-type', schema: 'dbo', name: 'IdList' }],
    });
    try {
      await assert.rejects(readCatalog(served.pool), (err: unknown) => {
        assert.ok(isBackupError(err));
        assert.equal(err.kind, 'unsupported');
        for (const name of ['memory-optimized table dbo.Heap', 'temporal table dbo.Numbers', 'Always Encrypted column dbo.Texts.Char1N',
          'sparse column dbo.Texts.Char10N', 'dbo.Texts.VarChar1N of type json', 'CLR assembly MyClr', 'user-defined table type dbo.IdList']) {
          assert.ok(err.message.includes(name), `${name} missing from: ${err.message}`);
        }
        return true;
      });
    } finally {
      await served.close();
    }
  });

  it('skips external tables, special indexes and other objects with a warning each', async () => {
    const served = await serveDatabase(db, {
      tableFlags: { 'dbo.Heap': { isExternal: true } },
      extraIndexes: [
        { table: { schema: 'dbo', name: 'Texts' }, name: 'XIX_Texts_Xml', type: 3, typeDesc: 'XML', column: 'XmlN' },
        { table: { schema: 'sales', name: 'Spatial' }, name: 'SIX_Geo', type: 4, typeDesc: 'SPATIAL', column: 'GeographyN' },
        { table: { schema: 'dbo', name: 'Numbers' }, name: 'CCI', type: 6, typeDesc: 'NONCLUSTERED_COLUMNSTORE' },
      ],
      unsupportedObjects: [{ kind: 'fulltext-index', schema: 'dbo', name: 'Texts' }, { kind: 'synonym', schema: 'dbo', name: 'Alias' },
        { kind: 'database-trigger', name: 'ddlAudit' }],
    });
    try {
      const result = await readCatalog(served.pool);
      assert.ok(!result.model.tables.some((t) => t.name === 'Heap'));
      assert.equal(result.rowEstimates.has('dbo.Heap'), false);
      const text = result.warnings.join('\n');
      for (const needle of ['External table dbo.Heap', 'xml index XIX_Texts_Xml', 'spatial index SIX_Geo', 'nonclustered columnstore index CCI',
        'full-text index on dbo.Texts', 'synonym dbo.Alias', 'database DDL trigger ddlAudit']) {
        assert.ok(text.includes(needle), `${needle} missing from:\n${text}`);
      }
      assert.equal(result.warnings.length, 7);
      assert.deepEqual(result.model.indexes, db.model.indexes);
    } finally {
      await served.close();
    }
  });
});
