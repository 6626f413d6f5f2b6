#!/usr/bin/env node
// Extension-host integration tests in a real VS Code: the VS Code server bundled in code-server runs with the
// smoke-test driver; headless chromium opens its workbench with a `payload` naming this project as the
// extension under development and out/vscode-tier/suite.js as extensionTestsPath. The suite runs inside the
// Node 24 extension host; its exit code arrives through codeAutomationExit and becomes ours.
// Usage: node test/vscode/runExtensionTests.mjs [--no-build] [--verbose]
//   CDB_VSCODE_TEST_TIMEOUT_MS  overall deadline (default 180000)
/* global setTimeout, clearTimeout */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/vscode-tier/paths.mjs';
import { launchBrowser, VIEWPORT } from './harness/browser.mjs';
import { buildExtension, bundleSuite } from './harness/build.mjs';
import { logTail, stopAll } from './harness/processes.mjs';
import { assertToolsInstalled, createSandbox, startVscodeServer } from './harness/servers.mjs';

const verbose = process.argv.includes('--verbose');
const skipBuild = process.argv.includes('--no-build');
const timeoutMs = Number(process.env.CDB_VSCODE_TEST_TIMEOUT_MS ?? 180_000);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/** Lines of our suite carry this tag and a sequence number (see suite/index.ts); the rest is workbench noise. */
const SUITE_LINE = /\[cdb-ext-test (\d+)\] (.*)$/;

async function main() {
  assertToolsInstalled();
  if (!skipBuild) buildExtension();
  const suite = await bundleSuite();
  const sandbox = createSandbox('cdb-ext-host');
  const reportFile = join(sandbox.root, 'report.json');
  let browser;
  let exitCode = 1;
  let keepSandbox = false;
  try {
    // Source maps turn stack traces of the bundled suite back into test/vscode/suite/*.ts lines.
    const server = await startVscodeServer(sandbox, { CDB_EXT_TEST_REPORT: reportFile, NODE_OPTIONS: '--enable-source-maps' });
    console.log(`ext-host tier: VS Code server on ${server.url} (pid ${server.process.pid}) after ${elapsed()}`);
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: VIEWPORT });

    let finish;
    const exited = new Promise((resolveExit) => {
      finish = resolveExit;
    });
    const seen = new Set();
    const forward = (text) => {
      const suiteLine = SUITE_LINE.exec(text);
      if (!suiteLine) {
        if (verbose) console.log(`[workbench] ${text}`);
        return;
      }
      // The same line can arrive as both an automation log and a console message.
      if (seen.has(suiteLine[1])) return;
      seen.add(suiteLine[1]);
      // The summary comes once, from the report below, so CI reads exactly one closing line.
      if (!/^\d+ passed, \d+ failed$/.test(suiteLine[2])) console.log(suiteLine[2]);
    };
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      for (const line of (Array.isArray(args) ? args.join(' ') : String(args)).split('\n')) forward(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    page.on('console', (message) => {
      for (const line of message.text().split('\n')) forward(line);
    });
    page.on('pageerror', (error) => console.error(`[workbench page error] ${error.message}`));

    const remote = `vscode-remote://127.0.0.1:${server.port}`;
    const payload = [
      ['extensionDevelopmentPath', `${remote}${projectRoot}`],
      ['extensionTestsPath', `${remote}${suite}`],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(sandbox.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 90_000 });

    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result from the extension host within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      exitCode = await Promise.race([exited, deadline]);
    } finally {
      clearTimeout(timer);
    }

    if (existsSync(reportFile)) {
      const report = JSON.parse(readFileSync(reportFile, 'utf8'));
      console.log(`ext-host tier: node ${report.node}, VS Code ${report.vscode}, exit code ${exitCode} after ${elapsed()}`);
      // Console forwarding printed each result above; if it did not work, the report file still tells.
      if (seen.size === 0) {
        for (const r of report.results) console.log(`${r.ok ? '✔' : '✖'} ${r.name} (${r.ms} ms)${r.ok ? '' : `\n${String(r.error).replace(/^/gm, '    ')}`}`);
      }
      // A suite that passed everything but exited non-zero still fails (and the other way round).
      if (exitCode === 0 && report.failed > 0) exitCode = 1;
      console.log(`${report.passed} passed, ${report.failed} failed`);
    } else {
      // run() never got as far as writing its report: the suite did not load or crashed early.
      console.log(`ext-host tier: the suite wrote no report (exit code ${exitCode}); server log ${server.process.logFile}:\n${logTail(server.process.logFile, 40)}`);
      if (exitCode === 0) exitCode = 1;
      console.log('0 passed, 1 failed');
    }
  } catch (error) {
    keepSandbox = true;
    console.error(`ext-host tier failed: ${error instanceof Error ? error.message : error}`);
    console.error(`logs kept in ${sandbox.logs}`);
    exitCode = 1;
    console.log('0 passed, 1 failed');
  } finally {
    await browser?.close().catch(() => {});
    await stopAll();
    if (exitCode !== 0) keepSandbox = true;
    if (keepSandbox) console.error(`ext-host tier: sandbox kept for inspection: ${sandbox.root}`);
    else sandbox.remove();
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
