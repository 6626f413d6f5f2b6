/**
 * The child process of the verify fuzz test: verifies the packages listed in a JSON file one by one and reports
 * each as a JSON line — `{"start":id}` before, `{"done":id,…,"maxRssKb":…}` after — so the parent can tell which
 * case crashed, hung or grew the process. Run: node --max-old-space-size=256 verifyWorker.js --fuzz-worker LIST.
 * Loaded without that flag (as the test runner loads every file under out/test), it does nothing.
 */
import { readFileSync } from 'node:fs';
import { verifyBacpac } from '../../../src/core/verify/verifyBacpac';

export interface WorkerCase {
  id: number;
  path: string;
}

export interface WorkerResult {
  done: number;
  ok?: boolean;
  codes?: string[];
  /** verify threw instead of reporting: a failure of the fuzz test. */
  threw?: string;
  maxRssKb: number;
  ms: number;
}

const line = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);

/**
 * This process's peak RSS in KB. getrusage's maxrss survives execve, so a child spawned by a big parent would
 * report the parent's peak; /proc's VmHWM belongs to this process's own address space.
 */
function peakRssKb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

async function main(listPath: string): Promise<void> {
  const list = JSON.parse(readFileSync(listPath, 'utf8')) as WorkerCase[];
  for (const c of list) {
    line({ start: c.id });
    const started = Date.now();
    const result: WorkerResult = { done: c.id, maxRssKb: 0, ms: 0 };
    try {
      const report = await verifyBacpac(c.path);
      result.ok = report.ok;
      result.codes = [...new Set(report.errors.map((e) => e.code))];
    } catch (e) {
      result.threw = e instanceof Error ? (e.stack ?? e.message) : String(e);
    }
    result.ms = Date.now() - started;
    result.maxRssKb = peakRssKb();
    line(result);
  }
}

if (process.argv[2] === '--fuzz-worker' && process.argv[3]) {
  main(process.argv[3]).catch((e: unknown) => {
    process.stderr.write(`worker failed: ${String(e)}\n`);
    process.exit(70);
  });
}
