/**
 * "Local databases": SQL Servers the person restores into, saved like Cloud environments — server (default
 * localhost,1433), database, login and whether the certificate is trusted in globalState, the password in
 * SecretStorage under the target id and nowhere else. A local target is never a Cloud environment: a server name
 * of Azure SQL (*.database.windows.net) is refused, so a restore can never be pointed at a Cloud database.
 * No vscode import: the store is tested with in-memory fakes.
 */
import { randomUUID } from 'node:crypto';
import type { KeyValueStore, SecretStore } from '../model/storagePorts';

export interface LocalTarget {
  id: string;
  server: string;
  database: string;
  user: string;
  /** Accept a self-signed certificate (local servers and containers); the form warns about it. */
  trustServerCertificate: boolean;
}

export const defaultLocalServer = 'localhost,1433';
const targetsKey = 'cloudDatabaseBackup.localTargets';

export function localTargetPasswordKey(id: string): string {
  return `localTargetPassword:${id}`;
}

/** Why a server cannot be a local restore target, or undefined when it can. */
export function localServerProblem(server: string): string | undefined {
  const s = server.trim();
  if (s === '') return 'The server is missing.';
  if (/^\(localdb\)/i.test(s) || /^np:/i.test(s)) {
    return 'LocalDB speaks only named pipes, which this extension cannot open: use SQL Server Express or Developer, or a SQL Server container (docker run … mcr.microsoft.com/mssql/server), on a TCP port.';
  }
  if (/\.database\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)(,\d+)?$/i.test(s.replace(/^tcp:/i, ''))) {
    return 'This is an Azure SQL server: restore targets are your own SQL Servers, never a Cloud database.';
  }
  return undefined;
}

function sanitize(raw: unknown): LocalTarget | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.server !== 'string' || typeof r.database !== 'string' || typeof r.user !== 'string') return undefined;
  if (localServerProblem(r.server) !== undefined || r.database.trim() === '') return undefined;
  // Only these fields, whatever the caller handed over: a password property never reaches globalState.
  return { id: r.id, server: r.server.trim(), database: r.database.trim(), user: r.user.trim(), trustServerCertificate: r.trustServerCertificate === true };
}

export function targetTitle(t: LocalTarget): string {
  return `${t.database} on ${t.server}`;
}

export class LocalTargetStore {
  constructor(private readonly state: KeyValueStore, private readonly secrets: SecretStore) {}

  list(): LocalTarget[] {
    const raw = this.state.get<unknown[]>(targetsKey);
    return (Array.isArray(raw) ? raw : []).map(sanitize).filter((t): t is LocalTarget => t !== undefined).sort((a, b) => targetTitle(a).localeCompare(targetTitle(b)));
  }

  get(id: string): LocalTarget | undefined {
    return this.list().find((t) => t.id === id);
  }

  /** Adds or replaces a target; a password given is remembered in SecretStorage. */
  async save(target: Omit<LocalTarget, 'id'> & { id?: string }, password?: string): Promise<LocalTarget> {
    const problem = localServerProblem(target.server);
    if (problem) throw new Error(problem);
    const clean = sanitize({ ...target, id: target.id ?? randomUUID() });
    if (!clean) throw new Error('A local database needs a server, a database name and a login.');
    await this.state.update(targetsKey, [...this.list().filter((t) => t.id !== clean.id), clean]);
    if (password !== undefined && password !== '') await this.secrets.store(localTargetPasswordKey(clean.id), password);
    return clean;
  }

  async remove(id: string): Promise<void> {
    await this.state.update(targetsKey, this.list().filter((t) => t.id !== id));
    await this.secrets.delete(localTargetPasswordKey(id));
  }

  async getPassword(id: string): Promise<string | undefined> {
    const password = await this.secrets.get(localTargetPasswordKey(id));
    return password === '' ? undefined : password;
  }
}
