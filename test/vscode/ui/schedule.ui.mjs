// Scheduled backups in the environment form: choosing "Every N hours" shows the hours field, a value out of range
// is refused inline, a valid one is saved with the environment, and the Edit form shows it again.
import assert from 'node:assert/strict';
import { uiTest } from '../harness/uiTests.mjs';
import { connectForm, connectionString, contextMenu, fillFromConnectionString, openSideBar, treeRow, typeInto, valueOf } from './steps.mjs';

/** Picks an entry of a vscode-single-select the way a person does: open it, click the option. */
async function choose(form, id, label) {
  await form.locator(`#${id}`).click();
  await form.locator(`#${id}`).getByRole('option', { name: label }).click();
}

uiTest('Scheduled backups in the form: every N hours, checked inline, saved, shown again in Edit', async (wb, ctx) => {
  await openSideBar(wb);
  await wb.runCommand('Umbraco Cloud: Add Cloud Environment');
  let form = await connectForm(wb);
  await fillFromConnectionString(form, connectionString(ctx.doubles.normal));
  await typeInto(form, 'project', 'Schedule Shop');
  await typeInto(form, 'environment', 'Live');
  assert.equal(await form.locator('#scheduleHours').isVisible(), false, 'no hours field while the schedule is off');

  await choose(form, 'schedule', 'Every N hours');
  await form.locator('#scheduleHours').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await form.locator('#scheduleTime').isVisible(), false, 'the time field belongs to "Daily"');
  await typeInto(form, 'scheduleHours', '0');
  await form.locator('#scheduleHours-issue', { hasText: 'Enter a whole number of hours from 1 to 168.' }).waitFor({ timeout: 10_000 });
  await typeInto(form, 'scheduleHours', '6');
  await form.locator('#scheduleHours-issue').waitFor({ state: 'hidden', timeout: 10_000 });
  await wb.screenshot('12-schedule-in-form');
  await form.locator('#save').click();
  await treeRow(wb, 'Environments', 'Live').waitFor({ timeout: 30_000 });

  await contextMenu(wb, 'Environments', 'Live', 'Edit');
  form = await connectForm(wb);
  await form.locator('#scheduleHours').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await valueOf(form, 'scheduleHours'), '6');
  assert.equal(await form.locator('#schedule').evaluate((el) => /** @type {{ value: string }} */ (/** @type {unknown} */ (el)).value), 'interval');
}, { timeoutMs: 120_000 });
