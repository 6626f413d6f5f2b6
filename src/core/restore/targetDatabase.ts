/**
 * Where a restore writes, decided before anything is written, and how it leaves no database that looks complete:
 *
 * - the database does not exist, or it exists and `replace` was asked for: the restore fills a NEW database under
 *   a temporary name (`<name>__restoring_<hex>`) and renames it at the very end (dropping the one it replaces
 *   only then). A failed or cancelled restore drops the temporary database; the original is never touched.
 * - the database exists and is empty (a login that may not create databases, e.g. Azure SQL): the restore fills
 *   it in place, and a failure drops every object the restore created, so it is empty again.
 * - it exists and is not empty, without `replace`: refused before anything is written.
 */
import { randomBytes } from 'node:crypto';
import type * as mssql from 'mssql';
import { connectWithRetry } from '../connection/connectWithRetry';
import type { ConnectionSettings } from '../connection/types';
import { BackupError, isBackupError } from '../errors';
import { createDatabaseStatement, databaseIdQuery, dropDatabaseStatement, renameDatabaseStatement, userObjectCountQuery } from './restoreQueries';

export interface TargetPlan {
  mode: 'created' | 'replaced' | 'existing-empty';
  /** The database the restore writes into (the temporary name unless 'existing-empty'). */
  workingDatabase: string;
  /** The server-level connection (master) when the login has one; needed for create, rename and drop. */
  master?: mssql.ConnectionPool;
}

function describe(settings: ConnectionSettings): string {
  return `[${settings.database}] on ${settings.server}`;
}

export function temporaryName(database: string): string {
  return `${database.slice(0, 100)}__restoring_${randomBytes(4).toString('hex')}`;
}

async function countUserObjects(settings: ConnectionSettings, signal?: AbortSignal): Promise<number> {
  const pool = await connectWithRetry(settings, { signal });
  try {
    const result = await pool.request().query<{ user_objects: number | string }>(userObjectCountQuery);
    return Number(result.recordset[0]?.user_objects ?? 0);
  } finally {
    await pool.close().catch(() => undefined);
  }
}

/** Decides the plan and creates the working database; throws before writing anything when it may not go on. */
export async function prepareTarget(
  target: ConnectionSettings,
  collation: string,
  replaceAsked: boolean,
  confirmReplace?: (target: { database: string; server: string; objects: number }) => Promise<boolean>,
  signal?: AbortSignal,
): Promise<TargetPlan> {
  let replace = replaceAsked;
  let master: mssql.ConnectionPool | undefined;
  try {
    master = await connectWithRetry({ ...target, database: 'master' }, { signal, allowMaster: true });
  } catch (e) {
    // A database-scoped login (Azure SQL, contained users) cannot open master: only an existing database will do.
    if (!(isBackupError(e) && (e.kind === 'database' || e.kind === 'login'))) throw e;
  }
  try {
    const exists = master
      ? (await master.request().query<{ database_id: number | null }>(databaseIdQuery(target.database))).recordset[0]?.database_id != null
      : true;
    if (exists) {
      const objects = await countUserObjects(target, signal);
      if (objects === 0 && !replace) return { mode: 'existing-empty', workingDatabase: target.database, master };
      if (!replace && confirmReplace) replace = await confirmReplace({ database: target.database, server: target.server, objects });
      if (!replace) {
        throw new BackupError('invalid', `The database ${describe(target)} is not empty (${objects} objects); the restore leaves existing databases alone.`, {
          hint: 'Restore into a new database name, or replace this one (--replace on the command line; VS Code asks first).',
        });
      }
      if (!master) {
        throw new BackupError('invalid', `The database ${describe(target)} is not empty, and this login cannot open master to drop and recreate it.`, {
          hint: 'Empty the database yourself, or restore with a login that may create databases.',
        });
      }
    }
    const workingDatabase = temporaryName(target.database);
    await master!.request().batch(createDatabaseStatement(workingDatabase, collation));
    return { mode: exists ? 'replaced' : 'created', workingDatabase, master };
  } catch (e) {
    await master?.close().catch(() => undefined);
    throw e;
  }
}

/** Gives the working database its final name (dropping the database it replaces first). */
export async function finishTarget(plan: TargetPlan, database: string): Promise<void> {
  if (plan.mode === 'existing-empty' || !plan.master) return;
  if (plan.mode === 'replaced') await plan.master.request().batch(dropDatabaseStatement(database));
  await plan.master.request().batch(renameDatabaseStatement(plan.workingDatabase, database));
}

/** After a failure: drops the temporary database. Returns what a person should be told. */
export async function abandonTarget(plan: TargetPlan, dropCreatedObjects: () => Promise<void>): Promise<string> {
  if (plan.mode === 'existing-empty') {
    try {
      await dropCreatedObjects();
      return `The objects this restore created in [${plan.workingDatabase}] were dropped; the database is empty again.`;
    } catch (e) {
      return `The database [${plan.workingDatabase}] is incomplete and could not be emptied (${e instanceof Error ? e.message : String(e)}): drop it or empty it before you use it.`;
    }
  }
  try {
    await plan.master!.request().batch(dropDatabaseStatement(plan.workingDatabase));
    return `The partly restored database [${plan.workingDatabase}] was dropped; nothing else was changed.`;
  } catch (e) {
    return `The partly restored database [${plan.workingDatabase}] could not be dropped (${e instanceof Error ? e.message : String(e)}): drop it yourself.`;
  }
}
