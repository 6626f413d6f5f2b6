import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBackup } from '../../../src/core/export/runBackup';
import { runRestore } from '../../../src/core/restore';
import type { DatabaseModel } from '../../../src/core/model/types';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase } from '../../support/demo/serveDatabase';
import { startRestoreTarget, type RestoreTargetOptions } from '../../support/tds/database/restoreTargetServer';

// Principals and database options in a restore, on the wire: the Umbraco demo carries users (login, contained,
// Entra, without login), roles, memberships, permissions and non-default options (test/support/databases/umbraco/
// security.ts). By default no principal statement reaches the server and one warning says why; with principals
// included they run, in an order the server accepts, users whose login the server lacks are skipped with what
// names them; options are applied one by one, and one the server refuses is reported, not fatal.

let folder = '';
let bacpac = '';
let model: DatabaseModel;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'restore-principals-'));
  const source = generateUmbracoDatabase({ scale: 0.02 });
  model = source.model;
  const served = await serveDatabase(source);
  try {
    bacpac = (await runBackup({ connection: served.settings(), outputFolder: folder, fileNamePattern: 'umbraco.bacpac', compression: 'fast' })).path;
  } finally {
    await served.close();
  }
});
after(() => rmSync(folder, { recursive: true, force: true }));

async function restoreWith(includePrincipals: boolean, extra: Partial<RestoreTargetOptions> = {}) {
  const target = await startRestoreTarget({ model, ...extra });
  try {
    const stages: string[] = [];
    const result = await runRestore({ packagePath: bacpac, target: target.settings('Local'), includePrincipals, parallelism: 2 }, { onProgress: (p) => { if (stages.at(-1) !== p.stage) stages.push(p.stage); } });
    return { result, statements: target.databases.get('local')!.statements, stages };
  } finally {
    await target.close();
  }
}

const principalStatement = /^(CREATE (USER|ROLE)|ALTER ROLE|GRANT|DENY|REVOKE)\b/;

test('by default principals are left out, with one sentence saying why and how to include them', async () => {
  const { result, statements, stages } = await restoreWith(false);
  assert.deepEqual(statements.filter((s) => principalStatement.test(s)), []);
  assert.ok(statements.includes('CREATE SCHEMA [reporting];'), 'the schema is created, owned by dbo');
  const sentence = result.warnings.filter((w) => w.startsWith('Users, roles and permissions were not restored'));
  assert.equal(sentence.length, 1, result.warnings.join('\n'));
  assert.match(sentence[0], /4 users, 2 roles, 4 role memberships, 16 permissions/);
  assert.match(sentence[0], /local server rarely has the Cloud login/);
  assert.match(sentence[0], /contained database authentication/);
  assert.match(sentence[0], /--include-users .*cloudDatabaseBackup\.restoreIncludeUsers/);
  assert.ok(!stages.includes('principals') && !stages.includes('permissions'), stages.join());
  // Options are applied either way.
  assert.ok(statements.includes('ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON;'), statements.filter((s) => s.startsWith('ALTER DATABASE')).join('\n'));
  assert.ok(statements.includes('ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;'));
  assert.ok(statements.includes('ALTER DATABASE CURRENT SET QUERY_STORE = ON (OPERATION_MODE = READ_WRITE, QUERY_CAPTURE_MODE = AUTO, MAX_STORAGE_SIZE_MB = 1000);'));
  // What cannot be set is reported (encryption needs a key the package cannot carry).
  assert.ok(result.warnings.some((w) => /Database options not applied: .*IsEncryptionOn/.test(w)), result.warnings.join('\n'));
});

