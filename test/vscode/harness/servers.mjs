// The two servers of the VS Code tiers, both on 127.0.0.1 with auth off and every state folder inside a
// per-run temp directory (nothing reads or writes ~/.config, ~/.vscode-server or the real user settings):
// - code-server (UI tests): the product a user would open in a browser; loads an installed .vsix.
// - the VS Code server bundled in code-server (extension-host tests): accepts --enable-smoke-test-driver,
//   which makes its web workbench honour the `payload` URL parameter (extensionDevelopmentPath/extensionTestsPath).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CODE_SERVER_VERSION, MARKER, codeServerDir, codeServerPackageDir, node24Env, nodeBin, nodeDir, vscodeServerMain,
} from '../../../scripts/vscode-tier/paths.mjs';
import { freePort, startProcess, waitForHttp } from './processes.mjs';

/** Settings that keep the workbench quiet and offline: no welcome page, trust prompt, telemetry or update checks. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  // The secondary side bar (chat) opens empty by default and only clutters screenshots.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Fails with the command to run when the installers have not completed. */
export function assertToolsInstalled() {
  for (const dir of [nodeDir, codeServerDir]) {
    if (!existsSync(join(dir, MARKER))) {
      throw new Error(`${dir} is not installed (or half-installed); run \`npm run test:vscode:setup\` first`);
    }
  }
}

/**
 * A per-run scratch folder: user data, extensions, XDG config, logs and a workspace folder.
 * @param {string} prefix
 */
export function createSandbox(prefix) {
  const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const dirs = {
    root,
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    xdgConfig: join(root, 'xdg-config'),
    serverData: join(root, 'server-data'),
    logs: join(root, 'logs'),
    workspace: join(root, 'workspace'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));
  return { ...dirs, remove: () => rmSync(root, { recursive: true, force: true }) };
}

function codeServerBin() {
  const pkg = JSON.parse(readFileSync(join(codeServerPackageDir, 'package.json'), 'utf8'));
  return join(codeServerPackageDir, typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['code-server']);
}

/** Environment for code-server: Node 24 first on PATH and its config under the sandbox, not ~/.config. */
function codeServerEnv(sandbox) {
  return node24Env({ XDG_CONFIG_HOME: sandbox.xdgConfig, XDG_DATA_HOME: join(sandbox.root, 'xdg-data') });
}

/**
 * Installs a .vsix into the sandbox's extensions folder with code-server's own CLI (checks engines.vscode too).
 * @param {ReturnType<typeof createSandbox>} sandbox
 * @param {string} vsix
 */
export function installExtension(sandbox, vsix) {
  const r = spawnSync(
    nodeBin,
    [codeServerBin(), '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions, '--install-extension', vsix, '--force'],
    { env: codeServerEnv(sandbox), encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  // code-server prints failures but still exits 0 on some of them ("not compatible with VS Code …").
  if (r.status !== 0 || /not compatible|Failed Installing|Error/i.test(output)) {
    throw new Error(`installing ${vsix} into code-server ${CODE_SERVER_VERSION} failed (exit ${r.status ?? r.signal}):\n${output}`);
  }
  return output;
}

/**
 * Starts code-server for UI tests and waits until /healthz answers 200.
 * @param {ReturnType<typeof createSandbox>} sandbox
 * @returns {Promise<{ url: string, port: number, process: import('./processes.mjs').StartedProcess }>}
 */
export async function startCodeServer(sandbox) {
  const port = await freePort();
  const proc = startProcess({
    name: 'code-server',
    command: nodeBin,
    args: [
      codeServerBin(), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions, sandbox.workspace,
    ],
    env: codeServerEnv(sandbox),
    logFile: join(sandbox.logs, 'code-server.log'),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, { process: proc, ok: (s) => s === 200 });
  return { url, port, process: proc };
}

/**
 * Starts the VS Code server (from inside code-server) with the smoke-test driver, for extension-host tests.
 * @param {ReturnType<typeof createSandbox>} sandbox
 * @param {Record<string, string>} [extraEnv]  inherited by the extension host (e.g. where to write a report)
 * @param {{ workspaceTrust?: boolean }} [options]  workspaceTrust: leave workspace trust on (folders start untrusted)
 * @returns {Promise<{ url: string, port: number, process: import('./processes.mjs').StartedProcess }>}
 */
export async function startVscodeServer(sandbox, extraEnv = {}, options = {}) {
  const port = await freePort();
  const proc = startProcess({
    name: 'vscode-server',
    command: nodeBin,
    args: [
      vscodeServerMain, '--host', '127.0.0.1', '--port', String(port),
      '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver',
      '--disable-telemetry', ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--server-data-dir', sandbox.serverData, '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions,
    ],
    env: node24Env({ XDG_CONFIG_HOME: sandbox.xdgConfig, ...extraEnv }),
    logFile: join(sandbox.logs, 'vscode-server.log'),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, { process: proc, ok: (s) => s === 200 });
  return { url, port, process: proc };
}
