// Builds what the VS Code tiers load: the extension bundle (dist/), the extension-host test bundle and the .vsix.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { projectRoot } from '../../../scripts/vscode-tier/paths.mjs';

export const SUITE_ENTRY = join(projectRoot, 'test', 'vscode', 'suite', 'index.ts');
/** out/ is ignored and compiled output anyway; this folder is not one of the node --test tiers. */
export const SUITE_BUNDLE = join(projectRoot, 'out', 'vscode-tier', 'suite.js');

function runOrThrow(command, args, what) {
  const r = spawnSync(command, args, { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/** The project's own esbuild build (dist/extension.js and friends), as `npm run build` does it. */
export function buildExtension() {
  runOrThrow(process.execPath, ['esbuild.config.mjs'], 'building the extension (node esbuild.config.mjs)');
  if (!existsSync(join(projectRoot, 'dist', 'extension.js'))) throw new Error('the build wrote no dist/extension.js');
}

/** Bundles the extension-host tests into one CommonJS file; `vscode` stays external (the host provides it). */
export async function bundleSuite() {
  await esbuild.build({
    entryPoints: [SUITE_ENTRY],
    outfile: SUITE_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return SUITE_BUNDLE;
}

/** `npm run package` (production build + vsce) and the path of the .vsix it wrote into dist-vsix/. */
export function packageVsix() {
  const { name, version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const dir = join(projectRoot, 'dist-vsix');
  // vsce treats `--out dist-vsix/` as a directory only when it exists; otherwise it writes the .vsix as a
  // *file* named dist-vsix and then fails with ENOTDIR. Make sure the folder is there first.
  if (existsSync(dir) && !statSync(dir).isDirectory()) rmSync(dir);
  mkdirSync(dir, { recursive: true });
  runOrThrow(npm, ['run', 'package', '--silent'], 'npm run package');
  const expected = join(dir, `${name}-${version}.vsix`);
  if (existsSync(expected)) return expected;
  // vsce names the file <name>-<version>.vsix; fall back to the newest .vsix if that ever changes.
  const newest = readdirSync(dir)
    .filter((f) => f.endsWith('.vsix'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error(`npm run package wrote no .vsix into ${dir}`);
  return newest;
}
