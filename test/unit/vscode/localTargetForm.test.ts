import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLocalTargetMessage, localTargetFieldNames, type LocalTargetFields } from '../../../src/shared/localTargetFormProtocol';
import { localServerIssue, validateLocalTargetField, validateLocalTargetForm } from '../../../src/shared/localTargetFormValidation';
import { englishL10n } from '../../../src/vscode/model/l10n';
import { connectFormHtml } from '../../../src/vscode/model/connectFormHtml';
import { localTargetFormHtml } from '../../../src/vscode/restore/localTargetFormHtml';
import { fieldsFromTarget, localPatchFromConnectionString, localTargetInitMessage, targetFromFields } from '../../../src/vscode/restore/localTargetFormModel';
import { localServerProblem } from '../../../src/vscode/restore/localTargets';
import { parseConnectionString } from '../../../src/core/connection/connectionString';

const fields: LocalTargetFields = { server: 'localhost,1433', database: 'shop-local', login: 'sa', password: 'S3cret!', trustServerCertificate: true };
const adding = { passwordRemembered: false };
const page = { mode: 'add' as const, cspSource: 'https://csp', nonce: 'n0nce', scriptUri: 'https://csp/localTargetForm.js', styleUri: 'https://csp/localTargetForm.css', language: 'en' };

test('a new local database starts at localhost,1433 with login sa and the suggested database; editing shows the saved values, never the password', () => {
  assert.deepEqual(fieldsFromTarget(undefined, 'shop-live-local'), { server: 'localhost,1433', database: 'shop-live-local', login: 'sa', password: '', trustServerCertificate: false });
  const saved = { id: 'x', server: 'tcp:127.0.0.1,14330', database: 'blog', user: 'restorer', trustServerCertificate: true };
  assert.deepEqual(fieldsFromTarget(saved), { server: 'tcp:127.0.0.1,14330', database: 'blog', login: 'restorer', password: '', trustServerCertificate: true });
  assert.deepEqual(targetFromFields({ ...fields, server: ' localhost,1433 ', database: ' shop-local ' }, 'x'), { id: 'x', server: 'localhost,1433', database: 'shop-local', user: 'sa', trustServerCertificate: true });
  assert.ok(!('password' in targetFromFields(fields)), 'the target never carries the password');
});

test('LocalDB is refused with the way out (Express/Developer or a container), an Azure SQL server as never a restore target', () => {
  const init = localTargetInitMessage('add', fieldsFromTarget(undefined), false, englishL10n);
  for (const server of ['(localdb)\\MSSQLLocalDB', '(LocalDB)\\v11.0', 'np:\\\\.\\pipe\\sql\\query']) {
    assert.deepEqual(validateLocalTargetField('server', { ...fields, server }, adding), [{ field: 'server', code: 'localDb' }], server);
  }
  assert.match(init.issueTexts.localDb, /named pipes.*SQL Server Express or Developer, or a SQL Server container/);
  for (const server of ['shop.database.windows.net', 'tcp:shop.database.windows.net,1433', 'x.database.usgovcloudapi.net']) {
    assert.deepEqual(validateLocalTargetField('server', { ...fields, server }, adding), [{ field: 'server', code: 'azureSql' }], server);
  }
  assert.match(init.issueTexts.azureSql, /never a Cloud database/);
  // The store refuses with the same words the form shows.
  assert.equal(localServerProblem('(localdb)\\MSSQLLocalDB'), init.issueTexts.localDb);
  assert.equal(localServerProblem('shop.database.windows.net'), init.issueTexts.azureSql);
  assert.equal(localServerIssue('localhost,1433'), undefined);
});

