/* global navigator -- used inside page.evaluate, which runs in the browser */
// Pull to Local from the tree: a Cloud environment is backed up and restored into the "local SQL Server" (a second
// double), with one progress notification; the result offers Copy Connection String, which copies the umbracoDbDSN
// entry for appsettings.json. Screenshots 20–22 illustrate the README's "Pull to Local" section.
import assert from 'node:assert/strict';
import { uiTest } from '../harness/uiTests.mjs';
import { addEnvironment, contextMenu } from './steps.mjs';

/** Types into the open quick input (input box or quick pick) and accepts. */
async function answer(wb, text) {
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(text);
  await input.press('Enter');
}

uiTest('Pull to Local: back up, restore into a local database, copy the umbracoDbDSN connection string', async (wb, ctx) => {
  const names = { project: 'Pull Shop', environment: 'Live' };
  const local = ctx.doubles.local;
  await addEnvironment(wb, ctx.doubles.normal, names);

  await contextMenu(wb, 'Environments', names.environment, 'Pull to Local');
  // No local database saved yet: the quick input asks for one, field by field.
  await answer(wb, `127.0.0.1,${local.port}`);
  await answer(wb, 'pull-shop-local');
  await answer(wb, local.user);
  await answer(wb, local.password);
  await wb.screenshot('20-pull-to-local-certificate');
  await answer(wb, 'Trust the server certificate');

  await wb.toast('Pulling Pull Shop / Live to pull-shop-local').waitFor({ timeout: 15_000 });
  await wb.screenshot('21-pull-to-local-in-progress');
  const done = wb.toast('every row count matches the backup');
  await done.waitFor({ timeout: 180_000 });
  await wb.screenshot('22-pull-to-local-done');
  await done.getByRole('button', { name: 'Copy Connection String' }).click();
  await wb.toast('Copied the connection string').waitFor({ timeout: 15_000 });
  const copied = await wb.page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, new RegExp(`"umbracoDbDSN": "Server=127\\.0\\.0\\.1,${local.port};Database=pull-shop-local;User Id=${local.user};Password=<password>;Encrypt=True;TrustServerCertificate=True",`));
  assert.match(copied, /"umbracoDbDSN_ProviderName": "Microsoft\.Data\.SqlClient"/);
  assert.ok(!copied.includes(local.password), 'no password in the clipboard');
}, { timeoutMs: 240_000 });
