/**
 * The measurements, each run inside its own child process (bench.ts forks one per job), so the peak RSS and
 * heap it reports belong to that measurement alone — never to the double, which runs in another process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import * as zlib from 'node:zlib';
import * as mssql from 'mssql';
import * as tedious from 'tedious';
import { TablePartWriter } from '../src/core/bcp';
import type { SqlRow } from '../src/core/bcp/values';
import { toMssqlConfig } from '../src/core/connection/mssqlConfig';
import { runBackup } from '../src/core/export/runBackup';
import { planTableRead, type TableReadPlan } from '../src/core/export/tableReader';
import { asConnectionLender, borrowConnection, pumpTableRows } from '../src/core/export/tableRowPump';
import { compressionLevel } from '../src/core/package/bacpacWriter';
import { compressEntry, DEFAULT_BLOCK_SIZE } from '../src/core/package/zipEntrySink';
import { collationByName } from '../test/support/tds/collation';
import type { PacketSink } from '../test/support/tds/packets';
import { MessageWriter } from '../test/support/tds/packets';
import { streamResponse } from '../test/support/tds/resultStream';
import { availableParallelism } from 'node:os';
import { benchTableName, createBenchDatabase, type BenchDatabase } from './benchDatabase';
import type { MeasureJob, MeasureResult } from './protocol';

/** Samples the V8 heap (RSS peak comes exact from the kernel via resourceUsage().maxRSS). */
class MemoryWatch {
  peakHeap = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 20);
  }

  sample(): void {
    // v8's own statistics: process.memoryUsage() also reads /proc for the RSS, which showed up in E's profile.
    const heap = getHeapStatistics().used_heap_size;
    if (heap > this.peakHeap) this.peakHeap = heap;
  }

  stop(): { peakRss: number; peakHeap: number } {
    clearInterval(this.timer);
    this.sample();
    return { peakRss: process.resourceUsage().maxRSS * 1024, peakHeap: this.peakHeap };
  }
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

function firstTable(db: BenchDatabase) {
  return db.model.tables.find((t) => t.name === benchTableName(db.spec.kind, 0))!;
}

/** Runs `read` (returning the rows it read) against the bench table through a fresh pool, timed; checks the row count. */
async function timedTableRead(kind: 'A' | 'R', job: Extract<MeasureJob, { kind: 'A' | 'R' }>, watch: MemoryWatch, read: (pool: mssql.ConnectionPool, plan: TableReadPlan) => Promise<number>): Promise<MeasureResult> {
  const db = createBenchDatabase({ ...job.spec, copies: 1 });
  // A sends the export's own SELECT (the wire reader's); R is the driver reader, which needs its text forms.
  const plan = planTableRead(firstTable(db), db.model, kind === 'A' ? 'wire' : 'driver');
  const pool = await new mssql.ConnectionPool(toMssqlConfig(job.settings)).connect();
  try {
    const started = now();
    const rows = await read(pool, plan);
    const seconds = now() - started;
    if (rows !== db.rowsPerTable) throw new Error(`${kind} read ${rows} of ${db.rowsPerTable} rows`);
    return { kind, seconds, rows, bcpBytes: db.bcpBytesPerTable, ...watch.stop() };
  } finally {
    await pool.close();
  }
}

/** A: the driver alone (tedious, on a connection lent by the mssql pool), streaming the exact SELECT the exporter sends; rows are counted and dropped. */
function measureRawRead(job: Extract<MeasureJob, { kind: 'A' }>, watch: MemoryWatch): Promise<MeasureResult> {
  return timedTableRead('A', job, watch, async (pool, plan) => {
    const lender = asConnectionLender(pool);
    const connection = await borrowConnection(lender);
    let rows = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        const request = new tedious.Request(plan.sql, (err) => (err ? reject(err) : resolve()));
        request.on('row', () => { rows++; });
        connection.execSql(request);
      });
    } finally {
      lender.release(connection);
    }
    return rows;
  });
}

/** R: the driver reader (tableRowPump: tedious, decoding into lossless values; the export's fallback), without encoding. */
function measureReader(job: Extract<MeasureJob, { kind: 'R' }>, watch: MemoryWatch): Promise<MeasureResult> {
  return timedTableRead('R', job, watch, async (pool, plan) => {
    let rows = 0;
    await pumpTableRows(asConnectionLender(pool), plan, () => { rows++; });
    return rows;
  });
}

/** One pool cycle of rows as separate arrays, so encoding measures the encoder, not the generator. */
function materialiseRows(db: BenchDatabase, count: number): SqlRow[] {
  const rows: SqlRow[] = [];
  for (const row of db.rows(firstTable(db))) {
    rows.push(row.slice());
    if (rows.length >= count) break;
  }
  return rows;
}

/** Encodes rows (cycling through `sample`) until `bytes` BCP bytes; calls `onPart` with each whole part. */
function encodeParts(db: BenchDatabase, sample: SqlRow[], bytes: number, onPart: (part: Buffer) => void): { rows: number; bcpBytes: number } {
  const writer = new TablePartWriter(firstTable(db).columns);
  let i = 0;
  while (writer.totalBytes < bytes) {
    if (writer.writeRow(sample[i++ % sample.length])) {
      onPart(writer.takeChunk());
      writer.nextPart();
    }
  }
  if (writer.partRows > 0) onPart(writer.takeChunk());
  return { rows: writer.totalRows, bcpBytes: writer.totalBytes };
}

const sampleRows = 4096;

