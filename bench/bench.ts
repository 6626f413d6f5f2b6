/**
 * Export throughput against its ceilings (bench/README.md has the method):
 *
 *   npm run bench                 100 MB and 1 GB of BCP data per table
 *   npm run bench -- --large      adds 5 GB
 *   npm run bench:quick           2 MB tables, for CI: prints the ratios, never fails on timing
 * Both then run the restore benchmark (restoreBench.ts) at the same sizes; --no-restore skips it.
 *
 * Options: --sizes=100M,1G  --tables=narrow,wide  --tls (the double offers TLS; default off)  --profile
 * (E runs write V8 CPU profiles to bench/results/profiles)  --no-sweeps (skip the parallel and compression runs)
 * --only=A,E (just these of D, A, R, B, C; E always runs)  --repeat=N (rounds of A, B, E, fastest kept; default 3 up
 * to 128 MB, 1 above)  --link=8M (the rate per connection of the slow-link parallel sweep; --link=0 skips it).
 *
 * The double runs in its own process, and every measurement in a fresh one, so a measurement's peak RSS is its own.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Compression } from '../src/core/export/types';
import { benchTableKinds, type BenchTableKind, type BenchTableSpec } from './benchDatabase';
import { measure, measureRole, serverRole, startServer } from './children';
import type { MeasureResult } from './protocol';
import { option, parseSize } from './commandLine';
import { renderMarkdown, summarise, type BenchRun, type SizeRun, type TableRun } from './report';

const MB = 1024 * 1024;

/** The faster of two runs of one measurement, carrying the higher memory peaks of the two (memory is judged worst-case). */
function fastest(previous: MeasureResult | undefined, next: MeasureResult): MeasureResult {
  if (!previous) return next;
  const faster = next.seconds < previous.seconds ? next : previous;
  return { ...faster, peakRss: Math.max(previous.peakRss, next.peakRss), peakHeap: Math.max(previous.peakHeap, next.peakHeap) };
}

/**
 * Parallel mode where reading is the limit: the double caps every connection at `linkRate` bytes a second (a slow
 * network link), and four copies of the table are exported at 1, 2 and 4 connections; A over the same link shows
 * that the link, not the machine, is the limit.
 */
