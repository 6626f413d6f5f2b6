/**
 * Fuzz test of `verify` (issue 15): 300+ hostile packages built from one demo export with a fixed seed, each
 * verified in a child process under a heap cap and a timeout. Not one may crash verify, hang it, run it out of
 * memory, make it throw instead of report, or take its peak RSS to 300 MB; the good package must still verify.
 *
 * Reproduce one case: FUZZ_CASES=17,42 (ids) and FUZZ_KEEP=1 to keep the files (the path is printed).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBackup } from '../../../src/core/export/runBackup';
import { ZipReader } from '../../../src/core/package/zipReader';
import { generateUmbracoDatabase } from '../../support/databases/umbraco/data';
import { serveDatabase } from '../../support/demo/serveDatabase';
import { hostileCases, type HostileCase, type PackageParts } from '../../support/fuzz/hostilePackages';
import type { WorkerCase, WorkerResult } from '../../support/fuzz/verifyWorker';

const seed = 15_015;
const heapCapMb = 256;
const rssLimitKb = 300 * 1024;
/** Per case, measured from its start: the slowest (a 1 GiB value inflated and skipped) takes seconds. */
const caseTimeoutMs = 90_000;
const batchSize = 30;
const workers = 2;
const workerScript = join(__dirname, '..', '..', 'support', 'fuzz', 'verifyWorker.js');

interface Outcome {
  c: HostileCase;
  result?: WorkerResult;
  failure?: string;
}

let folder = '';
let cases: HostileCase[] = [];
const outcomes = new Map<number, Outcome>();

async function readParts(path: string): Promise<PackageParts> {
  const reader = await ZipReader.open(path);
  try {
    const parts: PackageParts = [];
    for (const e of reader.entries) parts.push([e.name, await reader.readEntry(e.name)]);
    return parts;
  } finally {
    await reader.close();
  }
}

