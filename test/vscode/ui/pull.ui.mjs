/* global navigator -- used inside page.evaluate, which runs in the browser */
// Pull to Local from the tree: a Cloud environment is backed up and restored into the "local SQL Server" (a second
// double), with one progress notification; the result offers Copy Connection String, which copies the umbracoDbDSN
// entry for appsettings.json. Screenshots 20–22 illustrate the README's "Pull to Local" section.
import assert from 'node:assert/strict';
import { uiTest } from '../harness/uiTests.mjs';
import { addEnvironment, contextMenu } from './steps.mjs';

/** Waits for the input box that shows `prompt` (the widget is reused from box to box), types and accepts. */
async function answer(wb, prompt, text) {
  const widget = wb.page.locator('.quick-input-widget', { hasText: prompt });
  await widget.waitFor({ timeout: 15_000 });
  const input = widget.locator('.quick-input-box input');
  await input.fill(text);
  await input.press('Enter');
}

uiTest('Pull to Local: back up, restore into a local database, copy the umbracoDbDSN connection string', async (wb, ctx) => {
  const names = { project: 'Pull Shop', environment: 'Live' };
  const local = ctx.doubles.local;
  await addEnvironment(wb, ctx.doubles.normal, names);

  await contextMenu(wb, 'Environments', names.environment, 'Pull to Local', {
    ran: wb.page.locator('.quick-input-widget', { hasText: 'SQL Server (host,port)' }),
    ranWhat: 'the first question for a new local database',
  });
  // No local database saved yet: the quick input asks for one, field by field.
  await answer(wb, 'SQL Server (host,port)', `127.0.0.1,${local.port}`);
  await answer(wb, 'Database to restore into', 'pull-shop-local');
  await answer(wb, 'SQL Server login', local.user);
  await answer(wb, `Password of ${local.user}`, local.password);
  const trust = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Trust the server certificate' });
  await trust.waitFor({ timeout: 15_000 });
  await wb.screenshot('20-pull-to-local-certificate');
  await trust.click();

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
}, { timeoutMs: 240_000 });
