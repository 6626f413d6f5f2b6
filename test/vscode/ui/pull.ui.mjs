/* global navigator -- used inside page.evaluate, which runs in the browser */
// Pull to Local from the tree: a Cloud environment is backed up and restored into the "local SQL Server" (a second
// double), with one progress notification; the result offers Copy Connection String, which copies the umbracoDbDSN
// entry for appsettings.json. The local database is added on the way through the Add Local Database form and then
// listed in the Local Databases view. Screenshots 20–23 illustrate the README's "Pull to Local" section
// (media/screenshots/local-database-form.png is 20, pull-to-local-done.png is 22).
import assert from 'node:assert/strict';
import { uiTest } from '../harness/uiTests.mjs';
import { addEnvironment, contextMenu, localDatabaseForm, treeRow, typeInto, valueOf } from './steps.mjs';

uiTest('Pull to Local: back up, restore into a local database, copy the umbracoDbDSN connection string', async (wb, ctx) => {
  const names = { project: 'Pull Shop', environment: 'Live' };
  const local = ctx.doubles.local;
  await addEnvironment(wb, ctx.doubles.normal, names);

  await contextMenu(wb, 'Environments', names.environment, 'Pull to Local', {
    ran: wb.webviewFrame().locator('#server input'),
    ranWhat: 'the Add Local Database form',
  });
  // No local database saved yet: the Add Local Database form opens, with the defaults and the suggested database.
  const form = await localDatabaseForm(wb);
  assert.equal(await valueOf(form, 'server'), 'localhost,1433');
  assert.equal(await valueOf(form, 'login'), 'sa');
  assert.match(await valueOf(form, 'database'), /-local$/);
  // LocalDB is refused in the form, with the way out.
  await typeInto(form, 'server', '(localdb)\\MSSQLLocalDB');
  await form.locator('#server-issue', { hasText: 'SQL Server Express or Developer' }).waitFor({ timeout: 15_000 });
  await typeInto(form, 'server', `127.0.0.1,${local.port}`);
  await form.locator('#server-issue').waitFor({ state: 'hidden', timeout: 15_000 });
  await typeInto(form, 'database', 'pull-shop-local');
  await typeInto(form, 'login', local.user);
  await typeInto(form, 'password', local.password);
  await form.locator('#trustServerCertificate').click();
  await form.locator('#trustServerCertificate-warning', { hasText: 'could be intercepted' }).waitFor({ timeout: 15_000 });
  // The pointer still rests on the tree row it right-clicked, whose hover covers the form: move it onto the form.
  await form.locator('#title').hover();
  await wb.page.locator('.workbench-hover').first().waitFor({ state: 'hidden', timeout: 15_000 });
  await wb.screenshot('20-pull-to-local-form');
  await form.locator('#save').click();

  await wb.toast('Pulling Pull Shop / Live to pull-shop-local').waitFor({ timeout: 15_000 });
  await wb.screenshot('21-pull-to-local-in-progress');
  const done = wb.toast('every row count matches the backup');
  await done.waitFor({ timeout: 180_000 });
  // Hovering keeps the toast open (and fully drawn) for the screenshot.
  await done.hover();
  const copy = done.getByRole('button', { name: 'Copy Connection String' });
  await copy.waitFor({ timeout: 15_000 });
  await wb.screenshot('22-pull-to-local-done');
  await copy.click();
  await wb.toast('Copied the connection string').waitFor({ timeout: 15_000 });
  const copied = await wb.page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, new RegExp(`"umbracoDbDSN": "Server=127\\.0\\.0\\.1,${local.port};Database=pull-shop-local;User Id=${local.user};Password=<password>;Encrypt=True;TrustServerCertificate=True",`));
  assert.match(copied, /"umbracoDbDSN_ProviderName": "Microsoft\.Data\.SqlClient"/);
  assert.ok(!copied.includes(local.password), 'no password in the clipboard');
  // The target added on the way is saved: the Local Databases view lists it.
  await treeRow(wb, 'Local Databases', 'pull-shop-local').waitFor({ timeout: 15_000 });
  await wb.screenshot('23-local-databases-view');
}, { timeoutMs: 240_000 });
