/**
 * `backup --config FILE`: the file's databases one after another, each with its own lock, progress on stderr
 * and a line per result; one failing database does not stop the next (Ctrl+C does). The exit code is the
 * highest of theirs; with --json, one document lists every database.
 */
import { BackupError } from '../../core/errors';
import { loadBackupConfig } from '../config/backupConfig';
import { ExitCode } from '../exitCodes';
import { exitCodeOf, failureReport, printJson, successReport, type JsonBackupReport, type JsonBatchReport } from '../jsonReport';
import { formatBytes } from '../progressReporter';
import { printSummary, runWithProgress } from './backup';

export async function backupFromConfig(file: string, options: { json: boolean; env: NodeJS.ProcessEnv }): Promise<number> {
  // Every check runs before the first connection: a typo in the third entry stops the run before the first.
  const backups = await loadBackupConfig(file, options.env);
  const reports: JsonBackupReport[] = [];
  let cancelled = false;
  for (const [index, backup] of backups.entries()) {
    const prefix = `[${index + 1}/${backups.length}] ${backup.label}`;
    if (cancelled) {
      const notStarted = new BackupError('cancelled', 'Not started: the run was cancelled.');
      reports.push(failureReport(notStarted, { name: backup.label, database: backup.request.connection.database }));
      continue;
    }
    console.error(`${prefix}: backing up ${backup.request.connection.database} to ${backup.request.outputFolder}`);
    try {
      const result = await runWithProgress(backup.request, { waitMs: backup.waitForLockMs });
      console.error(`${prefix}: written ${result.path} (${formatBytes(result.bytes)})`);
      if (!options.json) printSummary(result);
      reports.push(successReport(result, backup.label));
    } catch (error) {
      const report = failureReport(error, { name: backup.label, database: backup.request.connection.database });
      if (!report.ok) {
        console.error(`${prefix}: ${report.error.kind === 'locked' ? 'skipped' : 'failed'}: ${report.error.message}${report.error.hint ? ` ${report.error.hint}` : ''}`);
      }
      reports.push(report);
      if (exitCodeOf(error) === ExitCode.cancelled) cancelled = true;
    }
  }
  const exitCode = Math.max(0, ...reports.map((r) => r.exitCode));
  const ok = reports.filter((r) => r.ok).length;
  console.error(`${ok} of ${reports.length} backed up${exitCode ? `; exit code ${exitCode}` : ''}.`);
  if (options.json) printJson({ ok: exitCode === 0, exitCode, databases: reports } satisfies JsonBatchReport);
  return exitCode;
}
