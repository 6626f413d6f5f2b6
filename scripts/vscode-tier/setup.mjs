#!/usr/bin/env node
// Installs what the VS Code test tiers need, once: Debian packages (chromium, krb5 headers for code-server's
// native build), Node 24 from the npm registry, and a pinned code-server built with that Node.
// Each piece is skipped when its completion marker (or dpkg status) says it is there, so a warm rerun takes
// seconds; a folder without its marker is a half-finished install and is wiped and redone.
// Usage: node scripts/vscode-tier/setup.mjs [--force]
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APT_PACKAGES, CODE_SERVER_VERSION, MARKER, NODE_VERSION, chromiumPath, codeServerDir, codeServerPackageDir,
  node24Env, nodeBin, nodeDir, nodePackageDir, nodePackageName, projectRoot, toolsDir, vscodeServerMain,
} from './paths.mjs';

const force = process.argv.includes('--force');
const started = Date.now();

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function fail(message) {
  console.error(`vscode-tier setup: ${message}`);
  process.exit(1);
}

/** Runs a command, its output going to a log file (installs are chatty); on failure shows the log's tail. */
function run(command, args, { env = process.env, cwd = projectRoot, log } = {}) {
  return new Promise((resolvePromise, reject) => {
    const out = log ? createWriteStream(log, { flags: 'a' }) : undefined;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out ? 'pipe' : 'inherit', out ? 'pipe' : 'inherit'] });
    if (out) {
      child.stdout.pipe(out, { end: false });
      child.stderr.pipe(out, { end: false });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      out?.end();
      if (code === 0) return resolvePromise();
      let tail = '';
      if (log && existsSync(log)) tail = readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}${log ? `; log ${log}:\n${tail}` : ''}`));
    });
  });
}

/**
 * The environment for a nested `npm install`. When this script runs under `npm run`, npm exports variables
 * describing that outer invocation; the inner npm would read them as its own config. npm_config_user_agent
 * names Node 20, and code-server's postinstall takes the Node version from it and refuses; local_prefix
 * would point the install at the project. Drop those, keep real user configuration (cache, registry, cafile).
 */
function nestedNpmEnv(base) {
  const outerInvocation = /^(npm_command|npm_execpath|npm_node_execpath|npm_lifecycle_.*|npm_package_.*|npm_config_(user_agent|local_prefix|node_gyp|npm_version|loglevel|nodedir)|NODE|INIT_CWD)$/i;
  return Object.fromEntries(Object.entries(base).filter(([key]) => !outerInvocation.test(key)));
}

function isComplete(dir, expected) {
  const marker = join(dir, MARKER);
  return existsSync(marker) && readFileSync(marker, 'utf8').trim() === expected;
}

function markComplete(dir, expected) {
  writeFileSync(join(dir, MARKER), `${expected}\n`);
}

/** A fresh folder holding a private package.json, so `npm install` there touches nothing of the project. */
function freshInstallFolder(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'vscode-tier-tool', private: true }, null, 2));
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

async function ensureAptPackages() {
  const t = Date.now();
  const missing = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) {
    console.log(`  apt: ${APT_PACKAGES.join(', ')} present`);
    return;
  }
  if (process.getuid?.() !== 0) fail(`missing Debian packages ${missing.join(', ')}; run as root or: sudo apt-get install -y ${missing.join(' ')}`);
  console.log(`  apt: installing ${missing.join(', ')} …`);
  const log = join(toolsDir, 'apt.log');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env, log });
  await run('apt-get', ['install', '-y', ...missing], { env, log });
  if (!existsSync(chromiumPath)) fail(`chromium installed but ${chromiumPath} is missing`);
  console.log(`  apt: done in ${seconds(t)}`);
}

async function ensureNode24() {
  const t = Date.now();
  if (!nodePackageName) fail(`no Node 24 package for ${process.platform}/${process.arch}; the VS Code tiers run on Linux x64/arm64`);
  const id = `${nodePackageName}@${NODE_VERSION}`;
  if (!force && isComplete(nodeDir, id)) {
    console.log(`  node: ${id} present`);
    return;
  }
  console.log(`  node: installing ${id} from npm …`);
  freshInstallFolder(nodeDir);
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', id], { cwd: nodeDir, env: nestedNpmEnv(process.env), log: join(nodeDir, 'install.log') });
  const version = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${NODE_VERSION}`) fail(`${nodeBin} reports ${version || 'nothing'}, expected v${NODE_VERSION}`);
  if (!existsSync(join(nodePackageDir, 'include', 'node', 'node.h'))) fail(`${nodePackageDir} has no include/node headers for node-gyp`);
  markComplete(nodeDir, id);
  console.log(`  node: ${version} in ${seconds(t)}`);
}

async function ensureCodeServer() {
  const t = Date.now();
  const id = `code-server@${CODE_SERVER_VERSION} node@${NODE_VERSION}`;
  if (!force && isComplete(codeServerDir, id)) {
    console.log(`  code-server: ${CODE_SERVER_VERSION} present`);
    return;
  }
  const log = join(toolsDir, `code-server-${CODE_SERVER_VERSION}.install.log`);
  rmSync(log, { force: true });
  console.log(`  code-server: installing ${CODE_SERVER_VERSION} (about 3 minutes: native modules build from source; log ${log}) …`);
  freshInstallFolder(codeServerDir);
  // Node 24 on PATH runs npm and the postinstall; nodedir points node-gyp at the headers shipped in the Node
  // package, since this machine's npm config names /usr (Node 20's headers) and nothing can be downloaded.
  const env = { ...nestedNpmEnv(node24Env()), npm_config_nodedir: nodePackageDir };
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: codeServerDir, env, log });
  if (!existsSync(vscodeServerMain)) fail(`code-server installed without ${vscodeServerMain}`);
  // code-server writes a default config.yaml on any start, --version included: keep it out of ~/.config.
  const xdg = mkdtempSync(join(tmpdir(), 'code-server-version-'));
  const printed = spawnSync(nodeBin, [codeServerBin(), '--version'], { encoding: 'utf8', env: node24Env({ XDG_CONFIG_HOME: xdg }) }).stdout ?? '';
  rmSync(xdg, { recursive: true, force: true });
  const version = printed.split('\n').find((line) => line.startsWith(`${CODE_SERVER_VERSION} `));
  if (!version) fail(`code-server --version printed "${printed.trim()}", expected ${CODE_SERVER_VERSION}`);
  markComplete(codeServerDir, id);
  console.log(`  code-server: ${version} in ${seconds(t)}`);
}

function codeServerBin() {
  const pkg = JSON.parse(readFileSync(join(codeServerPackageDir, 'package.json'), 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['code-server'];
  return join(codeServerPackageDir, bin);
}

function checkPlaywrightCore() {
  try {
    const require = createRequire(join(projectRoot, 'package.json'));
    const version = require('playwright-core/package.json').version;
    console.log(`  playwright-core: ${version} present (devDependency; drives ${chromiumPath})`);
  } catch {
    fail('playwright-core is not installed; run `npm ci` (it is a pinned devDependency)');
  }
}

console.log(`vscode-tier setup into ${toolsDir}`);
mkdirSync(toolsDir, { recursive: true });
try {
  await ensureAptPackages();
  await ensureNode24();
  await ensureCodeServer();
  checkPlaywrightCore();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
console.log(`vscode-tier setup complete in ${seconds(started)}`);
