// A tiny test runner for the extension host. node:test cannot report from there (its root harness reports at
// process exit, and the extension host never exits on its own), so tests register here, run in order with a
// timeout each, and the results come back as lines plus a JSON report the outside runner reads.
import { writeFileSync } from 'node:fs';

export type TestFn = () => void | Promise<void>;

interface RegisteredTest {
  name: string;
  fn: TestFn;
  timeoutMs: number;
}

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface SuiteReport {
  passed: number;
  failed: number;
  node: string;
  vscode: string;
  results: TestResult[];
}

const registered: RegisteredTest[] = [];

/** Registers a test; tests run in registration order (i.e. import order, then declaration order). */
export function test(name: string, fn: TestFn, options: { timeoutMs?: number } = {}): void {
  registered.push({ name, fn, timeoutMs: options.timeoutMs ?? 20_000 });
}

async function runOne(t: RegisteredTest): Promise<TestResult> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(t.fn),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${t.timeoutMs} ms`)), t.timeoutMs);
      }),
    ]);
    return { name: t.name, ok: true, ms: Date.now() - started };
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { name: t.name, ok: false, ms: Date.now() - started, error: text };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every registered test and reports each line through `write`. When reportFile is set the JSON report is
 * written there too (the outside runner passes its path in the server's environment).
 */
export async function runRegisteredTests(write: (line: string) => void, vscodeVersion: string, reportFile?: string): Promise<SuiteReport> {
  const results: TestResult[] = [];
  // The untrusted-folder pass runs only the tests whose names carry this text (runExtensionTests.mjs sets it).
  const only = process.env.CDB_EXT_TEST_ONLY;
  for (const t of registered.filter((r) => !only || r.name.includes(only))) {
    const result = await runOne(t);
    results.push(result);
    write(`${result.ok ? '✔' : '✖'} ${result.name} (${result.ms} ms)`);
    if (result.error) write(result.error.replace(/^/gm, '    '));
  }
  const failed = results.filter((r) => !r.ok).length;
  const report: SuiteReport = { passed: results.length - failed, failed, node: process.version, vscode: vscodeVersion, results };
  if (reportFile) writeFileSync(reportFile, JSON.stringify(report, null, 2));
  write(`${report.passed} passed, ${report.failed} failed`);
  return report;
}
