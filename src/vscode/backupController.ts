/**
 * Backups in the editor: picks the environment, wraps the pure BackupRunner in a cancellable notification and
 * a status-bar item, and turns the outcome into a notification with the action that helps.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { BackupOutcome, BackupRunner, StartResult } from './model/backupRunner';
import { environmentTitle, type CloudEnvironment } from './model/cloudEnvironment';
import { commandIds } from './model/commandIds';
import type { EnvironmentStore } from './model/environmentStore';
import { presentBackupError, type ErrorActionId } from './model/errorPresentation';
import { formatBytes, formatDuration } from '../shared/format';
import type { L10n } from './model/l10n';
import { ProgressPresenter } from './model/progressPresenter';
import { revealTitle } from './model/revealTitle';
import type { VerificationCache } from './model/verificationCache';
import { openBackupSettings } from './settings';

export interface BackupControllerDeps {
  runner: BackupRunner;
  store: EnvironmentStore;
  verifications: VerificationCache;
  log: vscode.LogOutputChannel;
  l10n: L10n;
  addEnvironment(): void;
  editEnvironment(environmentId: string): void;
  verify(path: string): Promise<void>;
  /** Called when a backup ended, so the Backups view lists the new file. */
  onFinished(): void;
}

/** Progress events can arrive thousands of times a second; the UI needs a few. */
const progressIntervalMs = 150;

export class BackupController implements vscode.Disposable {
  private readonly cancellers = new Map<string, AbortController>();

  constructor(private readonly deps: BackupControllerDeps) {}

