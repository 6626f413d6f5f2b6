/* global navigator -- used inside page.evaluate, which runs in the browser */
// The error a first-time Umbraco Cloud user meets most: the SQL firewall (40615). The notification names the
// IP to allow and offers "Copy IP".
import assert from 'node:assert/strict';
import { uiTest } from '../harness/uiTests.mjs';
import { addEnvironment, contextMenu } from './steps.mjs';

const BLOCKED_IP = '203.0.113.7'; // what test/vscode/support/doubleScenarios.ts has the double report

uiTest('a firewall-blocked environment shows the IP to allow and "Copy IP"', async (wb, ctx) => {
  const names = { project: 'Firewalled Shop', environment: 'Live' };
  await addEnvironment(wb, ctx.doubles.firewall, names);

  // Either the progress notification or, on a fast machine, already the error names the environment.
  await contextMenu(wb, 'Environments', names.environment, 'Back Up', {
    ran: wb.toast('Firewalled Shop'),
    ranWhat: 'a notification about "Firewalled Shop"',
  });
  const error = wb.toast(`does not accept connections from ${BLOCKED_IP}`);
  await error.waitFor({ timeout: 60_000 });
  assert.match(await error.innerText(), /Firewalled Shop/);
  const copyIp = error.getByRole('button', { name: 'Copy IP' });
  await copyIp.waitFor({ timeout: 5_000 });
  // The failed backup's progress notification closes; only the error stays.
  await wb.toast('Backing up Firewalled Shop / Live').waitFor({ state: 'hidden', timeout: 15_000 });
  await wb.screenshot('10-firewall-error-copy-ip');

  await copyIp.click();
  await wb.toast(`Copied ${BLOCKED_IP}`).waitFor({ timeout: 15_000 });
  assert.equal(await wb.page.evaluate(() => navigator.clipboard.readText()), BLOCKED_IP);
});
