// Starts servers for the VS Code test tiers and guarantees they stop: each is spawned detached (its own process
// group), its descendants are looked up before it is signalled, and every PID is checked again afterwards.
// Cleanup also runs on SIGINT/SIGTERM and at process exit, so a failed or interrupted run leaves nothing behind.
/* global setTimeout, clearTimeout */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';

/** @type {Set<StartedProcess>} */
const running = new Set();
let handlersInstalled = false;

/**
 * @typedef {object} StartedProcess
 * @property {string} name
 * @property {number} pid  also the process-group id (spawned detached)
 * @property {string} logFile
 * @property {import('node:child_process').ChildProcess} child
 * @property {() => boolean} exited
 * @property {() => Promise<void>} stop
 */

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (the OS picks it; the tiny race until the server binds it is acceptable here). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Spawns a long-running process in its own process group, output appended to logFile.
 * @param {{ name: string, command: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string, logFile: string }} options
 * @returns {StartedProcess}
 */
export function startProcess({ name, command, args, env = process.env, cwd, logFile }) {
  installCleanupHandlers();
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let hasExited = false;
  child.on('exit', () => {
    hasExited = true;
  });
  child.on('error', (error) => {
    hasExited = true;
    log.write(`\n[harness] spawn failed: ${error.message}\n`);
  });
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${command}`);
  /** @type {StartedProcess} */
  const started = {
    name,
    pid: child.pid,
    logFile,
    child,
    exited: () => hasExited,
    stop: async () => {
      running.delete(started);
      await stopProcessTree(child.pid, { name });
      log.end();
    },
  };
  running.add(started);
  return started;
}

/** Last lines of a log file, for error messages. */
export function logTail(logFile, lines = 30) {
  if (!existsSync(logFile)) return '(no log)';
  return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
}

function httpStatus(url, timeoutMs) {
  return new Promise((resolveStatus) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolveStatus(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolveStatus(0));
    req.end();
  });
}

/**
 * Polls url until it answers with a status accepted by `ok` (default: 2xx/3xx). Fails early, with the log's
 * tail, when the process it belongs to exits first.
 * @param {string} url
 * @param {{ process?: StartedProcess, timeoutMs?: number, ok?: (status: number) => boolean }} [options]
 */
export async function waitForHttp(url, { process: proc, timeoutMs = 60_000, ok = (s) => s >= 200 && s < 400 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    if (proc?.exited()) throw new Error(`${proc.name} exited before ${url} answered; log ${proc.logFile}:\n${logTail(proc.logFile)}`);
    last = await httpStatus(url, 2_000);
    if (ok(last)) return last;
    await sleep(100);
  }
  const tail = proc ? `; log ${proc.logFile}:\n${logTail(proc.logFile)}` : '';
  throw new Error(`${url} did not answer within ${timeoutMs} ms (last status ${last || 'no connection'})${tail}`);
}

/** PIDs of every live descendant of pid (children first found through ps, whatever their process group). */
export function descendantsOf(pid) {
  const r = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  if (r.status !== 0) return [];
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const line of r.stdout.split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (!p || Number.isNaN(pp)) continue;
    if (!children.has(pp)) children.set(pp, []);
    children.get(pp).push(p);
  }
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const c of children.get(queue.shift()) ?? []) {
      found.push(c);
      queue.push(c);
    }
  }
  return found;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    // A zombie still answers signal 0; ps tells it apart.
    const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
    return stat !== '' && !stat.startsWith('Z');
  } catch {
    return false;
  }
}

function signal(pid, sig, group) {
  try {
    process.kill(group ? -pid : pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Stops a detached process, its process group and every descendant it had: SIGTERM, up to graceMs to exit,
 * then SIGKILL for whatever is left. Throws if anything survives, naming the PIDs.
 * @param {number} pid
 * @param {{ name?: string, graceMs?: number }} [options]
 */
export async function stopProcessTree(pid, { name = `pid ${pid}`, graceMs = 5_000 } = {}) {
  const tree = [pid, ...descendantsOf(pid)];
  signal(pid, 'SIGTERM', true);
  for (const p of tree) signal(p, 'SIGTERM', false);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && tree.some(alive)) await sleep(100);
  const stubborn = tree.filter(alive);
  if (stubborn.length > 0) {
    signal(pid, 'SIGKILL', true);
    for (const p of stubborn) signal(p, 'SIGKILL', false);
    await sleep(200);
  }
  const survivors = [...tree, ...descendantsOf(pid)].filter(alive);
  if (survivors.length > 0) throw new Error(`${name}: processes still running after SIGKILL: ${survivors.join(', ')}`);
}

/** Stops everything this module started and has not stopped yet. */
export async function stopAll() {
  const errors = [];
  for (const p of [...running]) {
    try {
      await p.stop();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, errors.map((e) => e.message).join('; '));
}

/** Synchronous last resort (the 'exit' event allows no waiting): SIGKILL every group and descendant. */
function killAllNow() {
  for (const p of running) {
    const tree = [p.pid, ...descendantsOf(p.pid)];
    signal(p.pid, 'SIGKILL', true);
    for (const pid of tree) signal(pid, 'SIGKILL', false);
  }
  running.clear();
}

function installCleanupHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(sig, () => {
      console.error(`\n[harness] ${sig}: stopping ${running.size} server(s)`);
      const hardStop = setTimeout(() => process.exit(code), 8_000);
      stopAll()
        .catch((error) => console.error(`[harness] ${error.message}`))
        .finally(() => {
          clearTimeout(hardStop);
          process.exit(code);
        });
    });
  }
}

/** Runs fn with a deadline; rejects with a clear message when it takes longer. */
export async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
