// Starts the SQL Server test double (test/vscode/support/startDoubleServer.ts) as a separate Node process for
// the UI tier and reads the JSON line it prints: where it listens and the throwaway login. The process is
// registered with processes.mjs, so stopAll() (and the SIGINT/exit handlers) stop it by group and PID.
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { projectRoot } from '../../../scripts/vscode-tier/paths.mjs';
import { logTail, startProcess, withTimeout } from './processes.mjs';

export const DOUBLE_ENTRY = join(projectRoot, 'test', 'vscode', 'support', 'startDoubleServer.ts');
export const DOUBLE_BUNDLE = join(projectRoot, 'out', 'vscode-tier', 'double-server.js');

/** Bundles the double's entry into one CommonJS file runnable by plain node. */
export async function bundleDoubleServer() {
  await esbuild.build({
    entryPoints: [DOUBLE_ENTRY],
    outfile: DOUBLE_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return DOUBLE_BUNDLE;
}

/**
 * @typedef {{ scenario: string, server: string, port: number, database: string, user: string, password: string,
 *   pid: number, stop: () => Promise<void> }} DoubleServer
 */

/**
 * Starts one double in `scenario` ('normal' | 'firewall' | 'slow') and resolves once it prints where it listens.
 * @param {string} scenario
 * @param {{ logsDir: string, database?: string, timeoutMs?: number }} options
 * @returns {Promise<DoubleServer>}
 */
export async function startDoubleServer(scenario, { logsDir, database, timeoutMs = 60_000 }) {
  const proc = startProcess({
    name: `double-${scenario}`,
    command: process.execPath,
    args: ['--enable-source-maps', DOUBLE_BUNDLE, scenario, ...(database ? [database] : [])],
    logFile: join(logsDir, `double-${scenario}.log`),
  });
  const firstLine = new Promise((resolveLine, reject) => {
    let text = '';
    proc.child.stdout.on('data', (chunk) => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end >= 0) resolveLine(text.slice(0, end));
    });
    proc.child.on('exit', (code, signal) => reject(new Error(`double-${scenario} exited (${code ?? signal}) before listening; log:\n${logTail(proc.logFile)}`)));
  });
  const info = JSON.parse(await withTimeout(firstLine, timeoutMs, `starting the ${scenario} double`));
  return { ...info, pid: proc.pid, stop: () => proc.stop() };
}
