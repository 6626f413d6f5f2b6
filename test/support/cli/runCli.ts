/**
 * Runs the built command line (dist/cli.js) as a child process, the way a person or a cron job does: always
 * asynchronously, since the test double it talks to usually lives in the test's own process.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..', '..', '..');
export const cliPath = join(projectRoot, 'dist', 'cli.js');
/** For `test(…, { skip })`: the reason to skip when the CLI has not been built. */
export const cliSkip: string | false = existsSync(cliPath) ? false : 'needs dist/cli.js: run `npm run build` first';

export interface CliRun {
  /** The exit code; null when a signal ended the process. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface StartedCli {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  exited: Promise<CliRun>;
}

/**
 * Starts the CLI with only PATH and `env` in its environment, so a password the test does not give cannot leak
 * in from outside (no CLOUD_DB_PASSWORD from the test's own).
 */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, options: { cwd?: string } = {}): StartedCli {
  const child = spawn(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH, ...env }, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<CliRun>((done) => child.on('close', (code) => done({ code, stdout, stderr })));
  return { child, output: () => ({ stdout, stderr }), exited };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, options: { cwd?: string } = {}): Promise<CliRun> {
  const started = startCli(args, env, options);
  // Nothing is typed at the CLI: a closed stdin is what a cron job gives it.
  started.child.stdin.end();
  return started.exited;
}
