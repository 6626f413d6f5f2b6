// Registry for UI scenarios: files under test/vscode/ui/*.ui.mjs call uiTest(); runUiTests.mjs runs them.
/**
 * @typedef {ReturnType<typeof import('./workbench.mjs').workbench>} Workbench
 * @typedef {import('./doubleServer.mjs').DoubleServer} DoubleServer
 * @typedef {{ url: string, workspace: string, backupsRoot: string,
 *   doubles: { normal: DoubleServer, firewall: DoubleServer, slow: DoubleServer, local: DoubleServer } }} UiContext
 *   backupsRoot: where the backupsFolder setting points ({project}/{environment} below it);
 *   doubles: the SQL Server test doubles, one process per scenario kind, shared by every UI test
 * @typedef {{ name: string, fn: (wb: Workbench, ctx: UiContext) => Promise<void>, timeoutMs: number }} UiTest
 */

/** @type {UiTest[]} */
export const registeredUiTests = [];

/**
 * Registers a UI scenario. Each runs in a fresh browser context on a freshly loaded workbench; timeoutMs
 * counts from the moment the workbench shell is there (loading it has its own deadline).
 * @param {string} name
 * @param {UiTest['fn']} fn
 * @param {{ timeoutMs?: number }} [options]
 */
export function uiTest(name, fn, { timeoutMs = 90_000 } = {}) {
  registeredUiTests.push({ name, fn, timeoutMs });
}
