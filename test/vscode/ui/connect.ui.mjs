// Adding an environment through the connect form, the way a new user starts: the welcome view's button, a
// pasted connection string, one field corrected, Test Connection, Save. And the form refusing an empty database.
import assert from 'node:assert/strict';
import { uiTest } from '../harness/uiTests.mjs';
import { connectForm, connectionString, fillFromConnectionString, openSideBar, pane, treeRow, typeInto, valueOf } from './steps.mjs';

uiTest('Add Cloud Environment from the welcome view: paste, correct, Test Connection, Save', async (wb, ctx) => {
  const double = ctx.doubles.normal;
  await openSideBar(wb);
  // The welcome view's button (the view's title bar has an icon action with the same name).
  const welcome = pane(wb, 'Environments').locator('.welcome-view a.monaco-button', { hasText: 'Add Cloud Environment' });
  await welcome.waitFor({ timeout: 30_000 });
  await wb.screenshot('01-welcome-view');
  await welcome.click();

  const form = await connectForm(wb);
  await fillFromConnectionString(form, connectionString(double));
  assert.equal(await valueOf(form, 'server'), double.server);
  assert.equal(await valueOf(form, 'database'), double.database);
  assert.equal(await valueOf(form, 'login'), double.user);
  assert.equal(await form.locator('#connectionString input').inputValue(), '', 'the paste box is cleared (it held the password)');
  await typeInto(form, 'project', 'Demo Shop');
  await typeInto(form, 'environment', 'Stagin');
  await wb.screenshot('02-connect-form-filled');
  // The person notices the typo and fixes the environment's name.
  await typeInto(form, 'environment', 'Live');

  await form.locator('#testConnection').click();
  const result = form.locator('#testResult.ok');
  await result.waitFor({ timeout: 30_000 });
  assert.match(await result.innerText(), /version \d+\.\d+/, 'the server version is shown');
  await wb.screenshot('03-test-connection-succeeded');

  await form.locator('#save').click();
  // The form closes and the environment appears under its project.
  await treeRow(wb, 'Environments', 'Demo Shop').waitFor({ timeout: 30_000 });
  const row = treeRow(wb, 'Environments', 'Live');
  await row.waitFor({ timeout: 30_000 });
  assert.match(await row.innerText(), new RegExp(double.database));
  await wb.page.locator('iframe.webview').waitFor({ state: 'detached', timeout: 15_000 });
  await wb.screenshot('04-environment-in-tree');
});

uiTest('an empty database name shows the inline error and nothing is saved', async (wb, ctx) => {
  const double = ctx.doubles.normal;
  await openSideBar(wb);
  await wb.runCommand('Umbraco Cloud: Add Cloud Environment');
  const form = await connectForm(wb);
  await fillFromConnectionString(form, connectionString(double));
  await typeInto(form, 'project', 'No Database Project');
  await typeInto(form, 'environment', 'Live');
  await typeInto(form, 'database', '');

  await form.locator('#save').click();
  const issue = form.locator('#database-issue');
  await issue.waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await issue.innerText(), /database/i);
  assert.equal(await form.locator('#database').getAttribute('invalid'), '', 'the field is marked invalid');
  await wb.screenshot('05-empty-database-inline-error');

  // Still the form, and no environment: the welcome view (or the tree without this project) is unchanged.
  assert.equal(await form.locator('#save').isVisible(), true, 'the form stays open');
  assert.equal(await treeRow(wb, 'Environments', 'No Database Project').count(), 0, 'nothing was saved');
});
