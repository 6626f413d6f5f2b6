// What a person does with the extension in the workbench, as reusable steps for the UI scenarios: open the
// Cloud Database Backup side bar, fill in the connect form, use an environment's context menu, look at the
// backups folder. Not a scenario file itself (runUiTests.mjs loads only *.ui.mjs).
/* global setTimeout */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../scripts/vscode-tier/paths.mjs';

/** @typedef {ReturnType<typeof import('../harness/workbench.mjs').workbench>} Workbench */

const CONTAINER = 'Cloud Database Backup';

/** Polls `probe` until it returns a truthy value (files on disk have no locator to wait on). */
export async function poll(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Files in a folder, hidden ones (.partial) included; [] while it does not exist. */
export function filesIn(folder) {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}

/** The folder the backupsFolder setting (`<backupsRoot>/{project}/{environment}`) gives an environment. */
export function backupFolder(ctx, project, environment) {
  return join(ctx.backupsRoot, project, environment);
}

/** The connection string the Umbraco Cloud portal would show, pointing at a test double. */
export function connectionString(double) {
  return `Server=${double.server};Database=${double.database};User Id=${double.user};Password=${double.password};Encrypt=True;TrustServerCertificate=True`;
}

/** A view pane of the side bar by its title. */
export function pane(wb, title) {
  return wb.page.locator('.pane', { has: wb.page.locator('.pane-header h3.title', { hasText: new RegExp(`^${title}$`, 'i') }) });
}

/** Opens the extension's side bar through its activity-bar icon and waits for the Environments view. */
export async function openSideBar(wb) {
  const icon = wb.page.locator('.activitybar').getByRole('tab', { name: new RegExp(`^${CONTAINER}`) });
  await icon.waitFor({ timeout: 60_000 });
  // Clicking an already open container closes it; open it only when its views are not showing.
  if (!(await pane(wb, 'Environments').isVisible())) await icon.click();
  await pane(wb, 'Environments').waitFor({ timeout: 30_000 });
}

/** A row of the Environments (or Backups) tree containing text. */
export function treeRow(wb, view, text) {
  return pane(wb, view).locator('.monaco-list-row', { hasText: text });
}

/** The connect form's content frame; waits until its script has filled in the defaults. */
export async function connectForm(wb) {
  const form = wb.webviewFrame();
  await form.locator('#server input').waitFor({ timeout: 30_000 });
  // The timeout field gets its default from the extension's `init` message: the form is live once it is there.
  await poll('the connect form to receive its initial values', async () => (await form.locator('#connectTimeoutSeconds input').inputValue()) !== '');
  return form;
}

/** Types into a vscode-textfield (its <input> lives in the element's shadow root, which locators pierce). */
export async function typeInto(form, field, value) {
  const input = form.locator(`#${field} input`);
  await input.fill(value);
  // Leaving the field is what makes the form validate it, as it does for a person tabbing through.
  await input.blur();
}

export async function valueOf(form, field) {
  return form.locator(`#${field} input`).inputValue();
}

/** Pastes a connection string into the paste box and fills the fields from it. */
export async function fillFromConnectionString(form, text) {
  await form.locator('#connectionString input').fill(text);
  await form.locator('#fillFromConnectionString').click();
  await form.locator('#connectionString-result.ok').waitFor({ timeout: 15_000 });
}

/**
 * Adds an environment the short way (Add Cloud Environment from the palette, paste, names, Save) and waits for
 * it in the tree. For scenarios whose subject is what comes after adding.
 */
export async function addEnvironment(wb, double, { project, environment }) {
  await openSideBar(wb);
  await wb.runCommand('Umbraco Cloud: Add Cloud Environment');
  const form = await connectForm(wb);
  await fillFromConnectionString(form, connectionString(double));
  await typeInto(form, 'project', project);
  await typeInto(form, 'environment', environment);
  await form.locator('#save').click();
  await treeRow(wb, 'Environments', environment).waitFor({ timeout: 30_000 });
}

/** Right-clicks an environment in the tree and picks a context-menu entry. */
export async function contextMenu(wb, view, rowText, entry) {
  await treeRow(wb, view, rowText).first().click({ button: 'right' });
  const item = wb.page.locator('.monaco-menu .action-item', { has: wb.page.locator('.action-label', { hasText: new RegExp(`^${entry}$`) }) });
  await item.first().waitFor({ timeout: 10_000 });
  await item.first().click();
}

/** The status-bar item the extension shows while a backup runs. */
export function backupStatusItem(wb) {
  return wb.page.locator('.statusbar-item[id*="cloudDatabaseBackup.progress"]');
}

/** Runs the project's own verifier on a file, as a person would from a terminal: `node dist/cli.js verify FILE`. */
export function verifyWithCli(file) {
  const r = spawnSync(process.execPath, [join(projectRoot, 'dist', 'cli.js'), 'verify', file], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}