test('server syntax, port, required fields and the password: required when adding, blank keeps the saved one when editing', () => {
  assert.deepEqual(validateLocalTargetForm(fields, adding), []);
  assert.deepEqual(validateLocalTargetForm({ ...fields, server: 'local host' }, adding), [{ field: 'server', code: 'serverSyntax' }]);
  assert.deepEqual(validateLocalTargetForm({ ...fields, server: 'localhost,70000' }, adding), [{ field: 'server', code: 'portRange' }]);
  assert.deepEqual(validateLocalTargetForm({ ...fields, server: '127.0.0.1\\SQLEXPRESS' }, adding), []);
  assert.deepEqual(validateLocalTargetForm({ ...fields, server: ' ', database: '', login: '', password: '' }, adding).map((i) => `${i.field}:${i.code}`), [
    'server:required', 'database:required', 'login:required', 'password:passwordRequired',
  ]);
  assert.deepEqual(validateLocalTargetForm({ ...fields, password: '' }, { passwordRemembered: true }), []);
  assert.deepEqual(validateLocalTargetForm({ ...fields, database: 'd'.repeat(129) }, adding), [{ field: 'database', code: 'tooLong' }]);
});

test('a pasted appsettings.json connection string fills server, database, login, password and the certificate choice', () => {
  const parsed = parseConnectionString('Server=localhost,14330;Database=site;User Id=restorer;Password=p;w"d;Encrypt=True;TrustServerCertificate=True'.replace('p;w"d', '"p;w""d"'));
  assert.deepEqual(localPatchFromConnectionString(parsed), { server: 'localhost,14330', database: 'site', login: 'restorer', password: 'p;w"d', trustServerCertificate: true });
  assert.deepEqual(localPatchFromConnectionString(parseConnectionString('Server=db,1433')), { server: 'db,1433' }, 'only what the string sets');
});

test('messages from the page: the five fields and nothing more; anything else is refused without echoing a value', () => {
  assert.deepEqual(parseLocalTargetMessage({ type: 'save', fields: { ...fields, sneaky: 1 }, extra: true }), { ok: true, message: { type: 'save', fields } });
  assert.deepEqual(parseLocalTargetMessage({ type: 'testConnection', requestId: 2, fields }), { ok: true, message: { type: 'testConnection', requestId: 2, fields } });
  assert.deepEqual(localTargetFieldNames, ['server', 'database', 'login', 'password', 'trustServerCertificate']);
  for (const bad of [null, { type: 'save' }, { type: 'save', fields: { ...fields, trustServerCertificate: 'S3cret!' } }, { type: 'drop' }]) {
    const result = parseLocalTargetMessage(bad);
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(!result.error.includes('S3cret!'));
  }
});

test('the form page: CSP default-src none, one nonce script, every field labelled, and the environment form\'s certificate warning', () => {
  const html = localTargetFormHtml(page, englishL10n);
  assert.ok(html.includes('content="default-src &#39;none&#39;; style-src https://csp &#39;nonce-n0nce&#39;; script-src &#39;nonce-n0nce&#39;'));
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.ok(html.includes('<script nonce="n0nce" src="https://csp/localTargetForm.js"></script>'));
  assert.ok(!/\son[a-z]+=/i.test(html) && !/\sstyle=/i.test(html));
  for (const field of ['server', 'database', 'login', 'password']) {
    assert.ok(html.includes(`<vscode-label for="${field}"`) && html.includes(`<vscode-textfield id="${field}"`) && html.includes(`id="${field}-issue"`), field);
  }
  assert.ok(html.includes('<vscode-checkbox id="trustServerCertificate"'));
  assert.ok(html.includes('<vscode-textfield id="password" name="password" aria-describedby="password-helper password-issue" type="password"'));
  for (const id of ['connectionString', 'fillFromConnectionString', 'testConnection', 'cancel', 'testResult']) assert.ok(html.includes(`id="${id}"`), id);
  assert.ok(html.includes('<vscode-button id="save" type="submit">'));
  assert.match(html, /<title>Add Local Database<\/title>/);
  assert.match(localTargetFormHtml({ ...page, mode: 'edit' }, englishL10n), /<h1 id="title">Edit Local Database<\/h1>/);
  // The same sentence the Cloud environment form shows when its certificate is trusted.
  const warning = /id="trustServerCertificate-warning" role="alert" hidden>([^<]+)</;
  const environmentWarning = warning.exec(connectFormHtml(page, englishL10n))![1];
  const localWarning = warning.exec(html)![1];
  assert.ok(localWarning.startsWith(environmentWarning.split('. ')[0]), `${localWarning} / ${environmentWarning}`);
  assert.match(localWarning, /only for a SQL Server on this computer or a container/);
});
