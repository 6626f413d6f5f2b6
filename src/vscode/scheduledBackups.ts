/**
 * Scheduled backups while VS Code runs: the core's BackupScheduler over the saved environments' schedules and
 * history. A scheduled run shows only a status-bar item (no notification while it works); a failure shows a
 * notification with Retry and Show Log; runs missed while VS Code was closed are announced quietly (status
 * bar message and a notification without sound or focus) and start after a delay, never during activation.
 * Another window, or the CLI, backing up the same database makes a run skip quietly (the lock file).
 */
import * as vscode from 'vscode';
import { isBackupError } from '../core/errors';
import { BackupScheduler, systemClock, type ScheduledRunReason } from '../core/schedule/backupScheduler';
import type { BackupRunner } from './model/backupRunner';
import { environmentTitle } from './model/cloudEnvironment';
import { commandIds } from './model/commandIds';
import type { EnvironmentStore } from './model/environmentStore';
import { presentBackupError } from './model/errorPresentation';
import type { L10n } from './model/l10n';

export interface ScheduledBackupsDeps {
  runner: BackupRunner;
  store: EnvironmentStore;
  log: vscode.LogOutputChannel;
  l10n: L10n;
  /** The `cloudDatabaseBackup.scheduledBackups` setting. */
  enabled(): boolean;
  /** Retry: a normal, interactive backup of the environment. */
  backUp(environmentId: string): Promise<void>;
  onFinished(): void;
  startupDelayMs?: number;
}

export class ScheduledBackups implements vscode.Disposable {
  private readonly scheduler: BackupScheduler;
  private readonly unsubscribe: () => void;
  private readonly inFlight = new Map<string, AbortController>();

  constructor(private readonly deps: ScheduledBackupsDeps) {
    this.scheduler = new BackupScheduler({
      clock: systemClock,
      targets: () =>
        deps.enabled()
          ? deps.store.list().flatMap((env) => (env.schedule ? [{ id: env.id, schedule: env.schedule, lastRunAt: deps.store.history(env.id)[0]?.finishedAt }] : []))
          : [],
      run: (id, reason) => this.run(id, reason),
      onMissed: (ids) => this.announceMissed(ids),
      startupDelayMs: deps.startupDelayMs,
    });
    this.unsubscribe = deps.store.onDidChange(() => this.scheduler.poke());
  }

  /** Arms the first check; cheap, so activation can call it. */
  start(): void {
    this.scheduler.start();
  }

  /** The setting changed. */
  poke(): void {
    this.scheduler.poke();
  }

  /** Cancel Backup on the environment's tree item while its scheduled backup runs. */
  cancel(environmentId: string): void {
    this.inFlight.get(environmentId)?.abort();
  }

  private announceMissed(ids: string[]): void {
    const { l10n, store } = this.deps;
    const titles = ids.map((id) => store.get(id)).filter((e) => e !== undefined).map(environmentTitle);
    if (titles.length === 0) return;
    const message =
      titles.length === 1
        ? l10n.t('Running the scheduled backup of {title} that was missed while VS Code was closed.', { title: titles[0] })
        : l10n.t('Running {count} scheduled backups that were missed while VS Code was closed: {titles}.', { count: titles.length, titles: titles.join(', ') });
    this.deps.log.info(message);
    vscode.window.setStatusBarMessage(`$(history) ${message}`, 15_000);
    void vscode.window.showInformationMessage(message);
  }

  private async run(id: string, reason: ScheduledRunReason): Promise<void> {
    const { runner, log, l10n } = this.deps;
    const start = await runner.start(id, { interactive: false });
    if (start.status === 'refused') {
      if (start.reason === 'running' && start.env) log.info(`Scheduled backup of ${environmentTitle(start.env)} skipped: a backup of it is running.`);
      return;
    }
    if (start.status === 'failed') {
      await this.showFailure(start.env.id, environmentTitle(start.env), start.env.project, start.error);
      return;
    }
    const title = environmentTitle(start.env);
    log.info(`Scheduled backup of ${title} starting (${reason === 'missed' ? 'missed while VS Code was closed' : 'on schedule'}).`);
    const status = vscode.window.createStatusBarItem(`cloudDatabaseBackup.progress.${id}`, vscode.StatusBarAlignment.Left, 10);
    status.name = l10n.t('Cloud Database Backup: {title}', { title });
    status.text = l10n.t('$(history) {label}: scheduled backup…', { label: start.env.environment });
    status.tooltip = l10n.t('Scheduled backup of {title}. Click to show the log.', { title });
    status.command = commandIds.showLog;
    status.show();
    const abort = new AbortController();
    this.inFlight.set(id, abort);
    try {
      const outcome = await start.run({ signal: abort.signal, onProgress: () => undefined });
      if (outcome.status === 'failed') await this.showFailure(id, title, start.env.project, outcome.error);
      else if (outcome.status === 'succeeded') vscode.window.setStatusBarMessage(l10n.t('$(check) Scheduled backup of {title} done.', { title }), 10_000);
    } finally {
      this.inFlight.delete(id);
      status.dispose();
      this.deps.onFinished();
    }
  }

  private async showFailure(id: string, title: string, project: string, error: unknown): Promise<void> {
    const { l10n, log } = this.deps;
    if (isBackupError(error) && error.kind === 'locked') {
      log.info(`Scheduled backup of ${title} skipped: ${error.message}`);
      return;
    }
    const shown = presentBackupError(error, { title, project }, l10n);
    const retry = l10n.t('Retry');
    const showLog = l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(l10n.t('Scheduled backup: {message}', { message: shown.message }), retry, showLog);
    if (choice === retry) await this.deps.backUp(id);
    else if (choice === showLog) log.show();
  }

  dispose(): void {
    this.scheduler.stop();
    this.unsubscribe();
    for (const abort of this.inFlight.values()) abort.abort();
  }
}
