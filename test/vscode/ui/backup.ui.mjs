// Backing up from the Environments tree: progress in a notification and the status bar, the success message,
// a file the project's verifier accepts, listed in the Backups view; and a cancelled backup leaving nothing.
import assert from 'node:assert/strict';
import { uiTest } from '../harness/uiTests.mjs';
import { addEnvironment, backupFolder, backupStatusItem, contextMenu, filesIn, poll, treeRow, verifyWithCli } from './steps.mjs';

uiTest('Back Up from the context menu: progress, status bar, success, a verified file in the Backups view', async (wb, ctx) => {
  const names = { project: 'Backup Shop', environment: 'Live' };
  await addEnvironment(wb, ctx.doubles.normal, names);

  await contextMenu(wb, 'Environments', names.environment, 'Back Up', {
    ran: wb.toast('Backing up Backup Shop / Live'),
    ranWhat: 'the progress notification "Backing up Backup Shop / Live"',
  });
  await backupStatusItem(wb).first().waitFor({ timeout: 15_000 });
  await wb.screenshot('06-backup-in-progress');

  await wb.toast('Backed up Backup Shop / Live').waitFor({ timeout: 120_000 });
  await backupStatusItem(wb).first().waitFor({ state: 'detached', timeout: 15_000 });
  const folder = backupFolder(ctx, names.project, names.environment);
  const files = filesIn(folder);
  assert.equal(files.length, 1, `one file in ${folder}: ${files.join(', ')}`);
  assert.match(files[0], /\.bacpac$/);
  const verified = verifyWithCli(`${folder}/${files[0]}`);
  assert.equal(verified.code, 0, `cloud-db-backup verify failed:\n${verified.output}`);

  await treeRow(wb, 'Backups', files[0]).waitFor({ timeout: 30_000 });
  await wb.screenshot('07-backup-succeeded-and-listed');
}, { timeoutMs: 180_000 });

uiTest('Cancel during a slow backup leaves no file', async (wb, ctx) => {
  const names = { project: 'Cancel Shop', environment: 'Live' };
  await addEnvironment(wb, ctx.doubles.slow, names);
  const folder = backupFolder(ctx, names.project, names.environment);

  const progress = wb.toast('Backing up Cancel Shop / Live');
  await contextMenu(wb, 'Environments', names.environment, 'Back Up', {
    ran: progress,
    ranWhat: 'the progress notification "Backing up Cancel Shop / Live"',
  });
  // Cancel once the package is being written, i.e. in the middle of the slow table's rows.
  await poll('the .partial file', () => filesIn(folder).some((f) => f.endsWith('.partial')));
  await wb.screenshot('08-slow-backup-before-cancel');
  await progress.getByRole('button', { name: 'Cancel' }).click();

  await wb.toast('The backup of Cancel Shop / Live was cancelled.').waitFor({ timeout: 30_000 }).catch(async (error) => {
    const stillRunning = (await backupStatusItem(wb).count()) > 0;
    throw new Error(`no "cancelled" message within 30 s${stillRunning ? '; the backup never ended after Cancel (its status-bar item is still there)' : ''}: ${error.message}`);
  });
  await poll('the folder to be empty', () => filesIn(folder).length === 0, 10_000);
  assert.deepEqual(filesIn(folder), []);
  await wb.screenshot('09-backup-cancelled');
}, { timeoutMs: 120_000 });
