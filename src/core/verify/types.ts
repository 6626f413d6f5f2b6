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
