/**
 * Restore throughput against its ceilings (bench/README.md, "Restore"):
 *
 *   npm run bench:restore                 narrow and propertyData tables, 100 MB and 1 GB of BCP data
 *   npm run bench:restore -- --quick      2 MB, for a smoke run: prints the ratios, never fails on timing
 *   options: --sizes=100M,1G  --tables=narrow,propertyData  --profile (V8 CPU profiles of every child in
 *   bench/results/profiles)
 * `npm run bench` and `npm run bench:quick` run it after the export benchmark (bench.ts) with the same sizes.
 * Results: bench/results/<time>-restore-<mode>.md and latest-restore-<mode>.md (mode quick or full).
 *
 * Per table and size, each in its own process (so peak RSS is its own), against the restore-target double in
 * another process that counts bulk-loaded rows without keeping them:
 *   P  read + inflate every BCP part of the package (the package-side ceiling)
 *   Q  the double accepting pre-encoded bulk rows: one 8 MiB batch of TDS rows, sent again and again up to the
 *      table's size (the server-side ceiling: the double decodes every value, as it does for R)
 *   R  runRestore of the package: verify, schema, the bulk load (its data stage timed on its own), counts
 *   T  tedious's own BulkLoad of the same rows (decoded to JavaScript values first; narrow only: its column types
 *      are the ones tedious's BulkLoad takes without loss), the baseline the issue names
 * Target: R's data stage ≥ 0.8 × min(P, Q), peak RSS < 200 MB and flat from 100 MB to 1 GB.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TYPES, Request as TdsRequest, type Connection as TdsConnection } from 'tedious';
import { createRowDecoder } from '../src/core/bcp';
import type { ConnectionSettings } from '../src/core/connection/types';
import { connectWithRetry } from '../src/core/connection/connectWithRetry';
import { runBackup } from '../src/core/export/runBackup';
import { asConnectionLender, borrowConnection } from '../src/core/export/tableRowPump';
import { BacpacPackageReader } from '../src/core/package/bacpacReader';
import { runRestore } from '../src/core/restore';
import { runBatch } from '../src/core/restore/batchRunner';
import { BcpToTdsRows } from '../src/core/restore/bulk/bcpToTdsRows';
import { bulkColMetadata, bulkDoneToken, insertBulkStatement, planBulkTable } from '../src/core/restore/bulk/bulkColumns';
import { bulkLoadAvailable, sendPacketsAtOnce } from '../src/core/restore/bulkLoadTable';
import { readPackageModel } from '../src/core/script/packageModel';
import { serveDatabase } from '../test/support/demo/serveDatabase';
import { startRestoreTarget } from '../test/support/tds/database/restoreTargetServer';
import { option, parseSize } from './commandLine';
import { createBenchDatabase, type BenchTableKind } from './benchDatabase';

const MB = 1024 * 1024;
type Kind = 'P' | 'Q' | 'R' | 'T';
interface Job { kind: Kind; bacpac: string; target: ConnectionSettings; database: string }
interface Result { kind: Kind; seconds: number; bytes: number; rows: number; peakRssMb: number; dataSeconds?: number }

/** Samples RSS every 20 ms while `work` runs. */
async function sampled<T>(work: () => Promise<T>): Promise<{ value: T; peakRssMb: number; seconds: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20);
  const started = performance.now();
  try {
    const value = await work();
    return { value, peakRssMb: Math.round(Math.max(peak, process.memoryUsage.rss()) / MB), seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

async function tableOf(bacpac: string) {
  const reader = await BacpacPackageReader.open(bacpac);
  const model = (await readPackageModel(reader)).model;
  return { reader, table: model.tables[0] };
}

/** P: every part read and inflated. */
async function readParts(bacpac: string): Promise<{ bytes: number; rows: number }> {
  const reader = await BacpacPackageReader.open(bacpac);
  let bytes = 0;
  try {
    for (const part of reader.dataParts) for await (const chunk of reader.openPart(part.entry)) bytes += chunk.length;
  } finally {
    await reader.close();
  }
  return { bytes, rows: 0 };
}

/** Sends one BULK_LOAD message (the same internal door the restore uses). */
function sendMessage(connection: unknown, chunks: Buffer[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new TdsRequest('bench bulk load', (err) => (err ? reject(err) : resolve()));
    sendPacketsAtOnce(connection as TdsConnection);
    async function* payload() { yield* chunks; }
    (connection as { makeRequest(r: unknown, t: number, p: unknown): void }).makeRequest(request, 0x07, Object.assign(payload(), { toString: () => 'bench' }));
  });
}

/** Q: one pre-encoded batch of the table's rows sent repeatedly up to the table's BCP size. */
async function preEncoded(job: Job): Promise<{ bytes: number; rows: number }> {
  const { reader, table } = await tableOf(job.bacpac);
  const plan = planBulkTable(table);
  const transcoder = new BcpToTdsRows(plan);
  let bcpBytes = 0;
  let batchBcp = 0;
  const batch: Buffer[] = [];
  for (const part of reader.dataParts) {
    bcpBytes += part.entry.uncompressedSize;
    for await (const chunk of reader.openPart(part.entry)) {
      if (batchBcp >= 8 * MB) continue;
      transcoder.push(chunk);
      batchBcp += chunk.length;
      batch.push(transcoder.out.take());
    }
  }
  await reader.close();
  const batchRows = transcoder.rows;
  const pool = await connectWithRetry({ ...job.target, database: job.database });
  const lender = asConnectionLender(pool);
  const connection = await borrowConnection(lender);
  const { value } = await sampled(async () => {
    let sent = 0;
    let rows = 0;
    const message = [bulkColMetadata(plan, Buffer.alloc(5)), ...batch, bulkDoneToken()];
    while (sent < bcpBytes) {
      await runBatch(connection, insertBulkStatement(plan), { action: 'bench' });
      await sendMessage(connection, message);
      sent += batchBcp;
      rows += batchRows;
    }
    return { bytes: sent, rows };
  });
  lender.release(connection);
  await pool.close();
  return value;
}

/** T: tedious's BulkLoad with the rows decoded from the package (narrow: int, bit, datetime, nvarchar(50)). */
async function tediousBulkLoad(job: Job): Promise<{ bytes: number; rows: number }> {
  const { reader, table } = await tableOf(job.bacpac);
  const pool = await connectWithRetry({ ...job.target, database: job.database });
  const lender = asConnectionLender(pool);
  const connection = await borrowConnection(lender);
  const decoder = createRowDecoder(table.columns);
  let bytes = 0;
  let rows = 0;
  try {
    for (const part of reader.dataParts) {
      const bcp = await reader.readPart(part.name);
      bytes += bcp.length;
      const values = decoder.decodeRows(bcp).map((r) => [r[0], r[1], r[2] === null ? null : new Date(`${String(r[2]).replace(' ', 'T')}Z`), r[3]]);
      await new Promise<void>((resolve, reject) => {
        const load = connection.newBulkLoad(`[${table.schema}].[${table.name}]`, { keepNulls: true, lockTable: true }, (err, count) => {
          if (err) reject(err);
          else { rows += count ?? 0; resolve(); }
        });
        load.addColumn('id', TYPES.Int, { nullable: false });
        load.addColumn('published', TYPES.Bit, { nullable: false });
        load.addColumn('updated', TYPES.DateTime, { nullable: false });
        load.addColumn('name', TYPES.NVarChar, { length: 50, nullable: true });
        connection.execBulkLoad(load, values);
      });
    }
  } finally {
    lender.release(connection);
    await pool.close();
    await reader.close();
  }
  return { bytes, rows };
}

async function measureRole(job: Job): Promise<Result> {
  if (job.kind === 'P') {
    const r = await sampled(() => readParts(job.bacpac));
    return { kind: 'P', seconds: r.seconds, bytes: r.value.bytes, rows: 0, peakRssMb: r.peakRssMb };
  }
  if (job.kind === 'Q') {
    const r = await sampled(() => preEncoded(job));
    return { kind: 'Q', seconds: r.seconds, ...r.value, peakRssMb: r.peakRssMb };
  }
  if (job.kind === 'T') {
    const r = await sampled(() => tediousBulkLoad(job));
    return { kind: 'T', seconds: r.seconds, ...r.value, peakRssMb: r.peakRssMb };
  }
  let dataStart = 0;
  let dataSeconds = 0;
  const r = await sampled(() => runRestore({ packagePath: job.bacpac, target: job.target, parallelism: 1 }, {
    onProgress: (p) => {
      if (p.stage === 'data' && dataStart === 0) dataStart = performance.now();
      if (p.stage === 'afterData' && dataSeconds === 0) dataSeconds = (performance.now() - dataStart) / 1000;
    },
  }));
  const reader = await BacpacPackageReader.open(job.bacpac);
  const bytes = reader.dataParts.reduce((sum, p) => sum + p.entry.uncompressedSize, 0);
  await reader.close();
  return { kind: 'R', seconds: r.seconds, bytes, rows: r.value.totalRows, peakRssMb: r.peakRssMb, dataSeconds };
}

function inChild<T>(role: string, message: unknown): { result: Promise<T>; stop(): void } {
  // --profile: every child writes a V8 CPU profile to bench/results/profiles (as bench.ts does for its E runs).
  const profile = process.argv.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${resolve(__dirname, '..', '..', 'bench', 'results', 'profiles')}`, `--cpu-prof-name=restore-${role}-${Date.now()}.cpuprofile`] : [];
  const child = fork(__filename, [`--role=${role}`], { stdio: 'inherit', execArgv: ['--max-old-space-size=4096', ...profile] });
  const result = new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
  child.send(message as never);
  return { result, stop: () => child.kill() };
}

const rate = (r: { bytes: number }, seconds: number) => r.bytes / MB / seconds;

const TARGET_RATIO = 0.8;
const TARGET_RSS_MB = 200;

async function main(): Promise<void> {
  if (!bulkLoadAvailable()) throw new Error('tedious lacks makeRequest');
  const quick = process.argv.includes('--quick');
  const sizes = option('sizes')?.split(',').map(parseSize) ?? (quick ? [2 * MB] : [100 * MB, 1024 * MB]);
  const tables = (option('tables')?.split(',') ?? ['narrow', 'propertyData']) as BenchTableKind[];
  const folder = mkdtempSync(join(tmpdir(), 'bench-restore-'));
  const startedAt = new Date();
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`restore bench (${quick ? 'quick' : 'full'}): tables ${tables.join(', ')}; sizes ${sizes.map((s) => `${Math.round(s / MB)} MB`).join(', ')}; load ${load}`);
  const lines: string[] = ['| table | BCP MB | P read+inflate MB/s | Q double accepts MB/s | R restore (data stage) MB/s | R / min(P,Q) | R whole run s | T tedious BulkLoad MB/s | peak RSS MB (P/Q/R/T) |', '|---|---|---|---|---|---|---|---|---|'];
  const verdicts: string[] = [];
  const restoreRss = new Map<BenchTableKind, number[]>();
  try {
    for (const kind of tables) {
      for (const size of sizes) {
        const db = createBenchDatabase({ kind, bytes: size, copies: 1 });
        const served = await serveDatabase(db, { tls: 'off' });
        const bacpac = (await runBackup({ connection: served.settings(), outputFolder: folder, fileNamePattern: `${kind}-${size}.bacpac`, compression: 'fast', verify: false })).path;
        await served.close();
        const target = inChild<{ port: number; user: string; password: string }>('target', { kind, size });
        const t = await target.result;
        const settings = (database: string): ConnectionSettings => ({
          server: `tcp:127.0.0.1,${t.port}`, database, user: t.user, password: t.password, encrypt: false, trustServerCertificate: true, connectTimeoutSeconds: 30, commandTimeoutSeconds: 0,
        });
        const results: Partial<Record<Kind, Result>> = {};
        for (const k of ['P', 'Q', 'R', ...(kind === 'narrow' ? ['T'] : [])] as Kind[]) {
          const database = k === 'R' ? `r_${kind}` : 'bench';
          const child = inChild<Result>('measure', { kind: k, bacpac, target: settings(database), database } satisfies Job);
          results[k] = await child.result;
          const r = results[k]!;
          console.log(`  ${kind} ${Math.round(size / MB)} MB ${k}: ${(k === 'R' ? rate(r, r.dataSeconds!) : rate(r, r.seconds)).toFixed(1)} MB/s, ${r.seconds.toFixed(1)} s, peak RSS ${r.peakRssMb} MB`);
        }
        target.stop();
        rmSync(bacpac, { force: true });
        const P = rate(results.P!, results.P!.seconds);
        const Q = rate(results.Q!, results.Q!.seconds);
        const R = rate(results.R!, results.R!.dataSeconds!);
        const T = results.T ? rate(results.T, results.T.seconds) : undefined;
        const ratio = R / Math.min(P, Q);
        restoreRss.set(kind, [...(restoreRss.get(kind) ?? []), results.R!.peakRssMb]);
        lines.push(`| ${kind} | ${Math.round(results.R!.bytes / MB)} | ${P.toFixed(1)} | ${Q.toFixed(1)} | ${R.toFixed(1)} | ${ratio.toFixed(2)} | ${results.R!.seconds.toFixed(1)} | ${T?.toFixed(1) ?? '–'} | ${['P', 'Q', 'R', 'T'].map((k) => results[k as Kind]?.peakRssMb ?? '–').join(' / ')} |`);
        verdicts.push(`- ${kind} ${Math.round(size / MB)} MB: R / min(P, Q) = ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}); restore peak RSS ${results.R!.peakRssMb} MB (target < ${TARGET_RSS_MB}: ${results.R!.peakRssMb < TARGET_RSS_MB ? 'met' : 'NOT met'})`);
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  for (const [kind, peaks] of restoreRss) {
    if (peaks.length > 1) verdicts.push(`- ${kind}: restore peak RSS from the smallest to the largest size ${peaks.join(' → ')} MB`);
  }
  if (quick) verdicts.push('- quick mode (2 MB): start-up dominates; the ratios prove the benchmark runs, not the targets');
  const markdown = [
    `# Restore benchmark, ${quick ? 'quick' : 'full'} (${startedAt.toISOString()})`, '',
    `Machine: ${availableParallelism()} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}; load average before: ${load}.`, '',
    ...lines, '', ...verdicts, '',
  ].join('\n');
  console.log(`\n${lines.join('\n')}\n\n${verdicts.join('\n')}`);
  const root = resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(root, { recursive: true });
  const mode = `restore-${quick ? 'quick' : 'full'}`;
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(root, `${stamp}-${mode}.md`), markdown);
  writeFileSync(join(root, `latest-${mode}.md`), markdown);
  console.log(`Results: bench/results/${stamp}-${mode}.md`);
}

const role = process.argv.find((a) => a.startsWith('--role='))?.slice(7);
if (role === 'target') {
  // Stopped with SIGTERM: exit normally, so that --profile's CPU profile is written.
  process.once('SIGTERM', () => process.exit(0));
  process.once('message', async ({ kind, size }: { kind: BenchTableKind; size: number }) => {
    const db = createBenchDatabase({ kind, bytes: size, copies: 1 });
    // Q and T load into the existing database 'bench'; R restores into a new one.
    const target = await startRestoreTarget({ model: db.model, discardRows: true, existing: [{ name: 'bench' }] });
    process.send?.({ port: target.server.port, user: target.user, password: target.password });
  });
} else if (role === 'measure') {
  process.once('message', async (job: Job) => {
    try {
      const result = await measureRole(job);
      process.send?.(result, () => process.exit(0));
    } catch (e) {
      console.error(e);
      process.exit(1);
    }
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
