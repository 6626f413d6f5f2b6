/**
 * `cloud-db-backup backup --config FILE`: reads the file, checks it against the shipped JSON Schema
 * (schemas/backups.schema.json), then checks what a schema cannot (every password variable is set, no two
 * databases write to the same target), and turns each entry into a BackupRequest. All of it before anything
 * connects; every problem names the file and the key.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { platformPath } from '../../core/files/platformPaths';
import { resolveCliPath } from '../cliPaths';
import { defaultConnectionOptions } from '../../core/connection/types';
import { BackupError } from '../../core/errors';
import { defaultFileNamePattern, type BackupRequest, type Compression, type RowReader } from '../../core/export/types';
import { retentionPatternProblem } from '../../core/export/fileNames';
import schema from '../../../schemas/backups.schema.json';
import { checkAgainstSchema, type SchemaNode } from './jsonSchemaCheck';

/** One database of the file, as written (the schema guarantees these types once checked). */
export interface ConfigEntry {
  name?: string;
  server: string;
  database: string;
  user: string;
  passwordEnv: string;
  out: string;
  fileNamePattern?: string;
  retain?: number;
  excludeData?: string[];
  compression?: Compression;
  parallel?: number;
  verify?: boolean;
  rowReader?: RowReader;
  encrypt?: boolean;
  trustServerCertificate?: boolean;
  connectTimeout?: number;
  waitForLock?: number;
}

export interface ConfiguredBackup {
  /** "Shop / Live", or the database name. */
  label: string;
  request: BackupRequest;
  waitForLockMs: number;
}

export const backupConfigSchema = schema as SchemaNode;

/** Reads and checks the file; throws BackupError 'invalid' listing every problem found. */
export async function loadBackupConfig(file: string, env: NodeJS.ProcessEnv): Promise<ConfiguredBackup[]> {
  const path = resolveCliPath(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BackupError('invalid', `The config file ${path} could not be read: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BackupError('invalid', `${path} is not valid JSON: ${(error as Error).message}`);
  }
  return configuredBackups(parsed, path, env);
}

/** An `out` folder: `~` is home (as in every shell), a relative one is taken from the config file's folder. */
function configFolder(configPath: string, out: string): string {
  return resolveCliPath(out, { home: homedir(), cwd: dirname(configPath), path: platformPath });
}

/** The checks and the mapping, for a parsed file at `path` (relative `out` folders are taken from its folder). */
export function configuredBackups(parsed: unknown, path: string, env: NodeJS.ProcessEnv): ConfiguredBackup[] {
  const problems = checkAgainstSchema(parsed, backupConfigSchema).map((i) => `${i.path || '(the file)'} ${i.message}`);
  if (problems.length === 0) {
    const entries = (parsed as { databases: ConfigEntry[] }).databases;
    const targets = new Map<string, number>();
    entries.forEach((entry, i) => {
      const value = env[entry.passwordEnv];
      if (value === undefined || value === '') {
        problems.push(`databases[${i}].passwordEnv names the environment variable ${entry.passwordEnv}, which is not set`);
      }
      const patternProblem = entry.retain ? retentionPatternProblem(entry.fileNamePattern ?? defaultFileNamePattern) : undefined;
      if (patternProblem) problems.push(`databases[${i}].retain cannot be used with its fileNamePattern: ${patternProblem}`);
      // Same folder and database: the same lock, the same retention and possibly the same file names.
      const pattern = entry.fileNamePattern ?? defaultFileNamePattern;
      const folder = configFolder(path, entry.out);
      // Windows and macOS ignore case in folder names: C:\Backups and c:\backups are one folder there.
      const target = pattern.includes('{database}') ? `${folder.toLowerCase()}\n${entry.database.toLowerCase()}` : `${folder.toLowerCase()}\n${pattern}`;
      const first = targets.get(target);
      if (first !== undefined) problems.push(`databases[${i}] writes to the same target as databases[${first}] (folder ${folder}, database ${entry.database}); give one of them another "out"`);
      else targets.set(target, i);
    });
  }
  if (problems.length > 0) {
    throw new BackupError('invalid', `${path}: ${problems.join('; ')}.`, {
      hint: 'Fix the file and run again; nothing was backed up. The keys are described in schemas/backups.schema.json.',
    });
  }
  return (parsed as { databases: ConfigEntry[] }).databases.map((entry) => ({
    label: entry.name ?? entry.database,
    waitForLockMs: (entry.waitForLock ?? 0) * 1000,
    request: {
      connection: {
        ...defaultConnectionOptions,
        server: entry.server,
        database: entry.database,
        user: entry.user,
        password: env[entry.passwordEnv] ?? '',
        encrypt: entry.encrypt ?? defaultConnectionOptions.encrypt,
        trustServerCertificate: entry.trustServerCertificate ?? defaultConnectionOptions.trustServerCertificate,
        connectTimeoutSeconds: entry.connectTimeout ?? defaultConnectionOptions.connectTimeoutSeconds,
      },
      outputFolder: configFolder(path, entry.out),
      fileNamePattern: entry.fileNamePattern ?? defaultFileNamePattern,
      excludeData: entry.excludeData ?? [],
      compression: entry.compression ?? 'normal',
      consistency: entry.parallel && entry.parallel > 1 ? 'parallel' : 'snapshot',
      parallelism: entry.parallel,
      retain: entry.retain,
      verify: entry.verify ?? true,
      rowReader: entry.rowReader ?? 'wire',
    },
  }));
}
