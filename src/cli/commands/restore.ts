import { resolve } from 'node:path';
import { runRestore, type RestoreRequest, type RestoreResult } from '../../core/restore';
import { BackupError } from '../../core/errors';
import { parseArgs, UsageError } from '../args';
import { ExitCode, exitCodeHelp } from '../exitCodes';
import { cancelOnSignals, InterruptedError } from '../signals';
import { formatRestoreProgress, targetFlagSpecs, targetFromFlags, targetHelp } from '../restoreTarget';
import { formatCount } from '../../shared/format';
import { tableLine } from './verify';

export const restoreHelp = `Usage: cloud-db-backup restore FILE.bacpac --database NAME --user LOGIN [options]

Restores a .bacpac into a SQL Server database without SqlPackage or SSMS: verifies the package, creates the
schema, bulk-loads every table and compares every table's row count with the package. A new database is
restored under a temporary name and renamed at the end, so a failed or cancelled restore leaves nothing that
looks complete. Users, roles and permissions are restored only with --include-users (otherwise give your own
login access); the package's database options are applied where the server allows, the rest reported.

${targetHelp('')}
  -h, --help                 this help

Example (a local SQL Server in a container):
  CLOUD_DB_TARGET_PASSWORD=… cloud-db-backup restore site-live.bacpac --server localhost,1433 \\
    --database site-local --user sa --trust-server-certificate

${exitCodeHelp}`;

export async function restoreCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { flags, positionals } = parseArgs(argv, [...targetFlagSpecs(''), { name: 'help', kind: 'boolean', short: 'h' }]);
  if (flags.help) {
    console.log(restoreHelp);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) throw new UsageError('restore needs exactly one FILE.');
  const target = await targetFromFlags(flags, '', env);
  const result = await restoreWithProgress({ packagePath: resolve(positionals[0]), target, replace: flags.replace === true, includePrincipals: flags['include-users'] === true, parallelism: (flags.parallel as number | undefined) ?? 4 });
  printRestoreSummary(result);
  return ExitCode.ok;
}

/**
 * Runs a restore with one progress line on stderr; Ctrl+C, SIGTERM and SIGHUP cancel it like a backup (the
 * partial database is dropped) and end in an InterruptedError carrying the signal's exit code.
 */
export async function restoreWithProgress(request: RestoreRequest): Promise<RestoreResult> {
  const abort = new AbortController();
  const signals = cancelOnSignals((signal) => {
    process.stderr.write(`\n${signal === 'SIGINT' ? 'Cancelling' : `${signal} received: cancelling`}… (the partial database is dropped)\n`);
    abort.abort();
  });
  let last = '';
  let lastDraw = 0;
  try {
    return await runRestore(request, {
      signal: abort.signal,
      onProgress: (p) => {
        const line = formatRestoreProgress(p);
        const now = Date.now();
        if (line === last || (p.stage === 'data' && now - lastDraw < 200)) return;
        last = line;
        lastDraw = now;
        if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`);
        else if (p.stage !== 'data') process.stderr.write(`${line}\n`);
      },
    });
  } catch (e) {
    if (signals.received && e instanceof BackupError && e.kind === 'cancelled') throw new InterruptedError(signals.received, e.message);
    throw e;
  } finally {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
    signals.dispose();
  }
}

export function printRestoreSummary(result: RestoreResult): void {
  const how = result.mode === 'created' ? 'created' : result.mode === 'replaced' ? 'replaced' : 'filled (it was empty)';
  console.log(`Restored into [${result.database}] on ${result.server} (${how}), ${(result.durationMs / 1000).toFixed(1)} s`);
  if (result.verification === 'as written') console.log('  The package was verified as it was written, so it was not read a second time.');
  console.log(`  ${formatCount(result.totalRows)} rows in ${result.tables.length} tables; every table's row count matches the package:`);
  const width = Math.max(0, ...result.tables.map((t) => `${t.schema}.${t.name}`.length));
  for (const t of result.tables) {
    console.log(tableLine(`${t.schema}.${t.name}`, width, `${formatCount(t.restoredRows).padStart(10)} of ${formatCount(t.packageRows).padStart(10)}  ${t.restoredRows === t.packageRows ? 'ok' : 'MISMATCH'}`));
  }
  for (const w of result.warnings) console.log(`  warning: ${w}`);
}
