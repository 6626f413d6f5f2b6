#!/usr/bin/env node
// Extension-host integration tests in a real VS Code: the VS Code server bundled in code-server runs with the
// smoke-test driver; headless chromium opens its workbench with a `payload` naming this project as the
// extension under development and out/vscode-tier/suite.js as extensionTestsPath. The suite runs inside the
// Node 24 extension host; its exit code arrives through codeAutomationExit and becomes ours.
// Two passes: the whole suite in a trusted workspace, then the workspace-trust tests (names ending in
// "(workspace trust)") again with workspace trust on and the folder not trusted, so restricted settings bite.
// Usage: node test/vscode/runExtensionTests.mjs [--no-build] [--verbose] [--trusted-only | --untrusted-only]
//   CDB_VSCODE_TEST_TIMEOUT_MS  deadline of each pass (default 180000)
/* global setTimeout, clearTimeout */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/vscode-tier/paths.mjs';
import { launchBrowser, VIEWPORT } from './harness/browser.mjs';
import { buildExtension, bundleSuite } from './harness/build.mjs';
import { logTail, stopAll } from './harness/processes.mjs';
import { QUIET_SETTINGS, assertToolsInstalled, createSandbox, startVscodeServer } from './harness/servers.mjs';

const verbose = process.argv.includes('--verbose');
const passes = process.argv.includes('--untrusted-only') ? ['untrusted'] : process.argv.includes('--trusted-only') ? ['trusted'] : ['trusted', 'untrusted'];
/** Tests that run again in the untrusted pass (harness.ts reads the variable). */
const TRUST_TAG = '(workspace trust)';
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
  let passed = 0;
  let failed = 0;
  let exitCode = 0;
  for (const pass of passes) {
    const result = await runPass(suite, pass === 'untrusted');
    passed += result.passed;
    failed += result.failed;
    if (result.exitCode !== 0) exitCode = result.exitCode;
  }
  // The one closing line CI reads.
  console.log(`${passed} passed, ${failed} failed`);
  return exitCode;
}

/**
 * One run of the suite in a fresh sandbox. Untrusted: workspace trust is on (no --disable-workspace-trust, the
 * user setting enabled, no start-up prompt) and the sandbox folder has never been trusted; only the tests
 * tagged TRUST_TAG run.
 */
async function runPass(suite, untrusted) {
  const label = untrusted ? 'ext-host tier (untrusted folder)' : 'ext-host tier';
  const sandbox = createSandbox(untrusted ? 'cdb-ext-host-untrusted' : 'cdb-ext-host');
  if (untrusted) {
    writeFileSync(join(sandbox.userData, 'User', 'settings.json'), JSON.stringify({
      ...QUIET_SETTINGS,
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
    }, null, 2));
  }
  const reportFile = join(sandbox.root, 'report.json');
  let browser;
  let exitCode = 1;
  let keepSandbox = false;
  let counts = { passed: 0, failed: 1 };
  try {
    // Source maps turn stack traces of the bundled suite back into test/vscode/suite/*.ts lines.
    const server = await startVscodeServer(
      sandbox,
      {
        CDB_EXT_TEST_REPORT: reportFile,
        NODE_OPTIONS: '--enable-source-maps',
        CDB_EXT_TEST_WORKSPACE: untrusted ? 'untrusted' : 'trusted',
        ...(untrusted ? { CDB_EXT_TEST_ONLY: TRUST_TAG } : {}),
      },
      { workspaceTrust: untrusted },
    );
    console.log(`${label}: VS Code server on ${server.url} (pid ${server.process.pid}) after ${elapsed()}`);
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
      console.log(`${label}: node ${report.node}, VS Code ${report.vscode}, exit code ${exitCode} after ${elapsed()}`);
      // Console forwarding printed each result above; if it did not work, the report file still tells.
      if (seen.size === 0) {
        for (const r of report.results) console.log(`${r.ok ? '✔' : '✖'} ${r.name} (${r.ms} ms)${r.ok ? '' : `\n${String(r.error).replace(/^/gm, '    ')}`}`);
      }
      // A suite that passed everything but exited non-zero still fails (and the other way round).
      if (exitCode === 0 && report.failed > 0) exitCode = 1;
      if (untrusted && report.passed + report.failed === 0) {
        console.log(`${label}: no test is tagged ${TRUST_TAG}`);
        exitCode = 1;
      }
      counts = { passed: report.passed, failed: report.failed + (exitCode !== 0 && report.failed === 0 ? 1 : 0) };
      console.log(`${label}: ${report.passed} passed, ${report.failed} failed`);
    } else {
      // run() never got as far as writing its report: the suite did not load or crashed early.
      console.log(`${label}: the suite wrote no report (exit code ${exitCode}); server log ${server.process.logFile}:\n${logTail(server.process.logFile, 40)}`);
      if (exitCode === 0) exitCode = 1;
    }
  } catch (error) {
    keepSandbox = true;
    console.error(`${label} failed: ${error instanceof Error ? error.message : error}`);
    console.error(`logs kept in ${sandbox.logs}`);
    exitCode = 1;
  } finally {
    await browser?.close().catch(() => {});
    await stopAll();
    if (exitCode !== 0) keepSandbox = true;
    if (keepSandbox) console.error(`${label}: sandbox kept for inspection: ${sandbox.root}`);
    else sandbox.remove();
  }
  return { exitCode, ...counts };
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
