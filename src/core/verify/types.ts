export interface VerifyIssue {
  /** Short stable code, e.g. `zip.version-needed`, `checksum.mismatch`, `model.dangling-reference`. */
  code: string;
  message: string;
  /** The part or model element the issue is about. */
  where?: string;
}

export interface VerifiedTable {
  schema: string;
  name: string;
  rows: number;
  parts: { name: string; rows: number; bytes: number }[];
}

/**
 * A passing report on a file as it was when verified: its size and modification time then. A later reader (the
 * restore of Pull to Local) trusts the report instead of reading every row again only while the file still has both.
 */
export interface VerifiedFile {
  report: VerifyReport;
  size: number;
  mtimeMs: number;
}

export interface VerifyReport {
  path: string;
  ok: boolean;
  errors: VerifyIssue[];
  warnings: VerifyIssue[];
  databaseName?: string;
  dspName?: string;
  schemaVersion?: string;
  /** Origin.xml TableRowCountTotalTag, and the rows actually decoded. */
  originRowCount?: number;
  totalRows: number;
  tables: VerifiedTable[];
  /** Counts of model elements by type, e.g. { SqlTable: 12 }. */
  objectCounts: Record<string, number>;
  bytes: number;
}