async function measureOverLink(t: TableRun, spec: BenchTableSpec, specOne: BenchTableSpec, linkRate: number, folder: string, show: (label: string, r: MeasureResult) => void): Promise<void> {
  const server = await startServer(spec, false, linkRate);
  try {
    const settings = server.info.settings;
    const link: NonNullable<TableRun['link']> = { bytesPerSecond: linkRate, parallel: [] };
    t.link = link;
    show('A over the link', (link.A = await measure({ kind: 'A', spec: specOne, settings })));
    for (const n of [1, 2, 4]) {
      const r = await measure({ kind: 'E', spec, settings, compression: 'normal', consistency: 'parallel', tables: 4, parallelism: n, folder });
      link.parallel.push({ connections: n, result: r });
      show(`E link ×${n}`, r);
    }
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const tls = process.argv.includes('--tls');
  const profile = process.argv.includes('--profile');
  const sizes = option('sizes')?.split(',').map(parseSize)
    ?? (quick ? [2 * MB] : [100 * MB, 1024 * MB, ...(process.argv.includes('--large') ? [5 * 1024 * MB] : [])]);
  const tables = (option('tables')?.split(',') ?? benchTableKinds) as BenchTableKind[];
  // Quick mode (CI) skips R, the diagnostic reader-only run, to stay well under two minutes on a busy machine.
  const only = option('only')?.split(',') ?? (quick ? ['D', 'A', 'B', 'C'] : undefined);
  const wanted = (kind: string) => !only || only.includes(kind);
  const sweepBytes = process.argv.includes('--no-sweeps') ? -1 : sizes[0];
  const linkRate = option('link') === '0' ? 0 : parseSize(option('link') ?? '8M');
  const repeat = option('repeat') === undefined ? undefined : Math.max(1, Number(option('repeat')));
  /** In-memory measurements (B, C, D) measure rates; this much data gives a stable rate without holding GBs. */
  const capBytes = quick ? 4 * MB : 256 * MB;
  const root = resolve(__dirname, '..', '..', 'bench', 'results');
  const profileDir = profile ? join(root, 'profiles') : undefined;
  mkdirSync(root, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'cdb-bench-'));

  const run: BenchRun = {
    startedAt: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? '?', node: process.version, platform: `${process.platform} ${process.arch}` },
    loadAverageBefore: loadavg(),
    tls,
    sizes: [],
  };
  const log = (line: string) => console.log(line);
  log(`bench (${run.mode}): tables ${tables.join(', ')}; sizes ${sizes.map((s) => `${(s / MB).toFixed(0)} MB`).join(', ')}; TLS ${tls ? 'on' : 'off'}; load ${run.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}`);
  const show = (label: string, r: MeasureResult) => log(`  ${label.padEnd(18)} ${(r.bcpBytes / MB / r.seconds).toFixed(1).padStart(7)} MB/s  ${Math.round(r.rows / r.seconds).toLocaleString('en-US').padStart(10)} rows/s  ${r.seconds.toFixed(2)} s  peak RSS ${(r.peakRss / MB).toFixed(0)} MB`);

  try {
    for (const bytes of sizes) {
      const sizeRun: SizeRun = { bytes, tables: [] };
      run.sizes.push(sizeRun);
      for (const kind of tables) {
        const sweep = bytes === sweepBytes;
        const spec: BenchTableSpec = { kind, bytes, copies: sweep ? 4 : 1 };
        log(`${kind}, ${(bytes / MB).toFixed(0)} MB:`);
        const server = await startServer(spec, tls);
        const settings = server.info.settings;
        const t: TableRun = { kind, rows: server.info.rowsPerTable, bcpBytes: server.info.bcpBytesPerTable, measurements: {}, parallel: [], compression: [] };
        sizeRun.tables.push(t);
        try {
          const m = t.measurements;
          const specOne = { ...spec, copies: 1 };
          if (wanted('D')) show('D double encode', (m.D = await measure({ kind: 'D', spec: specOne, capRows: Math.ceil((t.rows * Math.min(capBytes, t.bcpBytes)) / t.bcpBytes) })));
          if (wanted('R')) show('R row reader', (m.R = await measure({ kind: 'R', spec: specOne, settings })));
          if (wanted('C')) show('C encode', (m.C = await measure({ kind: 'C', spec: specOne, capBytes })));
          const exportJob = (compression: Compression, tablesToExport: number, parallelism: number, consistency: 'snapshot' | 'parallel') =>
            measure({ kind: 'E', spec, settings, compression, consistency, tables: tablesToExport, parallelism, folder: work }, profileDir);
          // A, B and E, the three the key ratio is made of, run in rounds (A B E, A B E, …) and each keeps its
          // fastest round: a VM's stolen time only ever slows a run down, and interleaving spreads any drift.
          const rounds = repeat ?? (bytes <= 128 * MB && !quick ? 3 : 1);
          for (let round = 1; round <= rounds; round++) {
            const suffix = rounds > 1 ? ` (round ${round}/${rounds})` : '';
            const shown = (label: string, r: MeasureResult) => (show(label + suffix, r), r);
            if (wanted('A')) m.A = fastest(m.A, shown('A raw read', await measure({ kind: 'A', spec: specOne, settings }, profileDir)));
            if (wanted('B')) m.B = fastest(m.B, shown('B deflate', await measure({ kind: 'B', spec: specOne, compression: 'normal', capBytes })));
            m.E = fastest(m.E, shown('E export', await exportJob('normal', 1, 1, 'snapshot')));
          }
          if (sweep) {
            for (const n of [1, 2, 4]) {
              const r = await exportJob('normal', 4, n, 'parallel');
              t.parallel.push({ connections: n, result: r });
              show(`E parallel ×${n}`, r);
            }
            if (linkRate > 0) await measureOverLink(t, spec, specOne, linkRate, work, show);
            for (const c of ['none', 'fast', 'normal', 'max'] as const) {
              const r = c === 'normal' && m.E ? m.E : await exportJob(c, 1, 1, 'snapshot');
              t.compression.push({ compression: c, result: r });
              if (c !== 'normal') show(`E ${c}`, r);
            }
          }
          log(`  E / min(A, B) = ${summarise(t).ratio.toFixed(2)}`);
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  run.loadAverageAfter = loadavg();
  run.finishedAt = new Date().toISOString();
  const markdown = renderMarkdown(run);
  const stamp = run.startedAt.replace(/[:.]/g, '-');
  writeFileSync(join(root, `${stamp}-${run.mode}.json`), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(join(root, `${stamp}-${run.mode}.md`), markdown);
  writeFileSync(join(root, `latest-${run.mode}.json`), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(join(root, `latest-${run.mode}.md`), markdown);
  log('');
  log(markdown);
  log(`Results: bench/results/${stamp}-${run.mode}.{md,json}`);
}

const role = process.argv.find((a) => a.startsWith('--role='))?.slice(7);
if (role === 'server') serverRole();
else if (role === 'measure') measureRole();
else {
  main()
    .then(() => (process.argv.includes('--no-restore') ? undefined : runRestoreBench()))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}

/** The restore benchmark (restoreBench.ts, bundled beside this file) at the same sizes: `npm run bench` measures both halves of the loop. */
function runRestoreBench(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a === '--quick' || a.startsWith('--sizes='));
  return new Promise((done, fail) => {
    const child = fork(join(__dirname, 'restoreBench.js'), args, { stdio: 'inherit' });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`the restore benchmark exited with ${code}`))));
  });
}
