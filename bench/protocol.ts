/** Messages between the benchmark's parent and its child processes (over the fork IPC channel). */
import type { ConnectionSettings } from '../src/core/connection/types';
import type { Compression, ConsistencyMode } from '../src/core/export/types';
import type { BenchTableSpec } from './benchDatabase';

export interface ServedInfo {
  settings: ConnectionSettings;
  tableNames: string[];
  rowsPerTable: number;
  bcpBytesPerTable: number;
  tls: boolean;
}

export type MeasureJob =
  /** A: tedious/mssql streaming the exporter's SELECT, rows counted and dropped. */
  | { kind: 'A'; spec: BenchTableSpec; settings: ConnectionSettings }
  /** R: the export's row reader (pumpTableRows: tedious + lossless decoding), no encoding. */
  | { kind: 'R'; spec: BenchTableSpec; settings: ConnectionSettings }
  /** B: deflate of in-memory BCP bytes through the zip writer's own entry sink (thread pool, blocks in flight). */
  | { kind: 'B'; spec: BenchTableSpec; compression: Compression; capBytes: number }
  /** C: BCP encoding of rows held in memory. */
  | { kind: 'C'; spec: BenchTableSpec; capBytes: number }
  /** D: the double's own encoding rate (rows → converted values → TDS packets into a counting sink). */
  | { kind: 'D'; spec: BenchTableSpec; capRows: number }
  /** E: the full export through runBackup. */
  | { kind: 'E'; spec: BenchTableSpec; settings: ConnectionSettings; compression: Compression; consistency: ConsistencyMode; tables: number; parallelism: number; folder: string };

export interface MeasureResult {
  kind: MeasureJob['kind'];
  seconds: number;
  rows: number;
  /** BCP bytes the measurement covered (the rate's numerator). */
  bcpBytes: number;
  /** Other bytes of interest: TDS bytes (D), compressed bytes (B), package bytes (E). */
  outBytes?: number;
  /** Peak resident set and peak V8 heap of the measuring process, bytes. */
  peakRss: number;
  peakHeap: number;
  /** Seconds of the whole backup including connect, catalog and model (E only). */
  totalSeconds?: number;
  /** B∥: the export's own compression path (blocks on the thread pool) over the same parts (B only), BCP bytes/s. */
  parallelRate?: number;
}
