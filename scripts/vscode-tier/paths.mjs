// Pinned versions and cache locations of the VS Code test tiers (extension host + UI on code-server).
// Everything lives in a version-keyed cache outside the checkout (~/.cache/cloud-database-backup-tools, or
// $CDB_TOOLS_DIR), so every clone on a machine — CI's fresh clones included — reuses one install, and a version
// bump installs next to the old one instead of on top of it. A new machine installs it on first use.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const toolsDir = process.env.CDB_TOOLS_DIR ? resolve(process.env.CDB_TOOLS_DIR) : join(homedir(), '.cache', 'cloud-database-backup-tools');

/** code-server 4.133+ demands Node 24; the npm package node-linux-<arch> ships that binary plus its headers. */
export const NODE_VERSION = '24.21.0';
/** code-server 4.139.1 bundles VS Code 1.139.1; engines.vscode of the extension must not be newer. */
export const CODE_SERVER_VERSION = '4.139.1';
export const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config'];
export const chromiumPath = '/usr/bin/chromium';

const nodeArch = { x64: 'x64', arm64: 'arm64' }[process.arch];
export const nodePackageName = nodeArch && process.platform === 'linux' ? `node-linux-${nodeArch}` : undefined;

export const nodeDir = join(toolsDir, `node-${NODE_VERSION}`);
export const nodePackageDir = join(nodeDir, 'node_modules', nodePackageName ?? 'node-unsupported-platform');
export const nodeBinDir = join(nodePackageDir, 'bin');
export const nodeBin = join(nodeBinDir, 'node');

export const codeServerDir = join(toolsDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerPackageDir = join(codeServerDir, 'node_modules', 'code-server');
/** The VS Code server inside code-server: unlike code-server's CLI it accepts the test flags. */
export const vscodeServerMain = join(codeServerPackageDir, 'lib', 'vscode', 'out', 'server-main.js');

/** Written last by the installer; a folder without it is a half-finished install and is redone. */
export const MARKER = '.install-complete';

/** Environment for anything that must run on the pinned Node 24 (code-server, its npm install, the VS Code server). */
export function node24Env(extra = {}) {
  return { ...process.env, PATH: `${nodeBinDir}:${process.env.PATH ?? ''}`, ...extra };
}
