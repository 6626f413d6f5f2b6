// Back Up All from the Environments view's title bar on a project with two environments, Live (reachable) and
// Staging (behind the Azure SQL firewall): one progress notification counting "1 of 2", then one summary with
// each environment's result and Copy IP; Live's file verifies. The summary is the README's screenshot.
import assert from 'node:assert/strict';
import { uiTest } from '../harness/uiTests.mjs';
import { addEnvironment, backupFolder, filesIn, pane, verifyWithCli } from './steps.mjs';

uiTest('Back Up All from the title bar: progress "1 of 2", a summary with both results, Live verified', async (wb, ctx) => {
  const project = 'All Shop';
  await addEnvironment(wb, ctx.doubles.normal, { project, environment: 'Live' });
  await addEnvironment(wb, ctx.doubles.firewall, { project, environment: 'Staging' });

  // The view's title-bar actions show while the pointer is over the view.
  const environments = pane(wb, 'Environments');
  await environments.locator('.pane-header').hover();
  await environments.locator('.pane-header .actions .action-label[aria-label="Back Up All"]').click();

  const progress = wb.toast('Backing up 2 environments of every project');
  await progress.waitFor({ timeout: 15_000 });
  await progress.filter({ hasText: /1 of 2: Live/ }).waitFor({ timeout: 30_000 });
  await wb.screenshot('10-back-up-all-progress');

  const summary = wb.toast('Backed up 1 of 2 environments.');
  await summary.waitFor({ timeout: 120_000 });
  const text = await summary.innerText();
  assert.match(text, /Live: [\d.]+ (KB|MB)/);
  assert.match(text, /Staging: firewall blocks 203\.0\.113\.7/);
  for (const action of ['Show Summary', 'Copy IP', 'Show Log']) await summary.getByRole('button', { name: action }).waitFor({ timeout: 5_000 });
  await wb.screenshot('11-back-up-all-summary');

  const live = backupFolder(ctx, project, 'Live');
  const files = filesIn(live);
  assert.equal(files.length, 1, `one file in ${live}: ${files.join(', ')}`);
  const verified = verifyWithCli(`${live}/${files[0]}`);
  assert.equal(verified.code, 0, verified.output);
  assert.deepEqual(filesIn(backupFolder(ctx, project, 'Staging')), [], 'nothing for the blocked environment');
}, { timeoutMs: 240_000 });
