import { parseConnectionString } from '../../core/connection/connectionString';
import { defaultConnectionOptions, type ConnectionSettings } from '../../core/connection/types';
import { BackupError } from '../../core/errors';
import { describeCarried } from '../../core/export/carriedSummary';
import { retentionPatternProblem } from '../../core/export/fileNames';
import { runLockedBackup } from '../../core/export/lockedBackup';
import { defaultFileNamePattern, type BackupRequest, type BackupResult, type Compression, type RowReader } from '../../core/export/types';
import { parseArgs, UsageError, type FlagSpec } from '../args';
import { resolveCliPath } from '../cliPaths';
import { exitCodeHelp, ExitCode } from '../exitCodes';
import { promptPassword } from '../passwordPrompt';
import { cancelOnSignals, InterruptedError } from '../signals';
import { formatCount } from '../../shared/format';
import { formatBytes, ProgressReporter } from '../progressReporter';
import { failureReport, printJson, successReport } from '../jsonReport';
import { tableLine } from './verify';
import { backupFromConfig } from './backupBatch';

export const backupHelp = `Usage: cloud-db-backup backup [options]

Backs up one Azure SQL / Umbraco Cloud database to a .bacpac file.

Connection (either a connection string or the fields, as the Umbraco Cloud portal shows them):
  --connection-string TEXT   e.g. "Server=tcp:x.database.windows.net,1433;Database=db;User ID=u"
                             (leave the password out: it is read as below)
  --server NAME              server name, optionally tcp:NAME,PORT
  --database NAME            database name (required: cloud logins cannot open master)
  --user LOGIN               SQL Server Authentication login
  --password-env NAME        environment variable holding the password (default CLOUD_DB_PASSWORD);
                             without it, you are asked on the terminal. There is no --password flag,
                             so the password never shows up in process lists or shell history.
                             bash/zsh:   read -rs CLOUD_DB_PASSWORD && export CLOUD_DB_PASSWORD
                             PowerShell: $env:CLOUD_DB_PASSWORD = Read-Host -MaskInput 'Password'
  --no-encrypt               do not encrypt the connection (encryption is on by default)
  --trust-server-certificate accept any server certificate
  --connect-timeout SECONDS  default 30

Output:
  --out FOLDER               where to write the .bacpac (default: current folder; ~ is your home
                             folder in every shell, cmd and PowerShell included)
  --name PATTERN             file name pattern (default ${defaultFileNamePattern})
  --exclude-data TABLE       skip a table's data, keep its schema; schema.table or a pattern like
                             dbo.umbracoLog or dbo.cms*; repeatable
  --compression LEVEL        fast | normal | max | none (default normal)
  --parallel N               read N tables at a time on N connections (faster, not transactionally consistent)
  --retain N                 keep only the newest N backups of this database in the folder, by the dates
                             in their names; the new one is always kept; needs {database} and a date in --name
  --no-verify                do not verify the package before giving it its final name
  --row-reader READER        wire (default, fast) | driver (decodes every value first: slower, the same
                             backup; a fallback should a backup fail with a message that suggests it)

Unattended runs:
  --config FILE              back up every database listed in FILE, one after another (the same options as
                             above, passwords by environment variable name; schema: schemas/backups.schema.json)
  --json                     print one JSON document on stdout at the end (progress stays on stderr)
  --wait-for-lock SECONDS    wait this long when another backup of the database into the same folder is
                             running (default 0: skip it with exit code 7)
  -h, --help                 this help

${exitCodeHelp}`;

