/**
 * "Local databases": SQL Servers the person restores into, saved like Cloud environments — server (default
 * localhost,1433), database, login and whether the certificate is trusted in globalState, the password in
 * SecretStorage under the target id and nowhere else. A local target is never a Cloud environment: a server name
 * of Azure SQL (*.database.windows.net) is refused, so a restore can never be pointed at a Cloud database.
 * No vscode import: the store is tested with in-memory fakes.
 */
import { randomUUID } from 'node:crypto';
import { defaultConnectionOptions, type ConnectionSettings } from '../../core/connection/types';
import { umbracoConnectionString, umbracoProviderName } from '../../core/restore/umbracoConnectionString';
import { localServerIssue } from '../../shared/localTargetFormValidation';
import { englishL10n, type L10n } from '../model/l10n';
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

/** What to do instead of restoring into LocalDB or a Cloud server; the form and the store say the same. */
export function localServerIssueText(issue: 'localDb' | 'azureSql', l10n: L10n): string {
  return issue === 'localDb'
    ? l10n.t('LocalDB speaks only named pipes, which this extension cannot open: use SQL Server Express or Developer, or a SQL Server container (docker run … mcr.microsoft.com/mssql/server), on a TCP port.')
    : l10n.t('This is an Azure SQL server: restore targets are your own SQL Servers, never a Cloud database.');
}

/** Why a server cannot be a local restore target, or undefined when it can. */
export function localServerProblem(server: string, l10n: L10n = englishL10n): string | undefined {
  if (server.trim() === '') return l10n.t('The server is missing.');
  const issue = localServerIssue(server);
  return issue ? localServerIssueText(issue, l10n) : undefined;
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

/** How a restore connects to the target: encrypted (as every connection is), the certificate trusted when saved so. */
export function targetConnectionSettings(t: LocalTarget, password = ''): ConnectionSettings {
  return { ...defaultConnectionOptions, server: t.server, database: t.database, user: t.user, password, trustServerCertificate: t.trustServerCertificate };
}

/** The two entries for the ConnectionStrings section of Umbraco's appsettings.json; `<password>` stands for the password. */
export function appSettingsSnippet(t: LocalTarget): string {
  const dsn = umbracoConnectionString(targetConnectionSettings(t), { includePassword: false });
  return `"umbracoDbDSN": ${JSON.stringify(dsn)},\n"umbracoDbDSN_ProviderName": "${umbracoProviderName}"`;
}

export class LocalTargetStore {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly state: KeyValueStore, private readonly secrets: SecretStore) {}

  /** Called after every save and removal, so the Local Databases view refreshes. Returns an unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

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
    this.changed();
    return clean;
  }

  async remove(id: string): Promise<void> {
    await this.state.update(targetsKey, this.list().filter((t) => t.id !== id));
    await this.secrets.delete(localTargetPasswordKey(id));
    this.changed();
  }

  async getPassword(id: string): Promise<string | undefined> {
    const password = await this.secrets.get(localTargetPasswordKey(id));
    return password === '' ? undefined : password;
  }

  async hasPassword(id: string): Promise<boolean> {
    return (await this.getPassword(id)) !== undefined;
  }
}
