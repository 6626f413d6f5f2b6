/** The benchmark's results: ratios, target checks and the markdown table (JSON is the BenchRun itself). */
import type { Compression } from '../src/core/export/types';
import type { BenchTableKind } from './benchDatabase';
import type { MeasureResult } from './protocol';

export interface TableRun {
  kind: BenchTableKind;
  rows: number;
  bcpBytes: number;
  measurements: Partial<Record<'A' | 'R' | 'B' | 'C' | 'D' | 'E', MeasureResult>>;
  /** E over four copies of the table in parallel mode at 1, 2 and 4 connections (first size only). */
  parallel: { connections: number; result: MeasureResult }[];
  /** E of one table at each compression setting (first size only). */
  compression: { compression: Compression; result: MeasureResult }[];
  /**
   * The parallel sweep again with every connection capped at `bytesPerSecond` by the double (a slow link: reading,
   * A, is then the limit whatever the machine), with A over the same link (first size only).
   */
  link?: { bytesPerSecond: number; A?: MeasureResult; parallel: { connections: number; result: MeasureResult }[] };
}

export interface SizeRun {
  /** BCP bytes asked for per table (actual: TableRun.bcpBytes). */
  bytes: number;
  tables: TableRun[];
}

export interface BenchRun {
  startedAt: string;
  finishedAt?: string;
  mode: 'quick' | 'full';
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  loadAverageBefore: number[];
  loadAverageAfter?: number[];
  tls: boolean;
  sizes: SizeRun[];
}

const MB = 1024 * 1024;

/** BCP bytes per second. */
export const rate = (r: MeasureResult | undefined): number => (r ? r.bcpBytes / r.seconds : NaN);

/** E / min(A, B), the key ratio (B: zlib, one stream per part); `strict` puts B∥ (our thread-pool compression) for B. */
export function summarise(t: TableRun): { ratio: number; limit: 'A' | 'B'; strict: number } {
  const a = rate(t.measurements.A);
  const b = rate(t.measurements.B);
  const bParallel = t.measurements.B?.parallelRate ?? NaN;
  const e = rate(t.measurements.E);
  return { ratio: e / Math.min(a, b), limit: a <= b ? 'A' : 'B', strict: e / Math.min(a, bParallel) };
}

const mbs = (r: MeasureResult | undefined) => (r ? (rate(r) / MB).toFixed(1) : '–');
const mb = (bytes: number | undefined) => (bytes === undefined ? '–' : (bytes / MB).toFixed(0));

interface Verdict {
  target: string;
  measured: string;
  ok: boolean;
}

export function checkTargets(run: BenchRun): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const size of run.sizes) {
    for (const t of size.tables) {
      const s = summarise(t);
      verdicts.push({ target: `E ≥ 0.8 × min(A, B): ${t.kind}, ${mb(t.bcpBytes)} MB`, measured: `${s.ratio.toFixed(2)} (limit ${s.limit})`, ok: s.ratio >= 0.8 });
      const rss = t.measurements.E?.peakRss ?? 0;
      verdicts.push({ target: `peak RSS of E < 200 MB: ${t.kind}, ${mb(t.bcpBytes)} MB`, measured: `${mb(rss)} MB`, ok: rss < 200 * MB });
      // On loopback the reader is the limit only while E stays below A; over the capped link it always is.
      const gain = (sweep: { connections: number; result: MeasureResult }[]) =>
        Math.max(...sweep.filter((p) => p.connections > 1).map((p) => rate(p.result))) / rate(sweep.find((p) => p.connections === 1)?.result);
      if (t.parallel.length > 0 && s.limit === 'A' && rate(t.measurements.E) < rate(t.measurements.A)) {
        const g = gain(t.parallel);
        verdicts.push({ target: `parallel beats one connection (A is the limit, loopback): ${t.kind}`, measured: `${g.toFixed(2)}× one connection`, ok: g > 1.1 });
      }
      if (t.link && t.link.parallel.length > 0) {
        const g = gain(t.link.parallel);
        verdicts.push({ target: `parallel beats one connection (A is the limit, ${mb(t.link.bytesPerSecond)} MB/s link per connection): ${t.kind}`, measured: `${g.toFixed(2)}× one connection`, ok: g > 1.1 });
      }
    }
  }
  // Memory must not grow with the table: every larger size against the smallest.
  const [first, ...rest] = run.sizes;
  for (const size of rest) {
    for (const t of size.tables) {
      const base = first.tables.find((x) => x.kind === t.kind)?.measurements.E?.peakRss;
      const rss = t.measurements.E?.peakRss;
      if (base === undefined || rss === undefined) continue;
      const growth = rss - base;
      verdicts.push({ target: `RSS growth ${mb(first.bytes)} MB → ${mb(size.bytes)} MB ≤ 30 MB: ${t.kind}`, measured: `${growth >= 0 ? '+' : ''}${(growth / MB).toFixed(1)} MB`, ok: growth <= 30 * MB });
    }
  }
  return verdicts;
}

