/** Runs the built CLI (dist/cli.js) in a child process, asynchronously: the test doubles live in the test's process and must keep answering. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..', '..', '..');
export const cliPath = join(projectRoot, 'dist', 'cli.js');
/** For `{ skip }`: the CLI tests need the bundle. */
export const skipWithoutCli = existsSync(cliPath) ? false : 'needs dist/cli.js: run `npm run build` first';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Only PATH and `env` reach the child, so a password the test does not give cannot leak in from outside. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, options: { cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH, ...env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}