export const backupFlagSpecs: FlagSpec[] = [
  { name: 'connection-string', kind: 'string' },
  { name: 'server', kind: 'string' },
  { name: 'database', kind: 'string' },
  { name: 'user', kind: 'string' },
  { name: 'password-env', kind: 'string' },
  { name: 'no-encrypt', kind: 'boolean' },
  { name: 'trust-server-certificate', kind: 'boolean' },
  { name: 'connect-timeout', kind: 'number' },
  { name: 'out', kind: 'string' },
  { name: 'name', kind: 'string' },
  { name: 'exclude-data', kind: 'list' },
  { name: 'compression', kind: 'string' },
  { name: 'parallel', kind: 'number' },
  { name: 'retain', kind: 'number' },
  { name: 'no-verify', kind: 'boolean' },
  { name: 'verify', kind: 'boolean' },
  { name: 'row-reader', kind: 'string' },
  { name: 'config', kind: 'string' },
  { name: 'json', kind: 'boolean' },
  { name: 'wait-for-lock', kind: 'number' },
  { name: 'help', kind: 'boolean', short: 'h' },
];

const compressions: Compression[] = ['none', 'fast', 'normal', 'max'];
const rowReaders: RowReader[] = ['wire', 'driver'];

export async function backupCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // --json reports every outcome as data, usage errors included; known before parsing, so those are covered too.
  const json = argv.includes('--json');
  try {
    return await backup(argv, env, json);
  } catch (error) {
    if (!json) throw error;
    const report = failureReport(error);
    if (!report.ok) console.error(`${report.error.message}${report.error.hint ? ` ${report.error.hint}` : ''}`);
    printJson(report);
    return report.exitCode;
  }
}

