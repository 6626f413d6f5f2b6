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

/** The Add/Edit Local Database form's frame; waits until its script has filled in the defaults (server localhost,1433). */
export async function localDatabaseForm(wb) {
  const form = wb.webviewFrame();
  await form.locator('#server input').waitFor({ timeout: 30_000 });
  await poll('the local database form to receive its initial values', async () => (await form.locator('#server input').inputValue()) !== '');
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

/**
 * Right-clicks a row of a tree and picks a context-menu entry the way a keyboard user does: arrow keys to the
 * entry, then Enter. A mouse click cannot be made reliable: the workbench's menu items listen for mouse-up only
 * once a 100 ms timer after rendering has fired (`runOnceToEnableMouseUp` in VS Code's menu.ts, there so that the
 * mouse-up of the right-click that opened the menu runs nothing), and on a busy machine that timer fires late,
 * so a prompt click is dropped and the menu stays open with the entry highlighted. The menu's key handlers are
 * bound when it renders, so arrow keys and Enter have no such window.
 *
 * `ran` is a locator that appears once the chosen command has run (e.g. its progress notification), so a
 * failure says which step failed: the menu did not open, did not close, or closed without running the command.
 * @param {Workbench} wb
 * @param {{ ran?: import('playwright-core').Locator, ranWhat?: string, timeoutMs?: number }} [expectation]
 */
export async function contextMenu(wb, view, rowText, entry, { ran, ranWhat = 'the command\'s first sign of running', timeoutMs = 15_000 } = {}) {
  await treeRow(wb, view, rowText).first().click({ button: 'right' });
  // The context view hosts the open menu (in a shadow root, which locators pierce).
  const menu = wb.page.locator('.context-view .monaco-menu').first();
  const items = menu.locator('a.action-menu-item');
  const exact = new RegExp(`^${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const target = menu.locator('a.action-menu-item', { has: wb.page.locator('.action-label', { hasText: exact }) }).first();
  await target.waitFor({ timeout: 10_000 }).catch((error) => {
    throw new Error(`the context menu of "${rowText}" in ${view} did not show "${entry}": ${error.message}`);
  });
  // The menu takes the keyboard focus when it opens; keys pressed before that would move the tree's selection.
  await poll(`the context menu of "${rowText}" to take the keyboard focus`, () =>
    menu.evaluate((m) => {
      const active = /** @type {Document | ShadowRoot} */ (m.getRootNode()).activeElement;
      return !!active && m.contains(active);
    }), 10_000);
  const isFocused = () => target.evaluate((el) => /** @type {Document | ShadowRoot} */ (el.getRootNode()).activeElement === el);
  const count = await items.count();
  // Separators are skipped by the menu, so at most one press per item reaches any entry from wherever focus starts.
  for (let presses = 0; presses <= count && !(await isFocused()); presses++) await wb.page.keyboard.press('ArrowDown');
  if (!(await isFocused())) {
    const labels = await items.allInnerTexts();
    throw new Error(`"${entry}" never took the keyboard focus in the context menu of "${rowText}" (entries: ${labels.join(' | ')})`);
  }
  await wb.page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden', timeout: 10_000 }).catch((error) => {
    throw new Error(`the context menu stayed open after Enter on "${entry}": the command did not run (${error.message})`);
  });
  if (ran) {
    await ran.first().waitFor({ timeout: timeoutMs }).catch((error) => {
      throw new Error(`the context menu closed after Enter on "${entry}", but ${ranWhat} did not appear within ${timeoutMs} ms: the command did not run or failed silently (${error.message})`);
    });
  }
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
