#!/usr/bin/env node
// The same extension-host suite in desktop VS Code via @vscode/test-electron, for developers with internet
// (it downloads VS Code into .vscode-test/). CI machines cannot download it: use `npm run test:vscode:ext`.
// Usage: node test/vscode/runElectron.mjs [--no-build]
//   VSCODE_EXECUTABLE  path of an installed VS Code to use instead of downloading one
//   VSCODE_VERSION     version to download (default: stable)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { projectRoot } from '../../scripts/vscode-tier/paths.mjs';
import { buildExtension, bundleSuite } from './harness/build.mjs';

const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET']);

/** test-electron wraps network errors differently across versions; look through causes and the message. */
function isOffline(error) {
  for (let e = error; e; e = e.cause) {
    if (OFFLINE_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && [...OFFLINE_CODES].some((c) => e.message.includes(c))) return true;
  }
  return false;
}

async function main() {
  if (!process.argv.includes('--no-build')) buildExtension();
  const extensionTestsPath = await bundleSuite();
  const workspace = mkdtempSync(join(tmpdir(), 'cdb-electron-'));
  try {
    return await runTests({
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      version: process.env.VSCODE_EXECUTABLE ? undefined : process.env.VSCODE_VERSION || 'stable',
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
      extensionTestsEnv: { CDB_EXT_TEST_REPORT: join(workspace, 'report.json') },
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (isOffline(error)) {
      console.error(
        'test:electron needs to download desktop VS Code, and this machine cannot reach its download server ' +
          `(${error.code ?? error.message}).\nSet VSCODE_EXECUTABLE to an installed VS Code, or run the same suite ` +
          'offline on code-server: npm run test:vscode:ext',
      );
    } else {
      console.error(error instanceof Error ? error.stack : error);
    }
    process.exit(1);
  },
);