export function renderMarkdown(run: BenchRun): string {
  const lines: string[] = [];
  const load = (l: number[] | undefined) => (l ? l.map((x) => x.toFixed(2)).join(' ') : '?');
  lines.push(`### Bench run ${run.startedAt} (${run.mode})`, '');
  lines.push(`${run.machine.cpus} CPUs (${run.machine.cpuModel}), Node ${run.machine.node}, ${run.machine.platform}; TLS ${run.tls ? 'on' : 'off'}; ` +
    `load average before ${load(run.loadAverageBefore)}, after ${load(run.loadAverageAfter)}. Rates are MB/s of BCP data (MiB); ratios are within this run.`, '');
  lines.push('| table | BCP MB | rows | D double | A raw read | R reader | B zlib (B∥ ours) | C encode | E export | E rows/s | E / min(A,B) | E / min(A,B∥) | E peak RSS | E peak heap |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const size of run.sizes) {
    for (const t of size.tables) {
      const m = t.measurements;
      const s = summarise(t);
      const parallel = m.B?.parallelRate ? ` (${(m.B.parallelRate / MB).toFixed(1)})` : '';
      lines.push(`| ${t.kind} | ${mb(t.bcpBytes)} | ${t.rows.toLocaleString('en-US')} | ${mbs(m.D)} | ${mbs(m.A)} | ${mbs(m.R)} | ${mbs(m.B)}${parallel} | ${mbs(m.C)} | ${mbs(m.E)} | ` +
        `${m.E ? Math.round(m.E.rows / m.E.seconds).toLocaleString('en-US') : '–'} | **${s.ratio.toFixed(2)}** (${s.limit}) | ${s.strict.toFixed(2)} | ${mb(m.E?.peakRss)} MB | ${mb(m.E?.peakHeap)} MB |`);
    }
  }
  const sweeps = run.sizes.flatMap((s) => s.tables.filter((t) => t.parallel.length > 0).map((t) => ({ size: s, t })));
  if (sweeps.length > 0) {
    lines.push('', 'Parallel mode, four copies of the table (MB/s of all four; peak RSS):', '');
    lines.push('| table | 1 connection | 2 connections | 4 connections |', '|---|---:|---:|---:|');
    for (const { t } of sweeps) {
      lines.push(`| ${t.kind} ${mb(t.bcpBytes)} MB ×4 | ${t.parallel.map((p) => `${mbs(p.result)} (${mb(p.result.peakRss)} MB)`).join(' | ')} |`);
    }
    const linked = sweeps.filter(({ t }) => t.link && t.link.parallel.length > 0);
    if (linked.length > 0) {
      lines.push('', `The same over a link of ${mb(linked[0].t.link?.bytesPerSecond)} MB/s per connection (the double caps each connection; A is then the limit):`, '');
      lines.push('| table | A over the link | 1 connection | 2 connections | 4 connections |', '|---|---:|---:|---:|---:|');
      for (const { t } of linked) {
        lines.push(`| ${t.kind} ${mb(t.bcpBytes)} MB ×4 | ${mbs(t.link?.A)} | ${(t.link?.parallel ?? []).map((p) => `${mbs(p.result)} (${mb(p.result.peakRss)} MB)`).join(' | ')} |`);
      }
    }
    lines.push('', 'Compression, one table (MB/s of BCP data; package size as % of BCP bytes):', '');
    lines.push('| table | none | fast | normal | max |', '|---|---:|---:|---:|---:|');
    for (const { t } of sweeps) {
      lines.push(`| ${t.kind} ${mb(t.bcpBytes)} MB | ${t.compression.map((c) => `${mbs(c.result)} MB/s, ${(100 * (c.result.outBytes ?? 0) / c.result.bcpBytes).toFixed(1)} %`).join(' | ')} |`);
    }
  }
  lines.push('', 'Targets:', '');
  for (const v of checkTargets(run)) lines.push(`- ${v.ok ? 'met' : '**missed**'}: ${v.target} — ${v.measured}`);
  lines.push('');
  return lines.join('\n');
}