/** Runs one worker over `batch`; resolves with the cases it did not get to (after a crash or hang), in order. */
function runBatch(batch: HostileCase[], paths: Map<number, string>): Promise<HostileCase[]> {
  return new Promise((resolve) => {
    const list = join(folder, `batch-${batch[0].id}.json`);
    writeFileSync(list, JSON.stringify(batch.map((c): WorkerCase => ({ id: c.id, path: paths.get(c.id) as string }))));
    const child = spawn(process.execPath, [`--max-old-space-size=${heapCapMb}`, workerScript, '--fuzz-worker', list], { stdio: ['ignore', 'pipe', 'pipe'] });
    let current: number | undefined;
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let hung = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, caseTimeoutMs);
    };
    arm();
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      let nl: number;
      while ((nl = stdout.indexOf('\n')) >= 0) {
        const msg = JSON.parse(stdout.slice(0, nl)) as { start?: number } & Partial<WorkerResult>;
        stdout = stdout.slice(nl + 1);
        if (msg.start !== undefined) {
          current = msg.start;
          arm();
        } else if (msg.done !== undefined) {
          outcomes.set(msg.done, { c: cases[msg.done], result: msg as WorkerResult });
          current = undefined;
        }
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const culprit = current ?? batch.find((c) => !outcomes.has(c.id))?.id;
      if (culprit !== undefined && !outcomes.has(culprit)) {
        const oom = /heap out of memory|Allocation failed|Reached heap limit/i.test(stderr);
        const what = hung ? `hang (no result within ${caseTimeoutMs / 1000} s)` : oom ? 'out of memory' : `crash (exit ${code ?? signal})`;
        outcomes.set(culprit, { c: cases[culprit], failure: `${what}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
      }
      resolve(batch.filter((c) => !outcomes.has(c.id)));
    });
  });
}

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'verify-fuzz-'));
  const served = await serveDatabase(generateUmbracoDatabase({ scale: 0.02, databaseName: 'fuzz' }));
  let good: string;
  try {
    good = (await runBackup({ connection: served.settings(), outputFolder: folder, fileNamePattern: 'good.bacpac', compression: 'fast' })).path;
  } finally {
    await served.close();
  }
  const parts = await readParts(good);
  const cacheTable = { part: 'Data/dbo.umbracoCacheInstruction/TableData-000-00000.BCP' };
  assert.ok(parts.some(([n]) => n === cacheTable.part), 'the demo export has umbracoCacheInstruction data');
  cases = hostileCases(parts, seed, cacheTable);
  const only = process.env.FUZZ_CASES?.split(',').map(Number);
  const chosen = only ? cases.filter((c) => only.includes(c.id)) : cases;
  const paths = new Map<number, string>();
  for (const c of chosen) {
    const path = join(folder, `case-${String(c.id).padStart(3, '0')}-${c.kind}.bacpac`);
    writeFileSync(path, c.bytes());
    paths.set(c.id, path);
  }
  // Batches in id order, `workers` at a time; after a crash or hang the rest of a batch runs in a new worker.
  const queue: HostileCase[][] = [];
  for (let i = 0; i < chosen.length; i += batchSize) queue.push(chosen.slice(i, i + batchSize));
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      const rest = await runBatch(batch, paths);
      if (rest.length > 0) queue.unshift(rest);
    }
  }));
  if (process.env.FUZZ_KEEP) console.log(`fuzz packages kept in ${folder}`);
}, { timeout: 30 * 60 * 1000 });

after(() => {
  if (folder && !process.env.FUZZ_KEEP) rmSync(folder, { recursive: true, force: true });
});

const describeCase = (o: Outcome) => `#${o.c.id} ${o.c.kind} (${o.c.detail})`;

test('at least 300 hostile packages of every kind the issue names, from a fixed seed', () => {
  assert.ok(cases.length >= 300, `${cases.length} cases`);
  const kinds = new Set(cases.map((c) => c.kind));
  for (const kind of ['truncation', 'header-flip', 'data-flip', 'model-bomb', 'data-bomb', 'zip64', 'entry-name', 'duplicate', 'hostile-xml']) assert.ok(kinds.has(kind), kind);
  const xml = cases.filter((c) => c.kind === 'hostile-xml').map((c) => c.detail).join('\n');
  for (const attack of ['billion laughs', 'deep', 'attribute', 'bad UTF-8']) assert.ok(xml.includes(attack), `${attack} missing from the hostile XML cases`);
});

test('no case crashes, hangs, runs out of memory or throws', () => {
  const failures = [...outcomes.values()].filter((o) => o.failure || o.result?.threw).map((o) => `${describeCase(o)}: ${o.failure ?? o.result?.threw}`);
  assert.deepEqual(failures, []);
  const missing = cases.filter((c) => !outcomes.has(c.id) && (!process.env.FUZZ_CASES || process.env.FUZZ_CASES.split(',').includes(String(c.id))));
  assert.deepEqual(missing.map((c) => c.id), [], 'every case has a result');
});

test(`peak RSS of verify stays under ${rssLimitKb / 1024} MB on every case`, () => {
  const over = [...outcomes.values()].filter((o) => (o.result?.maxRssKb ?? 0) > rssLimitKb);
  assert.deepEqual(over.map((o) => `${describeCase(o)}: ${Math.round((o.result?.maxRssKb ?? 0) / 1024)} MB`), []);
});

test('the good package verifies, and hostile ones are refused', (t) => {
  const control = outcomes.get(0);
  if (control) assert.equal(control.result?.ok, true, JSON.stringify(control.result));
  const hostile = [...outcomes.values()].filter((o) => o.c.id !== 0 && o.result);
  const accepted = hostile.filter((o) => o.result?.ok).map(describeCase);
  // A flip in a byte nothing reads (a DOS date, an unused flag) may leave a valid package; anything else is refused.
  assert.ok(accepted.length <= hostile.length * 0.05, `accepted ${accepted.length} of ${hostile.length}:\n${accepted.join('\n')}`);
  for (const kind of ['model-bomb', 'data-bomb', 'document-bomb', 'hostile-xml']) {
    const kindAccepted = hostile.filter((o) => o.c.kind === kind && o.result?.ok).map(describeCase);
    assert.deepEqual(kindAccepted, [], `${kind} cases must all be refused`);
  }
  const slowest = [...outcomes.values()].filter((o) => o.result).sort((a, b) => (b.result?.ms ?? 0) - (a.result?.ms ?? 0)).slice(0, 3);
  t.diagnostic(`slowest: ${slowest.map((o) => `${describeCase(o)} ${o.result?.ms} ms`).join('; ')}`);
  const byRss = [...outcomes.values()].filter((o) => o.result).sort((a, b) => (b.result?.maxRssKb ?? 0) - (a.result?.maxRssKb ?? 0)).slice(0, 3);
  t.diagnostic(`largest peak RSS: ${byRss.map((o) => `${describeCase(o)} ${Math.round((o.result?.maxRssKb ?? 0) / 1024)} MB`).join('; ')}`);
  t.diagnostic(`${outcomes.size} cases, ${accepted.length} hostile ones accepted`);
});
