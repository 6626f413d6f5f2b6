/**
 * Everything the editor front door needs from the core, behind one interface so controllers and tests
 * do not care whether the real engine (coreEngine.ts) or a fake stands behind it. No vscode import here.
 */
import type { ConnectionSettings } from '../core/connection/types';
import type { BackupCallbacks, BackupRequest, BackupResult } from '../core/export/types';
import type { VerifyReport } from '../core/verify/types';

export interface ConnectionTestResult {
  serverVersion: string;
  database: string;
  /** e.g. `SQL Azure (GP_S_Gen5_1)`, when the core reports it. */
  edition?: string;
}

export interface ParsedConnectionString {
  settings: Partial<ConnectionSettings>;
  /** Keys the parser did not understand; shown to the person, never silently dropped. */
  unknownKeys: string[];
}

export interface BackupEngine {
  /** Throws BackupError; kind 'cancelled' when `callbacks.signal` aborts. */
  runBackup(request: BackupRequest, callbacks: BackupCallbacks): Promise<BackupResult>;
  verifyBacpac(
    path: string,
    opts?: { signal?: AbortSignal; onProgress?: (partsDone: number, partsTotal: number) => void },
  ): Promise<VerifyReport>;
  /** Throws BackupError classified like a backup's connection failure. */
  testConnection(settings: ConnectionSettings): Promise<ConnectionTestResult>;
  /** Throws BackupError kind 'invalid' when the text is not a connection string. */
  parseConnectionString(text: string): ParsedConnectionString;
  formatConnectionString(settings: ConnectionSettings, opts: { includePassword: false }): string;
}
