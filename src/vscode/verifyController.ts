/** Verify Backup…: runs the verifier with cancellable progress, remembers the result, shows the report. */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { BackupEngine } from './engine';
import { asBackupErrorShape, describeError } from './model/errorPresentation';
import type { L10n } from './model/l10n';
import type { VerificationCache } from './model/verificationCache';
import { verifyReportMarkdown } from './model/verifyReportMarkdown';
import type { ReportDocuments } from './reportDocuments';
import { currentPaths } from './settings';

export interface VerifyControllerDeps {
  engine: Pick<BackupEngine, 'verifyBacpac'>;
  verifications: VerificationCache;
  reports: ReportDocuments;
  log: vscode.LogOutputChannel;
  l10n: L10n;
  /** Called after a result was remembered, so the Backups view shows it. */
  onVerified(): void;
}

export class VerifyController {
  constructor(private readonly deps: VerifyControllerDeps) {}

  async pickAndVerify(): Promise<void> {
    const { l10n } = this.deps;
    const picked = await vscode.window.showOpenDialog({
      title: l10n.t('Verify Backup'),
      openLabel: l10n.t('Verify'),
      canSelectMany: false,
      filters: { [l10n.t('Backup packages')]: ['bacpac'] },
      defaultUri: vscode.Uri.file(join(currentPaths().home, 'CloudDatabaseBackups')),
    });
    if (picked?.[0]) await this.verify(picked[0].fsPath);
  }

  async verify(path: string): Promise<void> {
    const { engine, verifications, reports, log, l10n } = this.deps;
    const name = basename(path);
    const started = Date.now();
    log.info(`Verifying ${path}.`);
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: l10n.t('Verifying {file}…', { file: name }), cancellable: true },
        (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let reported = 0;
          return engine.verifyBacpac(path, {
            signal: abort.signal,
            onProgress: (done, total) => {
              const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
              if (percent <= reported && done !== total) return;
              progress.report({
                message: l10n.t('Part {done} of {total}', { done, total }),
                increment: Math.max(0, percent - reported),
              });
              reported = Math.max(reported, percent);
            },
          });
        },
      );
      const durationMs = Date.now() - started;
      const file = await stat(path);
      await verifications.set(
        { path, mtimeMs: file.mtimeMs },
        { ok: report.ok, errors: report.errors.length, warnings: report.warnings.length, checkedAt: Date.now() },
      );
      this.deps.onVerified();
      log.info(`Verified ${path}: ${report.ok ? 'valid' : 'INVALID'}, ${report.errors.length} errors, ${report.warnings.length} warnings.`);
      for (const e of report.errors) log.error(`${name}: ${e.code} ${e.where ?? ''} ${e.message}`);
      for (const w of report.warnings) log.warn(`${name}: ${w.code} ${w.where ?? ''} ${w.message}`);
      await reports.show(path, verifyReportMarkdown(report, l10n, durationMs));
      if (!report.ok) {
        void vscode.window.showErrorMessage(
          l10n.t('{file} is not a valid backup: {count} errors. See the report for details.', { file: name, count: report.errors.length }),
        );
      }
    } catch (error) {
      if (asBackupErrorShape(error).kind === 'cancelled') {
        log.info(`Verifying ${path} cancelled.`);
        return;
      }
      const message = describeError(error, { title: name, project: '' }, l10n);
      log.error(`Verifying ${path} failed: ${message}`);
      const showLog = l10n.t('Show Log');
      const choice = await vscode.window.showErrorMessage(l10n.t('Could not verify {file}. {reason}', { file: name, reason: message }), showLog);
      if (choice === showLog) log.show();
    }
  }
}
