// The target of `restore` and `pull`: a SQL Server the person runs (local, a container, a VM), its login and a
// password from CLOUD_DB_TARGET_PASSWORD or the terminal, never a flag.
import { defaultConnectionOptions, type ConnectionSettings } from '../core/connection/types';
import type { RestoreProgress } from '../core/restore';
import { UsageError, type FlagSpec } from './args';
import { promptPassword } from './passwordPrompt';
import { formatCount } from '../shared/format';

export const targetPasswordVariable = 'CLOUD_DB_TARGET_PASSWORD';

/** The target flags, with a prefix: '' for restore (--server), 'to-' for pull (--to-server). */
export function targetFlagSpecs(prefix: string): FlagSpec[] {
  return [
    { name: `${prefix}server`, kind: 'string' },
    { name: `${prefix}database`, kind: 'string' },
    { name: `${prefix}user`, kind: 'string' },
    { name: `${prefix}no-encrypt`, kind: 'boolean' },
    { name: `${prefix}trust-server-certificate`, kind: 'boolean' },
    { name: 'replace', kind: 'boolean' },
    { name: `${prefix}parallel`, kind: 'number' },
    { name: 'include-users', kind: 'boolean' },
  ];
}

export function targetHelp(prefix: string): string {
  return `  --${prefix}server NAME             the SQL Server to restore into (default localhost,1433); LocalDB speaks only
                             named pipes, which this tool cannot open: use SQL Server Express/Developer or a container
  --${prefix}database NAME           the database to restore into: created when missing; an existing one must be empty
  --${prefix}user LOGIN              SQL Server Authentication login (e.g. sa); the password is read from
                             ${targetPasswordVariable} or asked on the terminal
  --${prefix}no-encrypt              do not encrypt the connection (encryption is on by default)
  --${prefix}trust-server-certificate  accept the server's self-signed certificate (local servers and containers
                             usually have one): anyone between you and the server could read the connection
  --replace                  drop and recreate a target database that is not empty
  --include-users            also create the package's users, roles, role memberships and permissions (left out
                             by default: a local server rarely has the Cloud login, and contained users need
                             contained database authentication); users whose login the server lacks are skipped
  --${prefix}parallel N              load N tables at a time on N connections (default 4)`;
}

export async function targetFromFlags(flags: Record<string, unknown>, prefix: string, env: NodeJS.ProcessEnv): Promise<ConnectionSettings> {
  const server = (flags[`${prefix}server`] as string | undefined) ?? 'localhost,1433';
  if (/^\(localdb\)/i.test(server) || /^np:/i.test(server)) {
    throw new UsageError('LocalDB and named pipes are not supported (the driver speaks TCP only): restore into SQL Server Express/Developer or a container listening on a TCP port.');
  }
  const database = flags[`${prefix}database`] as string | undefined;
  const user = flags[`${prefix}user`] as string | undefined;
  if (!database) throw new UsageError(`The database to restore into is missing: give --${prefix}database.`);
  if (!user) throw new UsageError(`The login is missing: give --${prefix}user.`);
  const trust = flags[`${prefix}trust-server-certificate`] === true;
  if (trust) console.error('Note: the server certificate is not checked (--trust-server-certificate); use it only for a server on this machine or your own network.');
  const password = env[targetPasswordVariable] ?? (await promptPassword(`Password for ${user} on ${server}: `));
  return {
    ...defaultConnectionOptions,
    server, database, user, password,
    encrypt: flags[`${prefix}no-encrypt`] !== true,
    trustServerCertificate: trust,
  };
}

const stageText: Record<RestoreProgress['stage'], string> = {
  verify: 'Verifying the package', connect: 'Connecting', create: 'Creating the database', principals: 'Creating users and roles', beforeData: 'Creating tables',
  data: 'Loading data', afterData: 'Creating indexes and constraints', programmability: 'Creating views, functions, procedures',
  permissions: 'Granting permissions', extendedProperties: 'Adding extended properties', counts: 'Comparing row counts', options: 'Applying database options', finish: 'Finishing',
};

export function formatRestoreProgress(p: RestoreProgress): string {
  if (p.stage !== 'data') return `${stageText[p.stage]}…`;
  const percent = p.rowsTotal > 0 ? Math.floor((100 * p.rowsDone) / p.rowsTotal) : 100;
  return `${stageText.data}: ${formatCount(p.rowsDone)} of ${formatCount(p.rowsTotal)} rows (${percent}%)${p.table ? `, ${p.table}` : ''}`;
}
