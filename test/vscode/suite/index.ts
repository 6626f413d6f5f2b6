// Entry of the extension-host tests (extensionTestsPath): VS Code loads this bundle inside the real extension
// host and calls run(); a rejected promise becomes exit code 1 through codeAutomationExit.
import * as vscode from 'vscode';
import { runRegisteredTests } from './harness';

// Each import registers its tests; add new suites here.
import './activation.suite';
import './environments.suite';
import './backup.suite';
import './backUpAll.suite';
import './secrets.suite';
import './workspaceTrust.suite';
import './schedule.suite';
import './restore.suite';
import './localDatabases.suite';

/** Set by test/vscode/runExtensionTests.mjs in the server's environment, which the extension host inherits. */
const REPORT_ENV = 'CDB_EXT_TEST_REPORT';

/**
 * Console output of the extension host reaches the outside runner mixed with workbench noise, sometimes twice
 * (automation log and browser console). A tag with a sequence number lets it pick our lines, once each.
 */
let sequence = 0;
function write(text: string): void {
  for (const line of text.split('\n')) console.log(`[cdb-ext-test ${++sequence}] ${line}`);
}

export async function run(): Promise<void> {
  const report = await runRegisteredTests(write, vscode.version, process.env[REPORT_ENV]);
  if (report.failed > 0 || report.passed === 0) {
    throw new Error(report.passed === 0 ? 'no extension-host test ran' : `${report.failed} extension-host test(s) failed`);
  }
}
