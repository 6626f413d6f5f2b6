/**
 * Transactional consistency: by default the schema and every table are read inside ONE snapshot transaction, so
 * the backup shows the database at one moment even while the site writes to it (SSMS and SqlPackage export
 * table by table and give no such promise). Databases with snapshot isolation turned off fall back to read
 * committed, and the result says so.
 */
import * as mssql from 'mssql';

export const snapshotStateQuery = `/* cdb:consistency:snapshot-state v1 */
SELECT snapshot_isolation_state, is_read_committed_snapshot_on
FROM sys.databases
WHERE database_id = DB_ID()`;

export interface ConsistentReader {
  /** What requests run on: the snapshot transaction, or the pool when there is none. */
  source: { request(): mssql.Request };
  consistency: 'snapshot' | 'read-committed';
  /** Ends the transaction (a read-only transaction: rollback and commit are the same). */
  end(): Promise<void>;
}

/** snapshot_isolation_state 1 = ON (Azure SQL Database's default). */
export async function isSnapshotIsolationAllowed(pool: mssql.ConnectionPool): Promise<boolean> {
  const result = await pool.request().query<{ snapshot_isolation_state: number }>(snapshotStateQuery);
  return result.recordset[0]?.snapshot_isolation_state === 1;
}

export async function beginConsistentRead(pool: mssql.ConnectionPool, log: (message: string) => void): Promise<ConsistentReader> {
  if (!(await isSnapshotIsolationAllowed(pool))) {
    log('Snapshot isolation is turned off for this database, so tables are read one after another under read committed: the backup may not be transactionally consistent if the site writes during it. (ALTER DATABASE … SET ALLOW_SNAPSHOT_ISOLATION ON enables it.)');
    return { source: pool, consistency: 'read-committed', end: async () => undefined };
  }
  const transaction = new mssql.Transaction(pool);
  await transaction.begin(mssql.ISOLATION_LEVEL.SNAPSHOT);
  let ended = false;
  return {
    source: transaction,
    consistency: 'snapshot',
    end: async () => {
      if (ended) return;
      ended = true;
      // Nothing was written; rolling back releases the snapshot. A request cancelled a moment ago may still hold
      // the connection (EREQINPROG): wait for it a little. A broken connection has nothing to roll back.
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          await transaction.rollback();
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== 'EREQINPROG') return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
  };
}
