import type { ConnectionSettings } from '../connection/types';
import type { VerifiedFile } from '../verify/types';
import type { CarriedSecurity } from './carriedSummary';

export type Compression = 'none' | 'fast' | 'normal' | 'max';

/** `snapshot`: one SNAPSHOT transaction for schema and every table (consistent); `parallel`: N connections. */
export type ConsistencyMode = 'snapshot' | 'parallel';

export interface BackupRequest {
  connection: ConnectionSettings;
  /** Folder the .bacpac is written to (created when missing). */
  outputFolder: string;
  /** File name pattern; tokens {database} {yyyy} {MM} {dd} {HH} {mm} {ss}. Default: the seed script's. */
  fileNamePattern?: string;
  /** Tables whose data is skipped (the schema stays): `schema.table` names or `*` wildcards, e.g. `dbo.umbracoLog`. */
  excludeData?: string[];
  compression?: Compression;
  consistency?: ConsistencyMode;
  /** Connections in parallel mode (default 4). */
  parallelism?: number;
  /** Keep only the newest N backups of this database in the folder; 0 or undefined keeps all. */
  retain?: number;
  /** Verify the package before giving it its final name (default true). */
  verify?: boolean;
  /**
   * How rows are read: `wire` (default) transcodes the server's row tokens straight into BCP; `driver` lets the
   * driver decode every value first (slower; the same bytes — kept as the fallback and for comparison).
   */
  rowReader?: RowReader;
}

export type RowReader = 'wire' | 'driver';

export const defaultFileNamePattern = '{database}-{yyyy}-{MM}-{dd}-{HH}.{mm}.{ss}.bacpac';

export type BackupPhase = 'connecting' | 'reading-schema' | 'writing-model' | 'exporting-data' | 'finishing' | 'verifying' | 'done';

export interface BackupProgress {
  phase: BackupPhase;
  /** 1-based index of the table being exported, and how many tables there are. */
  tableIndex?: number;
  tableCount?: number;
  /** `schema.table` of the current table. */
  table?: string;
  /** Rows written so far over all tables, and the estimate from sys.partitions. */
  rowsDone: number;
  rowsEstimated: number;
  /** Bytes written to the package file so far. */
  bytesWritten: number;
  elapsedMs: number;
  /** One line for a log, when something worth saying happened (a retry, a fallback, a skipped object). */
  message?: string;
}

export interface TableResult {
  schema: string;
  name: string;
  rows: number;
  /** True when the data was excluded on purpose. */
  dataExcluded: boolean;
  parts: number;
}

export interface BackupResult {
  path: string;
  bytes: number;
  durationMs: number;
  database: string;
  /** What consistency the backup really has: snapshot, or read committed when snapshot isolation was unavailable. */
  consistency: 'snapshot' | 'read-committed' | 'parallel';
  tables: TableResult[];
  totalRows: number;
  warnings: string[];
  /** Users, roles, memberships, permissions and database options the package carries (what it leaves out is in `warnings`). */
  carried?: CarriedSecurity;
  verified: boolean;
  /** The verification of the file under its final name (when `verified`): Pull to Local hands it to the restore. */
  verification?: VerifiedFile;
  /** Older backups removed by the retention rule. */
  deleted: string[];
}

export interface BackupCallbacks {
  signal?: AbortSignal;
  onProgress?: (progress: BackupProgress) => void;
  /** Log lines (never secrets). */
  onLog?: (level: 'info' | 'warn' | 'error', message: string) => void;
}