test('with principals included, users, roles, memberships and permissions are created in an order the server accepts', async () => {
  const { result, statements, stages } = await restoreWith(true, { logins: ['umbraco-cloud-live'] });
  assert.deepEqual(stages.slice(2, 4), ['create', 'principals']);
  assert.ok(stages.includes('permissions'));
  const at = (sql: string) => {
    const i = statements.indexOf(sql);
    assert.ok(i >= 0, `${sql} not run:\n${statements.filter((s) => principalStatement.test(s)).join('\n')}`);
    return i;
  };
  const login = at('CREATE USER [umbraco-cloud-live] FOR LOGIN [umbraco-cloud-live];');
  at('CREATE USER [etl] WITHOUT LOGIN WITH DEFAULT_SCHEMA = [reporting];');
  at('CREATE USER [ops@example.com] FROM EXTERNAL PROVIDER;');
  const contained = statements.find((s) => s.startsWith('CREATE USER [umbraco-reporting] WITH PASSWORD = N\''));
  assert.ok(contained, 'the contained user is created with a password');
  assert.match(contained, /, DEFAULT_SCHEMA = \[reporting\];$/);
  const password = /PASSWORD = N'((?:[^']|'')*)'/.exec(contained)![1];
  assert.ok(password.length >= 16);
  const editors = at('CREATE ROLE [umbracoEditors] AUTHORIZATION [umbraco-cloud-live];');
  assert.ok(login < editors, 'the owner exists before its role');
  const readers = at('CREATE ROLE [umbracoReaders];');
  assert.ok(readers < at('CREATE SCHEMA [reporting] AUTHORIZATION [umbracoReaders];'), 'the role exists before the schema it owns');
  const table = at(statements.find((s) => s.startsWith('CREATE TABLE [dbo].[umbracoNode] ('))!);
  at('ALTER ROLE [db_owner] ADD MEMBER [umbraco-cloud-live];');
  at('ALTER ROLE [umbracoReaders] ADD MEMBER [umbraco-reporting];');
  at('GRANT CONNECT TO [umbraco-cloud-live];');
  at('GRANT VIEW ANY COLUMN MASTER KEY DEFINITION TO [public];');
  at('GRANT EXECUTE TO [umbracoEditors] AS [umbraco-cloud-live];');
  at('GRANT SELECT ON SCHEMA::[dbo] TO [umbracoReaders];');
  at('DENY DELETE ON OBJECT::[dbo].[umbracoLog] TO [umbracoEditors];');
  assert.ok(at('GRANT INSERT ON OBJECT::[dbo].[umbracoNode] TO [umbracoEditors] WITH GRANT OPTION;') > table, 'object permissions after the object');
  assert.ok(at('GRANT SELECT ON OBJECT::[dbo].[umbracoUser] TO [etl];') < at('REVOKE SELECT ON OBJECT::[dbo].[umbracoUser] ([userPassword]) FROM [etl];'));
  at('GRANT SELECT ON OBJECT::[dbo].[umbracoUser] ([userName]) TO [umbraco-reporting];');
  at('GRANT IMPERSONATE ON USER::[etl] TO [umbraco-cloud-live];');
  at('GRANT ALTER ON ROLE::[umbracoReaders] TO [umbracoEditors];');
  assert.ok(!result.warnings.some((w) => w.startsWith('Users, roles and permissions were not restored')));
  assert.ok(result.warnings.some((w) => /random password.*umbraco-reporting/.test(w)), result.warnings.join('\n'));
  assert.ok(!result.warnings.some((w) => w.includes(password)), 'the generated password is never in a warning');
});

test('a user whose login the server lacks is skipped with a warning, and so is everything that names it', async () => {
  const { result, statements } = await restoreWith(true, { logins: [] });
  assert.ok(!statements.some((s) => s.includes('[umbraco-cloud-live]')), statements.filter((s) => principalStatement.test(s)).join('\n'));
  assert.ok(statements.includes('CREATE ROLE [umbracoEditors];'), 'the role its missing owner owned goes to dbo');
  assert.ok(statements.includes('CREATE USER [etl] WITHOUT LOGIN WITH DEFAULT_SCHEMA = [reporting];'));
  assert.ok(result.warnings.some((w) => /^User umbraco-cloud-live was not restored: the server has no login umbraco-cloud-live/.test(w)), result.warnings.join('\n'));
});

test('a statement or option the server refuses is reported, and the restore completes', async () => {
  const { result, statements } = await restoreWith(true, {
    logins: ['umbraco-cloud-live'],
    intercept: (request) => {
      if (/^CREATE USER \[umbraco-reporting\] WITH PASSWORD/.test(request.sql)) return { error: { number: 33233, class: 16, message: 'You can only create a user with a password in a contained database.' } };
      if (/SET QUERY_STORE/.test(request.sql)) return { error: { number: 5069, class: 16, message: 'ALTER DATABASE statement failed.' } };
      return undefined;
    },
  });
  assert.ok(result.totalRows > 0);
  assert.ok(result.warnings.some((w) => /^not created: CREATE USER \[umbraco-reporting\] WITH PASSWORD = \.\.\., .*contained database/.test(w)), result.warnings.join('\n'));
  assert.ok(!result.warnings.some((w) => /random password/.test(w)), 'no password to reset for a user that was not created');
  // What names the refused user is not sent (it would be refused too), and the warning says so once.
  assert.deepEqual(statements.filter((s) => /^(GRANT|DENY|REVOKE|ALTER ROLE)\b/.test(s) && s.includes('[umbraco-reporting]')), []);
  assert.ok(statements.includes('GRANT CONNECT TO [umbraco-cloud-live];'), 'the others still are');
  assert.ok(result.warnings.some((w) => w.startsWith('The memberships and permissions of umbraco-reporting,')), result.warnings.join('\n'));
  assert.ok(!result.warnings.some((w) => /^not applied: /.test(w)), result.warnings.join('\n'));
  assert.ok(result.warnings.some((w) => /Database options not applied: .*QueryStoreDesiredState.*ALTER DATABASE statement failed/.test(w)), result.warnings.join('\n'));
  assert.ok(statements.includes('ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON;'), 'the other options are still applied');
});

test('cancel while the options are applied cancels the restore and leaves no database', async () => {
  const stop = new AbortController();
  const target = await startRestoreTarget({
    model,
    intercept: (request) => {
      if (/SET READ_COMMITTED_SNAPSHOT/.test(request.sql)) stop.abort();
      return undefined;
    },
  });
  try {
    await assert.rejects(runRestore({ packagePath: bacpac, target: target.settings('Local') }, { signal: stop.signal }), (e: Error & { kind?: string }) => e.kind === 'cancelled');
    assert.deepEqual([...target.databases.keys()], []);
  } finally {
    await target.close();
  }
});
