// Bundles everything that ships into dist/: the extension host entry, the CLI and the webview scripts.
// Usage: node esbuild.config.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

/** VS Code 1.100 runs extensions on Node 20; the CLI has the same floor. */
const nodeTarget = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

const builds = [
  { ...nodeTarget, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  {
    ...nodeTarget,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  // Dev-only: the demo database served by the SQL Server test double, loaded by `cloud-db-backup demo` from a
  // source checkout. .vscodeignore keeps it out of the .vsix.
  { ...nodeTarget, entryPoints: ['test/support/demo/demoServer.ts'], outfile: 'dist/demo-server.js' },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { connectForm: 'src/webview/connectForm/main.ts', localTargetForm: 'src/webview/localTargetForm/main.ts' },
    outdir: 'dist/webview',
  },
];

const existing = builds.filter((b) => {
  const entries = Array.isArray(b.entryPoints) ? b.entryPoints : Object.values(b.entryPoints);
  // The webview entry arrives with the connect form; build only what exists.
  return entries.every((e) => existsSync(e));
});

if (watch) {
  const contexts = await Promise.all(existing.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(existing.map((b) => esbuild.build(b)));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}
