/**
 * A saved Umbraco Cloud environment: how to reach its database, without the password. The password lives
 * in SecretStorage under the environment's id and is joined with these fields only when connecting.
 */
import { defaultConnectionOptions, type ConnectionSettings, type EncryptSetting } from '../../core/connection/types';
import { parseStoredSchedule, type StoredSchedule } from '../../core/schedule/backupSchedule';

export interface CloudEnvironmentOptions {
  /** true (Mandatory), false (Optional) or 'strict' (TDS 8), exactly as the connection takes it. */
  encrypt: EncryptSetting;
  trustServerCertificate: boolean;
  connectTimeoutSeconds: number;
}

export interface CloudEnvironment {
  /** Stable and random: the key of the password in SecretStorage, of the history and of tree items. */
  id: string;
  /** Umbraco Cloud project name. */
  project: string;
  /** Live, Staging, Development, or any name the project uses. */
  environment: string;
  server: string;
  database: string;
  login: string;
  options: CloudEnvironmentOptions;
  /** Scheduled backups while VS Code runs; absent means off. Stored with the environment, not in settings. */
  schedule?: StoredSchedule;
}

export function defaultEnvironmentOptions(connectTimeoutSeconds: number = defaultConnectionOptions.connectTimeoutSeconds): CloudEnvironmentOptions {
  return {
    encrypt: defaultConnectionOptions.encrypt,
    trustServerCertificate: defaultConnectionOptions.trustServerCertificate,
    connectTimeoutSeconds,
  };
}

/** "Project / Live": how messages name an environment. */
export function environmentTitle(env: Pick<CloudEnvironment, 'project' | 'environment'>): string {
  return `${env.project} / ${env.environment}`;
}

/** Joins the saved fields with a password for one connection. Exports have no command timeout. */
export function connectionSettingsOf(env: CloudEnvironment, password: string): ConnectionSettings {
  return {
    server: env.server,
    database: env.database,
    user: env.login,
    password,
    encrypt: env.options.encrypt,
    trustServerCertificate: env.options.trustServerCertificate,
    connectTimeoutSeconds: env.options.connectTimeoutSeconds,
    commandTimeoutSeconds: defaultConnectionOptions.commandTimeoutSeconds,
  };
}

/** Umbraco Cloud's usual environments first, in the order a project promotes through them; then by name. */
const conventionalOrder = ['live', 'production', 'staging', 'development', 'dev'];

export function compareEnvironments(a: CloudEnvironment, b: CloudEnvironment): number {
  const byProject = a.project.localeCompare(b.project, undefined, { sensitivity: 'base' });
  if (byProject !== 0) return byProject;
  const rank = (e: CloudEnvironment) => {
    const i = conventionalOrder.indexOf(e.environment.trim().toLowerCase());
    return i < 0 ? conventionalOrder.length : i;
  };
  return rank(a) - rank(b) || a.environment.localeCompare(b.environment, undefined, { sensitivity: 'base' });
}

/** Keeps only what a CloudEnvironment holds, so a stray property (say, a password) can never be stored. */
export function sanitizeEnvironment(value: unknown): CloudEnvironment | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const o = (typeof v.options === 'object' && v.options !== null ? v.options : {}) as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const id = text(v.id);
  const project = text(v.project);
  const environment = text(v.environment);
  const server = text(v.server);
  const database = text(v.database);
  const login = text(v.login);
  if (!id || project === undefined || environment === undefined || !server || !database || login === undefined) {
    return undefined;
  }
  const defaults = defaultEnvironmentOptions();
  const schedule = parseStoredSchedule(v.schedule);
  return {
    ...(schedule && schedule.kind !== 'off' ? { schedule } : {}),
    id,
    project,
    environment,
    server,
    database,
    login,
    options: {
      encrypt: storedEncrypt(o.encrypt) ?? defaults.encrypt,
      trustServerCertificate:
        typeof o.trustServerCertificate === 'boolean' ? o.trustServerCertificate : defaults.trustServerCertificate,
      connectTimeoutSeconds:
        typeof o.connectTimeoutSeconds === 'number' && o.connectTimeoutSeconds > 0
          ? o.connectTimeoutSeconds
          : defaults.connectTimeoutSeconds,
    },
  };
}

/**
 * The stored Encrypt setting. Environments saved before Strict existed hold a boolean and read as they were;
 * 'strict' and the connection-string words (Mandatory, Optional, Strict, any case) are read too.
 */
function storedEncrypt(value: unknown): EncryptSetting | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  switch (value.trim().toLowerCase()) {
    case 'strict':
      return 'strict';
    case 'mandatory':
    case 'true':
      return true;
    case 'optional':
    case 'false':
      return false;
    default:
      return undefined;
  }
}
