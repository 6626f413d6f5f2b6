/** The restore's vocabulary: what a front door asks for, what it is told on the way, and what it gets back. */
import type { ConnectionSettings } from '../connection/types';
import type { VerifiedFile } from '../verify/types';

export interface RestoreRequest {
  /** The .bacpac to restore. */
  packagePath: string;
  /** The target server and login; `database` is the database to restore into (created when missing). */
  target: ConnectionSettings;
  /** Drop and recreate a target database that is not empty (front doors ask first). */
  replace?: boolean;
  /**
   * Asked when the target database is not empty and `replace` is not set (VS Code shows a modal naming database
   * and server); true replaces it. Without it such a target is refused.
   */
  confirmReplace?: (target: { database: string; server: string; objects: number }) => Promise<boolean>;
  /** Tables loaded at the same time, each on its own connection (default 1). */
  parallelism?: number;
  /**
   * Create the package's users and roles, role memberships, permissions and schema owners too (default: left out
   * with a warning, since a local server rarely has the Cloud login and contained users need contained database
   * authentication). Users whose login the target lacks are skipped with a warning each.
   */
  includePrincipals?: boolean;
  /**
   * This process's verification of this very package (Pull to Local hands over its backup's): while the file still
   * has the size and modification time it had then, the restore uses it instead of reading every row a second time.
   */
  verified?: VerifiedFile;
  /** Rows of one INSERT BULK batch, by size of the TDS rows (default 8 MiB): bounds the server's and the double's work per batch. */
  batchBytes?: number;
}

export type RestoreStage = 'verify' | 'connect' | 'create' | 'principals' | 'beforeData' | 'data' | 'afterData' | 'programmability' | 'permissions' | 'extendedProperties' | 'counts' | 'options' | 'finish';

export interface RestoreProgress {
  stage: RestoreStage;
  /** Rows loaded so far, of all tables; and the package's total. */
  rowsDone: number;
  rowsTotal: number;
  /** `schema.table` being loaded (stage 'data'). */
  table?: string;
}

export interface RestoredTable {
  schema: string;
  name: string;
  /** Rows in the package. */
  packageRows: number;
  /** Rows the server counts after the restore. */
  restoredRows: number;
}

export interface RestoreResult {
  database: string;
  server: string;
  /** Whether the database was created, replaced, or an existing empty one was used. */
  mode: 'created' | 'replaced' | 'existing-empty';
  /** 'now': the restore verified the package first; 'as written': it used the verification handed over (`verified`). */
  verification: 'now' | 'as written';
  tables: RestoredTable[];
  totalRows: number;
  durationMs: number;
  /** Things a person should know: what was skipped and why. */
  warnings: string[];
}

export interface RestoreOptions {
  signal?: AbortSignal;
  onProgress?: (progress: RestoreProgress) => void;
  log?: (level: 'info' | 'warn', message: string) => void;
}
