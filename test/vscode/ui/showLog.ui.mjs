// The palette command a user runs first when something goes wrong: it must open the extension's log.
import { uiTest } from '../harness/uiTests.mjs';

uiTest('"Umbraco Cloud: Show Log" opens the Cloud Database Backup output channel', async (wb) => {
  await wb.runCommand('Umbraco Cloud: Show Log');
  const panel = wb.page.locator('.part.panel');
  // The Output view shows the selected channel's name in its channel picker.
  await panel.locator('.monaco-select-box', { hasText: 'Cloud Database Backup' }).first().waitFor({ timeout: 15_000 });
  // And the channel's text: the line the extension logs when it activates.
  await panel.locator('.view-lines', { hasText: 'activated' }).first().waitFor({ timeout: 15_000 });
  await wb.screenshot('show-log-output-channel');
});
