// Helpers that drive the VS Code workbench in a playwright page the way a person would: command palette,
// notifications, views, webviews, plus screenshots and HTML dumps as evidence.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../scripts/vscode-tier/paths.mjs';

export const RESULTS_DIR = join(projectRoot, 'test-results');
export const SCREENSHOT_DIR = join(RESULTS_DIR, 'screenshots');

/** File-name-safe form of a test or step name. */
export function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'unnamed';
}

/**
 * @param {import('playwright-core').Page} page
 */
export function workbench(page) {
  /** Waits until the workbench shell is there (the extension host may still be starting). */
  async function ready(timeout = 90_000) {
    await page.locator('.monaco-workbench').waitFor({ timeout });
  }

  /**
   * Runs a command by its palette title ("Category: Title"). Retries until timeoutMs because the palette may
   * open before the extension's contributions are registered and then shows "No matching commands".
   * @param {string} title
   */
  async function runCommand(title, { timeoutMs = 60_000 } = {}) {
    await pickFromQuickAccess(`>${title}`, title, timeoutMs, 'command not found in the palette');
    await page.locator('.quick-input-widget input').waitFor({ state: 'hidden', timeout: 5_000 });
  }

  /** F1, type `text`, wait for a row containing `rowText` and accept it; retried until the deadline. */
  async function pickFromQuickAccess(text, rowText, timeoutMs, failure) {
    const input = page.locator('.quick-input-widget input');
    const deadline = Date.now() + timeoutMs;
    let attempts = 0;
    while (Date.now() < deadline) {
      attempts++;
      await page.keyboard.press('F1');
      await input.waitFor({ timeout: 10_000 });
      await input.fill(text);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
      try {
        await row.waitFor({ timeout: 1_500 });
        await page.keyboard.press('Enter');
        return;
      } catch {
        await page.keyboard.press('Escape');
      }
    }
    throw new Error(`${failure} after ${attempts} attempts in ${timeoutMs} ms: ${rowText}`);
  }

  /** A notification toast that contains text. */
  function toast(text) {
    return page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /**
   * Opens a view (tree, panel, output…) through "View: Open View", by the name the picker lists.
   * @param {string} name
   */
  async function openView(name, { timeoutMs = 60_000 } = {}) {
    // "view " is the quick-access prefix of View: Open View.
    await pickFromQuickAccess(`view ${name}`, name, timeoutMs, 'view not found');
  }

  /**
   * The content frame of the active webview. Webviews nest two iframes: the host iframe (class `webview`,
   * gets `ready` once loaded) and inside it `#active-frame` with the extension's HTML.
   */
  function webviewFrame() {
    return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** Saves a full-page screenshot to test-results/screenshots/<name>.png and returns its path. */
  async function screenshot(name) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = join(SCREENSHOT_DIR, `${slug(name)}.png`);
    await page.screenshot({ path: file });
    return file;
  }

  /** Evidence after a failure: a screenshot and the page's HTML (best effort: the page may be gone). */
  async function dumpFailure(name) {
    const saved = [];
    try {
      const file = join(SCREENSHOT_DIR, `FAILED-${slug(name)}.png`);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: file });
      saved.push(file);
    } catch {
      // page closed or crashed; the HTML attempt below may still work
    }
    try {
      const file = join(SCREENSHOT_DIR, `FAILED-${slug(name)}.html`);
      writeFileSync(file, await page.content());
      saved.push(file);
    } catch {
      // nothing more to save
    }
    return saved;
  }

  return { page, ready, runCommand, toast, openView, webviewFrame, screenshot, dumpFailure };
}
