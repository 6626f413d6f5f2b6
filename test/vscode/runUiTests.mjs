#!/usr/bin/env node
// UI end-to-end tests on code-server: package the extension as a user gets it (.vsix), install it with
// code-server's CLI, start code-server, and drive the workbench with headless Debian chromium.
// Scenarios live in test/vscode/ui/*.ui.mjs. Screenshots go to test-results/screenshots/ (a failed test adds
// FAILED-<name>.png and .html).
// Usage: node test/vscode/runUiTests.mjs [--no-package] [name filter]
//   --no-package  reuse the newest .vsix in dist-vsix/ instead of running `npm run package`
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../scripts/vscode-tier/paths.mjs';
import { launchBrowser, VIEWPORT } from './harness/browser.mjs';
import { bundleDoubleServer, startDoubleServer } from './harness/doubleServer.mjs';
import { packageVsix } from './harness/build.mjs';
import { stopAll, withTimeout } from './harness/processes.mjs';
import { assertToolsInstalled, createSandbox, installExtension, startCodeServer } from './harness/servers.mjs';
import { registeredUiTests } from './harness/uiTests.mjs';
import { SCREENSHOT_DIR, workbench } from './harness/workbench.mjs';

const args = process.argv.slice(2);
const reusePackage = args.includes('--no-package');
const filter = args.find((a) => !a.startsWith('--'));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const UI_DIR = join(projectRoot, 'test', 'vscode', 'ui');

function newestVsix() {
  const dir = join(projectRoot, 'dist-vsix');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.vsix')).map((f) => join(dir, f)) : [];
  const newest = files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error('--no-package: no .vsix in dist-vsix/; run `npm run package` first');
  return newest;
}

async function loadScenarios() {
  const files = readdirSync(UI_DIR).filter((f) => f.endsWith('.ui.mjs')).sort();
  for (const f of files) await import(pathToFileURL(join(UI_DIR, f)).href);
  return registeredUiTests.filter((t) => !filter || t.name.includes(filter));
}

/**
 * Backups of every scenario go below the sandbox (removed with it): the extension's backupsFolder setting is
 * written into code-server's user settings before it starts.
 */
function useSandboxBackupsFolder(sandbox) {
  const backupsRoot = join(sandbox.root, 'backups');
  mkdirSync(backupsRoot, { recursive: true });
  const file = join(sandbox.userData, 'User', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8'));
  settings['cloudDatabaseBackup.backupsFolder'] = join(backupsRoot, '{project}', '{environment}');
  writeFileSync(file, JSON.stringify(settings, null, 2));
  return backupsRoot;
}

/** One SQL Server test double per scenario kind, each in its own process, stopped with the servers. */
async function startDoubles(sandbox) {
  await bundleDoubleServer();
  const doubles = {};
  for (const scenario of ['normal', 'firewall', 'slow']) {
    doubles[scenario] = await startDoubleServer(scenario, { logsDir: sandbox.logs, database: `umbraco-${scenario}-live` });
  }
  // An empty "local SQL Server" for Pull to Local, expecting the normal scenario's schema.
  doubles.local = await startDoubleServer('local', { logsDir: sandbox.logs, database: 'umbraco-normal-live' });
  return doubles;
}

/** One scenario: fresh browser context, workbench loaded, evidence saved when it fails. */
async function runScenario(browser, server, sandbox, t, fixtures) {
  // Clipboard access lets the firewall scenario check what "Copy IP" copied.
  const context = await browser.newContext({ viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  const wb = workbench(page);
  const t0 = Date.now();
  try {
    // The workbench page is heavy; on a busy 2-core machine its load event alone can take 10+ s.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(sandbox.workspace)}`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
    await wb.ready();
    await withTimeout(t.fn(wb, { url: server.url, workspace: sandbox.workspace, ...fixtures }), t.timeoutMs, `"${t.name}"`);
    console.log(`✔ ${t.name} (${Date.now() - t0} ms)`);
    return true;
  } catch (error) {
    const evidence = await wb.dumpFailure(t.name);
    console.log(`✖ ${t.name} (${Date.now() - t0} ms)`);
    console.log(String(error instanceof Error ? error.stack ?? error.message : error).replace(/^/gm, '    '));
    if (evidence.length > 0) console.log(`    evidence: ${evidence.join(', ')}`);
    console.log(`    last workbench console lines:\n${consoleLines.slice(-15).join('\n').replace(/^/gm, '      ')}`);
    return false;
  } finally {
    await context.close().catch(() => {});
  }
}

async function main() {
  assertToolsInstalled();
  const scenarios = await loadScenarios();
  if (scenarios.length === 0) throw new Error(`no UI scenario matched${filter ? ` "${filter}"` : ''} in ${UI_DIR}`);
  const vsix = reusePackage ? newestVsix() : packageVsix();
  console.log(`ui tier: packaged ${vsix} after ${elapsed()}`);
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  const sandbox = createSandbox('cdb-ui');
  let browser;
  let passed = 0;
  let failed = 0;
  try {
    installExtension(sandbox, vsix);
    const backupsRoot = useSandboxBackupsFolder(sandbox);
    const doubles = await startDoubles(sandbox);
    console.log(`ui tier: SQL Server doubles ${Object.values(doubles).map((d) => `${d.scenario} on ${d.port} (pid ${d.pid})`).join(', ')} after ${elapsed()}`);
    const server = await startCodeServer(sandbox);
    console.log(`ui tier: code-server on ${server.url} (pid ${server.process.pid}) after ${elapsed()}`);
    browser = await launchBrowser();
    for (const t of scenarios) {
      if (await runScenario(browser, server, sandbox, t, { backupsRoot, doubles })) passed++;
      else failed++;
    }
  } catch (error) {
    failed++;
    console.error(`ui tier failed: ${error instanceof Error ? error.message : error}`);
  } finally {
    await browser?.close().catch(() => {});
    await stopAll();
    if (failed > 0) console.error(`ui tier: sandbox kept for inspection (logs in ${sandbox.logs})`);
    else sandbox.remove();
  }
  console.log(`ui tier: screenshots in ${SCREENSHOT_DIR}; done after ${elapsed()}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
