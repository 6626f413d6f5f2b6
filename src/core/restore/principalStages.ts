/**
 * What the restore does about principals and database options, beside the schema script:
 * - by default, one warning saying principals were left out, why, and how to include them;
 * - with principals included, which users' logins the target lacks (those users are skipped, each with a
 *   warning), and principal and permission statements run one by one, a refusal reported instead of failing the
 *   restore (a local server without contained database authentication refuses contained users, for example);
 * - the database options, one ALTER DATABASE per option, each refusal reported.
 */
import type { Connection as TdsConnection } from 'tedious';
import { connectWithRetry } from '../connection/connectWithRetry';
import type { ConnectionSettings } from '../connection/types';
import { isBackupError } from '../errors';
import type { DatabaseModel } from '../model/types';
import { databaseOptionStatements } from '../script/databaseOptionStatements';
import { cancelledRestore, runBatch } from './batchRunner';
import { existingLoginsQuery } from './restoreQueries';

/** The one sentence a default restore says about principals, or undefined when the package has none. */
export function principalsLeftOutWarning(model: DatabaseModel, skipped: readonly string[] = []): string | undefined {
  const counts: [number, string][] = [
    [model.users?.length ?? 0, 'users'], [model.roles?.length ?? 0, 'roles'],
    [model.roleMemberships?.length ?? 0, 'role memberships'], [model.permissions?.length ?? 0, 'permissions'],
    [skipped.filter((s) => /^SqlApplicationRole\b/.test(s)).length, 'application roles'],
  ];
  const present = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  if (present.length === 0) return undefined;
  return `Users, roles and permissions were not restored (${present.join(', ')}): a local server rarely has the Cloud login, and contained users need contained database authentication; include them with --include-users (CLI) or the setting cloudDatabaseBackup.restoreIncludeUsers (VS Code), or give your own login access instead.`;
}

/** Users FOR LOGIN whose login the target does not have: a warning each, and their names to skip. */
export async function missingLoginUsers(connection: TdsConnection, model: DatabaseModel, where: { server: string; database: string }, warnings: string[], signal?: AbortSignal): Promise<Set<string>> {
  const loginUsers = (model.users ?? []).filter((u) => u.authentication === 'login');
  if (loginUsers.length === 0) return new Set();
  const logins = [...new Set(loginUsers.map((u) => u.login ?? u.name))];
  const rows = await runBatch(connection, existingLoginsQuery(logins), { action: 'looking up the logins the users map to on', ...where }, signal);
  const existing = new Set(rows.map((r) => String(r.name).toLowerCase()));
  const missing = new Set<string>();
  for (const u of loginUsers) {
    const login = u.login ?? u.name;
    if (existing.has(login.toLowerCase())) continue;
    missing.add(u.name);
    warnings.push(`User ${u.name} was not restored: the server has no login ${login} for it to map to (its memberships and permissions were left out too). Create the login and run CREATE USER [${u.name}] FOR LOGIN [${login}], or restore without users.`);
  }
  return missing;
}

const passwordClause = /PASSWORD = N'((?:[^']|'')*)'/g;

/** The statement as a warning names it: its first line, a password never. */
function firstLine(sql: string): string {
  return sql.split('\n')[0].replace(passwordClause, 'PASSWORD = ...').slice(0, 160);
}

/** The server's message about a statement, without the statement's generated password should the server echo it. */
function serverMessage(sql: string, e: unknown): string {
  let message = e instanceof Error ? e.message : String(e);
  for (const [, quoted] of sql.matchAll(passwordClause)) message = message.split(quoted.replace(/''/g, "'")).join('...').split(quoted).join('...');
  return message;
}

/** Runs each statement; one the server refuses becomes a warning (cancel still stops the restore). Returns those refused. */
export async function runTolerantStage(statements: readonly string[], run: (sql: string) => Promise<unknown>, warnings: string[], verb: string): Promise<string[]> {
  const refused: string[] = [];
  for (const sql of statements) {
    try {
      await run(sql);
    } catch (e) {
      if (isBackupError(e) && e.kind === 'cancelled') throw e;
      refused.push(sql);
      warnings.push(`${verb}: ${firstLine(sql)} — the server said: ${serverMessage(sql, e)}`);
    }
  }
  return refused;
}

/**
 * Applies the model's database options on one connection of its own, one statement per option. What the target
 * refuses (Azure SQL Database, an edition or a version) and what cannot be set are listed in one warning.
 */
export async function applyDatabaseOptions(model: DatabaseModel, target: ConnectionSettings, warnings: string[], signal?: AbortSignal): Promise<void> {
  const statements = databaseOptionStatements(model);
  if (statements.length === 0) return;
  const notApplied: string[] = statements.filter((s) => !s.sql).map((s) => `${s.option} (${s.reason})`);
  const pool = await connectWithRetry(target, { signal, poolMax: 1 });
  try {
    for (const s of statements.filter((s) => s.sql)) {
      if (signal?.aborted) throw cancelledRestore('applying the database options');
      try {
        await pool.request().batch(s.sql!);
      } catch (e) {
        notApplied.push(`${s.option} (the server said: ${e instanceof Error ? e.message : String(e)})`);
      }
    }
  } finally {
    await pool.close().catch(() => undefined);
  }
  if (notApplied.length > 0) warnings.push(`Database options not applied: ${notApplied.join('; ')}.`);
}