/** C: BCP encoding alone, into whole parts as the exporter makes them. */
function measureEncode(job: Extract<MeasureJob, { kind: 'C' }>, watch: MemoryWatch): MeasureResult {
  const db = createBenchDatabase({ ...job.spec, copies: 1 });
  const sample = materialiseRows(db, sampleRows);
  const target = Math.min(job.capBytes, db.bcpBytesPerTable);
  // Warm-up, so the rate is that of optimised code, as it is for most of a long export.
  encodeParts(db, sample, Math.min(target, 8 << 20), () => undefined);
  const started = now();
  const done = encodeParts(db, sample, target, () => undefined);
  return { kind: 'C', seconds: now() - started, ...done, ...watch.stop() };
}

/** B: deflate of BCP bytes held in memory, through the zip writer's entry sink (its blocks, thread pool and CRC). */
async function measureDeflate(job: Extract<MeasureJob, { kind: 'B' }>, watch: MemoryWatch): Promise<MeasureResult> {
  const db = createBenchDatabase({ ...job.spec, copies: 1 });
  const sample = materialiseRows(db, sampleRows);
  const parts: Buffer[] = [];
  const done = encodeParts(db, sample, Math.min(job.capBytes, db.bcpBytesPerTable), (p) => parts.push(p));
  const level = compressionLevel(job.compression);
  // B: zlib itself — one deflate stream per part on one thread, as any exporter compressing its parts would.
  let compressed = 0;
  const started = now();
  for (const part of parts) compressed += level === null ? part.length : zlib.deflateRawSync(part, { level }).length;
  const seconds = now() - started;
  // B∥: the export's own path (compressEntry: a part's blocks on the thread pool, two parts at a time), for the notes.
  const parallelStarted = now();
  const inFlight: Promise<unknown>[] = [];
  for (const part of parts) {
    if (inFlight.length >= 2) await inFlight.shift();
    inFlight.push(compressEntry(part, level, DEFAULT_BLOCK_SIZE, Math.min(4, Math.max(2, availableParallelism())) + 1));
  }
  await Promise.all(inFlight);
  const parallelSeconds = now() - parallelStarted;
  return { kind: 'B', seconds, ...done, outBytes: compressed, parallelRate: level === null ? undefined : done.bcpBytes / parallelSeconds, ...watch.stop() };
}

/** D: the double's own ceiling: the same rows converted and encoded into TDS packets, into a counting sink. */
async function measureDouble(job: Extract<MeasureJob, { kind: 'D' }>, watch: MemoryWatch): Promise<MeasureResult> {
  const db = createBenchDatabase({ ...job.spec, copies: 1 });
  const table = firstTable(db);
  const rows = Math.min(job.capRows, db.rowsPerTable);
  let bytes = 0;
  const sink: PacketSink = { write: (c) => { bytes += c.length; return true; }, once: () => sink, removeListener: () => sink, destroyed: false };
  const writer = new MessageWriter(sink, 4096, 51);
  // Exactly what the double's data query answer streams (benchDatabase.ts dataResult), cut to `rows` rows.
  const answer = db.dataResult(table, planTableRead(table, db.model, 'wire').sql);
  const limited = (function* () {
    let n = 0;
    for (const row of answer.rows as Iterable<SqlRow>) {
      if (n++ >= rows) return;
      yield row;
    }
  })();
  const target = {
    writer, serverName: 'bench', nbcRow: 'auto' as const,
    encoderContext: { collation: collationByName('SQL_Latin1_General_CP1_CI_AS'), databaseName: 'Bench', plpChunkSize: 8000 },
    endAborted: () => undefined, drop: async () => undefined,
  };
  const started = now();
  await streamResponse(target, [{ columns: answer.columns, rows: limited }], {}, 'rpc', new AbortController().signal);
  const seconds = now() - started;
  return { kind: 'D', seconds, rows, bcpBytes: Math.round((db.bcpBytesPerTable * rows) / db.rowsPerTable), outBytes: bytes, ...watch.stop() };
}

/** E: the whole backup, as the extension runs it (verification off: it reads the file again, a separate cost). */
async function measureExport(job: Extract<MeasureJob, { kind: 'E' }>, watch: MemoryWatch): Promise<MeasureResult> {
  const db = createBenchDatabase(job.spec);
  const exported = db.tableNames.slice(0, job.tables);
  const excluded = db.tableNames.slice(job.tables).map((n) => `dbo.${n}`);
  const folder = mkdtempSync(join(job.folder, 'export-'));
  try {
    let dataStarted = 0;
    const started = now();
    const result = await runBackup(
      {
        connection: job.settings, outputFolder: folder, compression: job.compression, excludeData: excluded, verify: false,
        consistency: job.consistency, parallelism: job.parallelism,
      },
      { onProgress: (p) => { if (p.phase === 'exporting-data' && dataStarted === 0) dataStarted = now(); } },
    );
    const ended = now();
    const rows = result.tables.reduce((n, t) => n + t.rows, 0);
    if (rows !== db.rowsPerTable * exported.length) throw new Error(`E wrote ${rows} of ${db.rowsPerTable * exported.length} rows`);
    return {
      kind: 'E', seconds: ended - dataStarted, totalSeconds: ended - started, rows, bcpBytes: db.bcpBytesPerTable * exported.length,
      outBytes: result.bytes, ...watch.stop(),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function runMeasurement(job: MeasureJob): Promise<MeasureResult> {
  const watch = new MemoryWatch();
  switch (job.kind) {
    case 'A': return measureRawRead(job, watch);
    case 'R': return measureReader(job, watch);
    case 'B': return measureDeflate(job, watch);
    case 'C': return measureEncode(job, watch);
    case 'D': return measureDouble(job, watch);
    case 'E': return measureExport(job, watch);
  }
}