async function backup(argv: string[], env: NodeJS.ProcessEnv, json: boolean): Promise<number> {
  const { flags, positionals } = parseArgs(argv, backupFlagSpecs);
  if (flags.help) {
    console.log(backupHelp);
    return ExitCode.ok;
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument '${positionals[0]}'.`);
  if (flags.config !== undefined) {
    const others = Object.keys(flags).filter((f) => f !== 'config' && f !== 'json');
    if (others.length > 0) throw new UsageError(`--config takes its options from the file; remove --${others.join(', --')}.`);
    return backupFromConfig(flags.config as string, { json, env });
  }
  const request = await backupRequestFromFlags(flags, env);
  const result = await runWithProgress(request, { waitMs: ((flags['wait-for-lock'] as number | undefined) ?? 0) * 1000 });
  if (json) {
    printSummary(result, (line) => console.error(line));
    printJson(successReport(result));
  } else {
    printSummary(result);
  }
  return ExitCode.ok;
}

/** The backup a command line asks for (also `pull`'s first half). */
export async function backupRequestFromFlags(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<BackupRequest> {
  const pattern = (flags.name as string | undefined) ?? defaultFileNamePattern;
  // Before connecting (and before asking for a password): retention with such a pattern would delete the wrong files.
  const patternProblem = flags.retain ? retentionPatternProblem(pattern) : undefined;
  if (patternProblem) throw new UsageError(`--retain cannot be used with --name "${pattern}": ${patternProblem}`);
  const connection = await connectionFromFlags(flags, env);
  const compression = (flags.compression as string | undefined) ?? 'normal';
  if (!compressions.includes(compression as Compression)) {
    throw new UsageError(`--compression must be one of ${compressions.join(', ')}, not '${compression}'.`);
  }
  const rowReader = (flags['row-reader'] as string | undefined) ?? 'wire';
  if (!rowReaders.includes(rowReader as RowReader)) {
    throw new UsageError(`--row-reader must be one of ${rowReaders.join(', ')}, not '${rowReader}'.`);
  }
  const parallel = flags.parallel as number | undefined;
  return {
    connection,
    outputFolder: resolveCliPath((flags.out as string | undefined) ?? '.'),
    fileNamePattern: pattern,
    excludeData: (flags['exclude-data'] as string[] | undefined) ?? [],
    compression: compression as Compression,
    consistency: parallel && parallel > 1 ? 'parallel' : 'snapshot',
    parallelism: parallel,
    retain: flags.retain as number | undefined,
    verify: !flags['no-verify'],
    rowReader: rowReader as RowReader,
  };
}

async function connectionFromFlags(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<ConnectionSettings> {
  const fromString = flags['connection-string'] ? parseConnectionString(flags['connection-string'] as string).settings : {};
  const settings = {
    ...defaultConnectionOptions,
    ...fromString,
    ...(flags.server ? { server: flags.server as string } : {}),
    ...(flags.database ? { database: flags.database as string } : {}),
    ...(flags.user ? { user: flags.user as string } : {}),
    ...(flags['no-encrypt'] ? { encrypt: false } : {}),
    ...(flags['trust-server-certificate'] ? { trustServerCertificate: true } : {}),
    ...(flags['connect-timeout'] !== undefined ? { connectTimeoutSeconds: flags['connect-timeout'] as number } : {}),
  };
  for (const [key, flag] of [['server', '--server'], ['database', '--database'], ['user', '--user']] as const) {
    if (!settings[key]) throw new UsageError(`The ${key} is missing: give ${flag} or --connection-string.`);
  }
  if (fromString.password) {
    console.error('Note: the connection string contains a password. Prefer --password-env so it stays out of shell history.');
  }
  const passwordVariable = (flags['password-env'] as string | undefined) ?? 'CLOUD_DB_PASSWORD';
  const password = fromString.password ?? env[passwordVariable] ?? (await promptPassword(`Password for ${settings.user}: `, process.stdin, process.stderr, { variable: passwordVariable }));
  return { ...settings, password } as ConnectionSettings;
}

/**
 * Runs a backup with a terminal progress bar under the database's lock (skipped, or waited for up to
 * `lock.waitMs`, when another backup of it into the same folder runs). Ctrl+C, SIGTERM and SIGHUP cancel it
 * cleanly (the temporary file is removed) and end in an InterruptedError that carries the signal's exit code.
 */
export async function runWithProgress(request: BackupRequest, lock: { waitMs?: number } = {}): Promise<BackupResult> {
  const reporter = new ProgressReporter(process.stderr);
  const abort = new AbortController();
  const signals = cancelOnSignals((signal) => {
    reporter.note(`${signal === 'SIGINT' ? 'Cancelling' : `${signal} received: cancelling`}… (the partial file is removed)`);
    abort.abort();
  });
  try {
    return await runLockedBackup(request, {
      signal: abort.signal,
      onProgress: (p) => reporter.update(p),
      // Warnings only: a failure is thrown and printed once, by main.
      onLog: (level, message) => {
        if (level === 'warn') reporter.note(`Warning: ${message}`);
      },
    }, { holder: 'cloud-db-backup', waitMs: lock.waitMs ?? 0 });
  } catch (e) {
    if (signals.received && e instanceof BackupError && e.kind === 'cancelled') throw new InterruptedError(signals.received, e.message);
    throw e;
  } finally {
    reporter.clear();
    signals.dispose();
  }
}

/** The human summary; on stdout unless `print` says otherwise (stderr under --json). */
export function printSummary(result: BackupResult, print: (line: string) => void = (line) => console.log(line)): void {
  const seconds = (result.durationMs / 1000).toFixed(1);
  print(`Backup written: ${result.path}`);
  print(`  ${formatBytes(result.bytes)}, ${formatCount(result.totalRows)} rows in ${result.tables.length} tables, ${seconds} s`);
  print(`  consistency: ${result.consistency}; verified: ${result.verified ? 'yes' : 'no'}`);
  if (result.carried) print(`  carried: ${describeCarried(result.carried)}`);
  for (const w of result.warnings) print(`  warning: ${w}`);
  for (const d of result.deleted) print(`  removed old backup: ${d}`);
}

/** One line per table: rows and parts, or that its data was excluded. */
export function printTables(result: BackupResult): void {
  const width = Math.max(...result.tables.map((t) => `${t.schema}.${t.name}`.length));
  console.log('  tables:');
  for (const t of result.tables) {
    const what = t.dataExcluded ? 'data excluded' : `${formatCount(t.rows).padStart(10)} ${t.rows === 1 ? 'row ' : 'rows'}  ${t.parts} part${t.parts === 1 ? '' : 's'}`;
    console.log(tableLine(`${t.schema}.${t.name}`, width, what));
  }
}

export function ensureBackupError(e: unknown): BackupError {
  return e instanceof BackupError ? e : new BackupError('internal', e instanceof Error ? e.message : String(e), { cause: e });
}