  /** Palette: a quick pick of environments plus "Add new…". */
  async pickAndBackUp(): Promise<void> {
    const { store, runner, l10n } = this.deps;
    const environments = store.list();
    if (environments.length === 0) {
      this.deps.addEnvironment();
      return;
    }
    type Item = vscode.QuickPickItem & { environmentId?: string };
    const items: Item[] = environments.map((env) => ({
      label: `$(database) ${environmentTitle(env)}`,
      description: runner.isRunning(env.id) ? l10n.t('{database} · backing up…', { database: env.database }) : env.database,
      detail: env.server,
      environmentId: env.id,
    }));
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: `$(add) ${l10n.t('Add New Cloud Environment…')}` });
    const picked = await vscode.window.showQuickPick(items, {
      title: l10n.t('Backup Cloud Database'),
      placeHolder: l10n.t('Choose the environment to back up'),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return;
    if (picked.environmentId) await this.backUp(picked.environmentId);
    else this.deps.addEnvironment();
  }

  /** Backs up one environment. `password` is a just-typed password that was not remembered. */
  async backUp(environmentId: string, options: { password?: string } = {}): Promise<void> {
    const { runner, l10n } = this.deps;
    const start = await runner.start(environmentId, options);
    switch (start.status) {
      case 'refused':
        if (start.reason === 'running' && start.env) {
          void vscode.window.showWarningMessage(
            l10n.t('A backup of {title} is already running. Wait for it to finish or cancel it first.', {
              title: environmentTitle(start.env),
            }),
          );
        } else if (start.reason === 'unknown-environment') {
          void vscode.window.showErrorMessage(l10n.t('This environment no longer exists.'));
        }
        return; // 'no-password': the person closed the password box; nothing to say
      case 'failed':
        await this.showFailure(start.env, start.error);
        return;
      case 'ready':
        await this.runWithProgress(start);
    }
  }

  cancel(environmentId: string): void {
    this.cancellers.get(environmentId)?.abort();
  }

  /** The password box for environments without a remembered password. */
  static async askPassword(env: CloudEnvironment, l10n: L10n): Promise<string | undefined> {
    const password = await vscode.window.showInputBox({
      title: l10n.t('Password for {title}', { title: environmentTitle(env) }),
      prompt: l10n.t('Login {login} on {server}. The password is used for this backup only.', {
        login: env.login,
        server: env.server,
      }),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value === '' ? l10n.t('Enter the password.') : undefined),
    });
    return password === undefined || password === '' ? undefined : password;
  }

  private async runWithProgress(start: Extract<StartResult, { status: 'ready' }>): Promise<void> {
    const { l10n } = this.deps;
    const env = start.env;
    const title = environmentTitle(env);
    const presenter = new ProgressPresenter(l10n, env.environment);
    const status = vscode.window.createStatusBarItem(`cloudDatabaseBackup.progress.${env.id}`, vscode.StatusBarAlignment.Left, 10);
    status.name = l10n.t('Cloud Database Backup: {title}', { title });
    status.text = l10n.t('$(sync~spin) {label}: starting…', { label: env.environment });
    status.tooltip = l10n.t('Backing up {title}. Click to show the log.', { title });
    status.command = commandIds.showLog;
    status.show();
    const abort = new AbortController();
    this.cancellers.set(env.id, abort);
    let outcome: BackupOutcome;
    try {
      outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: l10n.t('Backing up {title}', { title }), cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          let lastAt = 0;
          let lastPhase = '';
          return start.run({
            signal: abort.signal,
            onProgress: (p) => {
              const now = Date.now();
              if (p.phase === lastPhase && now - lastAt < progressIntervalMs && p.phase !== 'done' && !p.message) return;
              lastAt = now;
              lastPhase = p.phase;
              const view = presenter.present(p);
              progress.report({ message: view.message, increment: view.increment });
              status.text = view.statusText;
            },
          });
        },
      );
    } finally {
      this.cancellers.delete(env.id);
      status.dispose();
      this.deps.onFinished();
    }
    await this.showOutcome(outcome);
  }

  private async showOutcome(outcome: BackupOutcome): Promise<void> {
    const { l10n } = this.deps;
    if (outcome.status === 'failed') return this.showFailure(outcome.env, outcome.error);
    if (outcome.status === 'cancelled') {
      void vscode.window.showInformationMessage(
        l10n.t('The backup of {title} was cancelled.', { title: environmentTitle(outcome.env) }),
      );
      return;
    }
    const { result } = outcome;
    if (result.verified) await this.rememberVerified(result.path);
    const reveal = revealTitle(process.platform, l10n);
    const verify = l10n.t('Verify');
    const openFolder = l10n.t('Open Folder');
    // Each thing the backup does not carry is one "Left out: …" warning in the log; the summary says how many.
    const leftOut = result.warnings.filter((w) => w.startsWith('Left out: ')).length;
    const warnings = result.warnings.length === 0 ? ''
      : leftOut > 0 ? ` ${l10n.t('{count} warnings, {leftOut} of them about what the backup leaves out; see "Left out" in the log.', { count: result.warnings.length, leftOut })}`
        : ` ${l10n.t('{count} warnings; see the log.', { count: result.warnings.length })}`;
    const choice = await vscode.window.showInformationMessage(
      l10n.t('Backed up {title}: {size} in {duration}.', {
        title: environmentTitle(outcome.env),
        size: formatBytes(result.bytes),
        duration: formatDuration(result.durationMs),
      }) + warnings,
      reveal,
      verify,
      openFolder,
    );
    if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(result.path));
    else if (choice === verify) await this.deps.verify(result.path);
    else if (choice === openFolder) await vscode.env.openExternal(vscode.Uri.file(dirname(result.path)));
  }

  /** The core verified the package before renaming it: no need to verify again to show a tick. */
  private async rememberVerified(path: string): Promise<void> {
    try {
      const file = await stat(path);
      await this.deps.verifications.set({ path, mtimeMs: file.mtimeMs }, { ok: true, errors: 0, warnings: 0, checkedAt: Date.now() });
      this.deps.onFinished();
    } catch {
      // The file is gone already (moved by the person); nothing to remember.
    }
  }

  private async showFailure(env: CloudEnvironment, error: unknown): Promise<void> {
    const { l10n, log } = this.deps;
    const shown = presentBackupError(error, { title: environmentTitle(env), project: env.project }, l10n);
    const titles = shown.actions.map((a) => a.title);
    const show = (message: string, ...items: string[]) =>
      shown.severity === 'info'
        ? vscode.window.showInformationMessage(message, ...items)
        : shown.severity === 'warning'
          ? vscode.window.showWarningMessage(message, ...items)
          : vscode.window.showErrorMessage(message, ...items);
    const choice = await show(shown.message, ...titles);
    const action: ErrorActionId | undefined = shown.actions.find((a) => a.title === choice)?.id;
    switch (action) {
      case 'showLog':
        log.show();
        break;
      case 'copyIp':
        if (shown.clientIp) {
          await vscode.env.clipboard.writeText(shown.clientIp);
          void vscode.window.showInformationMessage(
            l10n.t('Copied {ip}. Add it to the SQL firewall rules of project "{project}" in the Umbraco Cloud portal.', {
              ip: shown.clientIp,
              project: env.project,
            }),
          );
        }
        break;
      case 'editEnvironment':
        this.deps.editEnvironment(env.id);
        break;
      case 'retry':
        await this.backUp(env.id);
        break;
      case 'openSettings':
        await openBackupSettings();
        break;
    }
  }

  dispose(): void {
    for (const abort of this.cancellers.values()) abort.abort();
    this.cancellers.clear();
  }
}
