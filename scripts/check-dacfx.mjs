#!/usr/bin/env node
// Checks bacpacs (or catalog queries) with Microsoft's DacFx through tools/dacfx-check, building it first when its
// sources are newer than the last build.
// Usage: node scripts/check-dacfx.mjs [bacpac] FILE.bacpac… [--script-out DIR] [--json-out FILE]
//        node scripts/check-dacfx.mjs parse-sql PATH… [--json-out FILE]
// Without `dotnet` on PATH it skips (exit 0) on a developer machine, but fails under CI=true: CI must not skip.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolDir = join(root, 'tools', 'dacfx-check');
const toolDll = join(toolDir, 'bin', 'Release', 'net10.0', 'dacfx-check.dll');
// Test files run in parallel and may each call this script: one builds, the others wait for it.
const buildLock = join(toolDir, 'bin', '.build-lock');
const lockWaitMs = 15 * 60 * 1000;
const commands = new Set(['bacpac', 'parse-sql', 'model-from-sql', 'compare-script']);
const inCi = process.env.CI === 'true';
// Quiet, offline-friendly .NET: no first-run banner, no telemetry upload attempts.
const env = { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1', DACFX_TELEMETRY_OPTOUT: '1' };

function dotnetAvailable() {
  const probe = spawnSync('dotnet', ['--version'], { encoding: 'utf8', env });
  return probe.status === 0;
}

/** Newest modification time of the tool's sources (bin/, obj/ and experiments/ are not part of the build). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!['bin', 'obj', 'experiments'].includes(entry.name)) newest = Math.max(newest, newestSource(join(dir, entry.name)));
    } else if (/\.(cs|csproj|json)$/.test(entry.name)) {
      newest = Math.max(newest, statSync(join(dir, entry.name)).mtimeMs);
    }
  }
  return newest;
}

function isStale() {
  return !existsSync(toolDll) || statSync(toolDll).mtimeMs < newestSource(toolDir);
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** mkdir is atomic: whoever creates the lock directory builds. A lock older than the wait limit is a crash's leftover. */
function acquireBuildLock() {
  mkdirSync(dirname(buildLock), { recursive: true });
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      mkdirSync(buildLock);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (Date.now() - statSync(buildLock).mtimeMs > lockWaitMs) rmSync(buildLock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`check-dacfx: gave up waiting for ${buildLock}`);
      else sleep(500);
    }
  }
}

function buildIfStale() {
  if (!isStale()) return;
  acquireBuildLock();
  try {
    if (!isStale()) return; // another process built it while this one waited
    console.error('check-dacfx: building tools/dacfx-check (dotnet build -c Release)…');
    // In CI the restore must match packages.lock.json exactly.
    const args = ['build', '-c', 'Release', '--nologo', '-v', 'q', toolDir, ...(inCi ? ['-p:RestoreLockedMode=true'] : [])];
    const build = spawnSync('dotnet', args, { stdio: 'inherit', env });
    if (build.status !== 0) throw new Error(`check-dacfx: dotnet build failed (exit ${build.status ?? build.signal})`);
  } finally {
    rmSync(buildLock, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: node scripts/check-dacfx.mjs [bacpac|parse-sql|compare-script] FILE… [--script-out DIR] [--json-out FILE]');
  process.exit(2);
}
if (!dotnetAvailable()) {
  if (inCi) {
    console.error('check-dacfx: `dotnet` is not on PATH, and CI=true: the DacFx check must run in CI, so this fails.');
    process.exit(1);
  }
  console.log('check-dacfx: SKIPPED — `dotnet` is not on PATH, so the bacpacs were not checked with DacFx. Install the .NET SDK to run it.');
  process.exit(0);
}
try {
  buildIfStale();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const toolArgs = commands.has(args[0]) ? args : ['bacpac', ...args];
const run = spawnSync('dotnet', [toolDll, ...toolArgs], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
