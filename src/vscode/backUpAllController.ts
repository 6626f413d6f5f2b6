/**
 * Back Up All in the editor: one cancellable notification ("2 of 3: Staging — Table 4 of 40…"), one status-bar
 * item, and at the end one summary notification with each environment's result and the actions that help
 * (Show Summary, Copy IP for a firewall error, Show Log). The work itself is model/backUpAll.ts.
 */
import * as vscode from 'vscode';
import type { BackupRunner } from './model/backupRunner';
import { backUpAll, summarizeBackUpAll, type BackUpAllEntry } from './model/backUpAll';
import { environmentTitle, type CloudEnvironment } from './model/cloudEnvironment';
import { commandIds } from './model/commandIds';
import type { L10n } from './model/l10n';
import { ProgressPresenter } from './model/progressPresenter';
import type { ReportDocuments } from './reportDocuments';

export interface BackUpAllControllerDeps {
  runner: BackupRunner;
  reports: ReportDocuments;
  log: vscode.LogOutputChannel;
  l10n: L10n;
  concurrency(): number;
  /** The Backups view lists the new files. */
  onFinished(): void;
}

const progressIntervalMs = 150;

export class BackUpAllController implements vscode.Disposable {
  private abort: AbortController | undefined;
  /** Per environment, so Cancel Backup on one tree item cancels that one and the rest go on. */
  private readonly perEnvironment = new Map<string, AbortController>();

  constructor(private readonly deps: BackUpAllControllerDeps) {}

  /**
   * Backs up the environments in order and resolves with each one's result once all ended; the summary
   * notification is shown without waiting for the person to answer it.
   */
  async run(environments: readonly CloudEnvironment[], scope: string): Promise<BackUpAllEntry[]> {
    const { l10n, runner, log } = this.deps;
    if (environments.length === 0) {
      void vscode.window.showInformationMessage(l10n.t('Add a Cloud environment first.'));
      return [];
    }
    if (this.abort) {
      void vscode.window.showWarningMessage(l10n.t('Back Up All is already running. Wait for it to finish or cancel it first.'));
      return [];
    }
    const abort = new AbortController();
    this.abort = abort;
    const total = environments.length;
    const status = vscode.window.createStatusBarItem('cloudDatabaseBackup.progress.all', vscode.StatusBarAlignment.Left, 10);
    status.name = l10n.t('Cloud Database Backup: Back Up All');
    status.command = commandIds.showLog;
    status.text = l10n.t('$(sync~spin) Back Up All: starting…');
    status.show();
    log.info(`Back Up All (${scope}): ${environments.map(environmentTitle).join(', ')}; ${this.deps.concurrency()} at a time.`);
    let entries: BackUpAllEntry[];
    try {
      entries = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: l10n.t('Backing up {count} environments of {scope}', { count: total, scope }),
          cancellable: true,
        },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          let finished = 0;
          let current = { env: '', position: 0, percent: 0, message: '' };
          let lastAt = 0;
          const presenters = new Map<string, ProgressPresenter>();
          let reported = 0;
          const report = () => {
            const overall = Math.floor(((finished + current.percent / 100) / total) * 100);
            const step = l10n.t('{position} of {total}: {environment}…', { position: current.position, total, environment: current.env });
            progress.report({ message: current.message ? `${step} ${current.message}` : step, increment: overall > reported ? overall - reported : undefined });
            reported = Math.max(reported, overall);
            status.text = l10n.t('$(sync~spin) Back Up All: {position} of {total} {environment}', { position: current.position, total, environment: current.env });
          };
          return backUpAll(runner, environments, this.deps.concurrency(), {
            signal: abort.signal,
            signalFor: (env) => {
              const own = new AbortController();
              this.perEnvironment.set(env.id, own);
              return AbortSignal.any([abort.signal, own.signal]);
            },
            onStart: (env, position) => {
              presenters.set(env.id, new ProgressPresenter(l10n, env.environment));
              current = { env: env.environment, position, percent: 0, message: '' };
              report();
            },
            onProgress: (env, p) => {
              const view = presenters.get(env.id)?.present(p);
              const now = Date.now();
              if (!view || env.environment !== current.env || (now - lastAt < progressIntervalMs && p.phase !== 'done')) return;
              lastAt = now;
              current = { ...current, percent: view.percent ?? current.percent, message: view.message };
              report();
            },
            onFinished: (entry, done) => {
              this.perEnvironment.delete(entry.env.id);
              finished = done;
              current = { ...current, percent: 0, message: '' };
              log.info(`Back Up All: ${environmentTitle(entry.env)} ${entry.status}.`);
              this.deps.onFinished();
            },
          });
        },
      );
    } finally {
      this.abort = undefined;
      this.perEnvironment.clear();
      status.dispose();
    }
    void this.showSummary(entries);
    return entries;
  }

  /** Cancel Backup on an environment's tree item: only that environment, if Back Up All is running it. */
  cancelEnvironment(environmentId: string): void {
    this.perEnvironment.get(environmentId)?.abort();
  }

  private async showSummary(entries: BackUpAllEntry[]): Promise<void> {
    const { l10n, log, reports } = this.deps;
    const summary = summarizeBackUpAll(entries, l10n);
    log.info(`Back Up All finished: ${summary.message}`);
    const details = l10n.t('Show Summary');
    const copyIp = l10n.t('Copy IP');
    const showLog = l10n.t('Show Log');
    const actions = [details, ...(summary.firewall ? [copyIp] : []), showLog];
    const show =
      summary.severity === 'info' ? vscode.window.showInformationMessage : summary.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    const choice = await show(summary.message, ...actions);
    if (choice === details) await reports.showNamed('back-up-all.md', summary.markdown);
    else if (choice === showLog) log.show();
    else if (choice === copyIp && summary.firewall) {
      await vscode.env.clipboard.writeText(summary.firewall.ip);
      void vscode.window.showInformationMessage(
        l10n.t('Copied {ip}. Add it to the SQL firewall rules of project "{project}" in the Umbraco Cloud portal.', summary.firewall),
      );
    }
  }

  dispose(): void {
    this.abort?.abort();
  }
}
