/**
 * Builds the .vsix the way `npm run package` does (vsce, no dependencies), from the dist/ already built, in a
 * temporary copy of exactly the files vsce lists: the real dist/ is never rewritten under other tests' feet.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function packageVsix(projectRoot: string, into: string): string {
  const vsce = join(projectRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const run = (cwd: string, args: string[]) => execFileSync(process.execPath, [vsce, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const files = run(projectRoot, ['ls', '--no-dependencies']).split('\n').map((l) => l.trim()).filter(Boolean);
  const copy = join(into, 'extension');
  for (const file of [...files, '.vscodeignore']) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(projectRoot, file), join(copy, file));
  }
  // dist/ is built already; the prepublish step would rebuild it from sources the copy does not have.
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  delete manifest.scripts['vscode:prepublish'];
  writeFileSync(join(copy, 'package.json'), JSON.stringify(manifest, null, 2));
  const vsix = join(into, 'extension.vsix');
  run(copy, ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix]);
  return vsix;
}
