import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readCatalog } from '../../../src/core/catalog/readCatalog';
import { permissionStatementName } from '../../../src/core/model/securityElements';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase } from './catalogDouble';

// The security model and the database options through mssql and the test double: what the demo holds comes back
// as served (Azure: the login of a login user is named after it, and the backup says so), and everything a bacpac
// cannot carry is left out with a "Left out: …" warning naming it.

describe('readCatalog: users, roles, memberships, permissions and database options', () => {
  const db = generateUmbracoDatabase({ scale: 0.01 });

  it('reads back the security model and the options the demo database serves', async () => {
    const served = await serveDatabase(db);
    try {
      const { model, warnings } = await readCatalog(served.pool);
      const byName = <T extends { name: string }>(items: T[] | undefined) => [...(items ?? [])].sort((a, b) => a.name.localeCompare(b.name));
      assert.deepEqual(byName(model.users), byName(db.model.users));
      assert.deepEqual(byName(model.roles), byName(db.model.roles));
      assert.deepEqual(new Set(model.roleMemberships?.map((m) => `${m.member}>${m.role}`)), new Set(db.model.roleMemberships?.map((m) => `${m.member}>${m.role}`)));
      const byStatement = (list: typeof model.permissions) => [...(list ?? [])].sort((a, b) => permissionStatementName(a).localeCompare(permissionStatementName(b)));
      assert.deepEqual(byStatement(model.permissions), byStatement(db.model.permissions));
      assert.deepEqual(model.options, db.model.options);
      assert.equal(model.compatibilityLevel, 160);
      assert.deepEqual(model.schemas.find((s) => s.name === 'reporting'), { name: 'reporting', owner: 'umbracoReaders' });
      assert.equal(warnings.filter((w) => w.startsWith('Left out: ')).length, 2, warnings.join('\n'));
    } finally {
      await served.close();
    }
  });

  it('leaves out, with a warning each, what a bacpac cannot carry', async () => {
    const served = await serveDatabase(db, {
      security: {
        principals: [{ name: 'CONTOSO\\svc', type: 'U' }, { name: 'signer', type: 'C', authenticationType: 0 }, { name: 'appRole', type: 'A', authenticationType: 0 }],
        permissions: [
          { class: 25, permission: 'CONTROL', state: 'G', grantee: 'umbracoReaders', object: 'cert1' },
          { class: 1, permission: 'SELECT', state: 'G', grantee: 'umbracoReaders', schema: 'dbo', object: 'notInTheModel' },
          { class: 0, permission: 'SELECT', state: 'G', grantee: 'CONTOSO\\svc' },
          { class: 0, permission: 'SHOWPLAN', state: 'G', grantee: 'umbracoReaders', grantor: 'CONTOSO\\svc' },
        ],
        changeTracking: true,
        cdc: true,
        scopedConfigurations: ['MAXDOP', 'LEGACY_CARDINALITY_ESTIMATION'],
        queryStoreCaptureMode: 4,
      },
    });
    try {
      const { model, warnings } = await readCatalog(served.pool);
      const leftOut = warnings.filter((w) => w.startsWith('Left out: ')).join('\n');
      for (const needle of ['Windows user CONTOSO\\svc', 'user mapped to a certificate signer', 'application role appRole',
        'CONTROL to umbracoReaders on certificate cert1', 'SELECT to umbracoReaders on dbo.notInTheModel', 'change tracking',
        'change data capture', 'MAXDOP, LEGACY_CARDINALITY_ESTIMATION', 'Query Store capture mode CUSTOM',
        'grantors CONTOSO\\svc (of SHOWPLAN to umbracoReaders on the database)']) {
        assert.ok(leftOut.includes(needle), `${needle} missing from:\n${leftOut}`);
      }
      assert.ok(!model.users?.some((u) => u.name === 'CONTOSO\\svc' || u.name === 'signer'));
      assert.ok(!model.permissions?.some((p) => p.grantee === 'CONTOSO\\svc'), 'the left-out principal\'s permissions go with it');
      assert.equal(model.options?.QueryStoreCaptureMode, undefined);
      assert.deepEqual(model.permissions?.find((p) => p.permission === 'Showplan'), { action: 'grant', permission: 'Showplan', grantee: 'umbracoReaders', on: { kind: 'database' } });
    } finally {
      await served.close();
    }
  });

  it('reads a contained database\'s containment, nested triggers, noise words and two-digit year cutoff, and says its languages are left out', async () => {
    const contained = generateUmbracoDatabase({ scale: 0.01 });
    contained.model.options = { ...contained.model.options, Containment: 1, IsNestedTriggersOn: false, IsTransformNoiseWordsOn: true, TwoDigitYearCutoff: 2030 };
    const served = await serveDatabase(contained);
    try {
      const { model, warnings } = await readCatalog(served.pool);
      assert.deepEqual(model.options, contained.model.options);
      assert.ok(warnings.includes("Left out: this contained database's default languages (us_english, English); set it again after a restore if it matters."), warnings.join('\n'));
    } finally {
      await served.close();
    }
  });

  it('on SQL Server: logins come from SUSER_SNAME, and an orphaned user (its login gone) is carried without login, and said so', async () => {
    const onPremises = generateUmbracoDatabase({ scale: 0.01 });
    onPremises.model.server = { versionText: 'Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64)', majorVersion: 16, isAzureSqlDatabase: false };
    const served = await serveDatabase(onPremises, { security: { principals: [{ name: 'orphan', type: 'S', authenticationType: 1 }] } });
    try {
      const { model, warnings } = await readCatalog(served.pool);
      assert.deepEqual(model.users?.find((u) => u.name === 'umbraco-cloud-live'), { name: 'umbraco-cloud-live', authentication: 'login', login: 'umbraco-cloud-live' });
      assert.deepEqual(model.users?.find((u) => u.name === 'orphan'), { name: 'orphan', authentication: 'withoutLogin' });
      const leftOut = warnings.filter((w) => w.startsWith('Left out: '));
      assert.ok(leftOut.some((w) => w.includes('the logins of the orphaned users orphan')), leftOut.join('\n'));
      assert.ok(!leftOut.some((w) => w.includes('which login the users')), 'SQL Server names the login');
      assert.ok(served.server.queries.some((q) => q.sql.includes('cdb:catalog:principals v1')));
    } finally {
      await served.close();
    }
  });
});
