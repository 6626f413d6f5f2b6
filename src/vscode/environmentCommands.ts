/** Environment item actions: test connection, open folder, copy connection string, remove. */
import { mkdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { BackupEngine } from './engine';
import type { BackupRunner } from './model/backupRunner';
import { resolveBackupFolder } from './model/backupSettings';
import { connectionSettingsOf, environmentTitle, type CloudEnvironment } from './model/cloudEnvironment';
import type { EnvironmentStore } from './model/environmentStore';
import { asBackupErrorShape, describeError, presentBackupError, redactSecret } from './model/errorPresentation';
import type { L10n } from './model/l10n';
import { BackupController } from './backupController';
import { currentBackupSettings, currentPaths, openBackupSettings } from './settings';

export interface EnvironmentCommandsDeps {
  engine: Pick<BackupEngine, 'testConnection' | 'formatConnectionString'>;
  store: EnvironmentStore;
  runner: BackupRunner;
  log: vscode.LogOutputChannel;
  l10n: L10n;
  editEnvironment(environmentId: string): void;
}

export class EnvironmentCommands {
  constructor(private readonly deps: EnvironmentCommandsDeps) {}

  private environment(id: string): CloudEnvironment | undefined {
    const env = this.deps.store.get(id);
    if (!env) void vscode.window.showErrorMessage(this.deps.l10n.t('This environment no longer exists.'));
    return env;
  }

  async testConnection(id: string): Promise<void> {
    const { engine, store, log, l10n } = this.deps;
    const env = this.environment(id);
    if (!env) return;
    const title = environmentTitle(env);
    const password = (await store.getPassword(env.id)) ?? (await BackupController.askPassword(env, l10n));
    if (password === undefined) return;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: l10n.t('Connecting to {title}…', { title }) },
        () => engine.testConnection(connectionSettingsOf(env, password)),
      );
      log.info(`Connection test to ${title} succeeded: ${result.serverVersion}.`);
      void vscode.window.showInformationMessage(
        l10n.t('Connected to {title} ({database}): {server}, version {version}.', {
          title,
          database: result.database,
          server: result.edition ?? 'SQL Server',
          version: result.serverVersion,
        }),
      );
    } catch (error) {
      const e = asBackupErrorShape(error);
      log.warn(`Connection test to ${title} failed (${e.kind}): ${redactSecret(e.message, password)}`);
      const shown = presentBackupError(error, { title, project: env.project }, l10n);
      const actions = shown.actions.filter((a) => a.id !== 'retry' && a.id !== 'openSettings');
      const choice = await vscode.window.showErrorMessage(
        l10n.t('Could not connect to {title}. {reason}', {
          title,
          reason: redactSecret(describeError(error, { title, project: env.project }, l10n), password),
        }),
        ...actions.map((a) => a.title),
      );
      const action = actions.find((a) => a.title === choice)?.id;
      if (action === 'showLog') log.show();
      else if (action === 'editEnvironment') this.deps.editEnvironment(env.id);
      else if (action === 'copyIp' && shown.clientIp) await vscode.env.clipboard.writeText(shown.clientIp);
    }
  }

  async openBackupsFolder(id: string): Promise<void> {
    const env = this.environment(id);
    if (!env) return;
    let folder: string;
    try {
      folder = resolveBackupFolder(currentBackupSettings().backupsFolder, env, currentPaths(), this.deps.l10n, this.deps.store.list());
      await mkdir(folder, { recursive: true });
    } catch (error) {
      const openSettings = this.deps.l10n.t('Open Settings');
      const choice = await vscode.window.showErrorMessage(asBackupErrorShape(error).message, openSettings);
      if (choice === openSettings) await openBackupSettings();
      return;
    }
    await vscode.env.openExternal(vscode.Uri.file(folder));
  }

  async copyConnectionString(id: string): Promise<void> {
    const env = this.environment(id);
    if (!env) return;
    const text = this.deps.engine.formatConnectionString(connectionSettingsOf(env, ''), { includePassword: false });
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(this.deps.l10n.t('Copied the connection string of {title} (without the password).', { title: environmentTitle(env) }));
  }

  async remove(id: string): Promise<void> {
    const { store, runner, log, l10n } = this.deps;
    const env = this.environment(id);
    if (!env) return;
    const title = environmentTitle(env);
    if (runner.isRunning(env.id)) {
      void vscode.window.showWarningMessage(l10n.t('A backup of {title} is running. Cancel it before removing the environment.', { title }));
      return;
    }
    const remove = l10n.t('Remove');
    const choice = await vscode.window.showWarningMessage(
      l10n.t('Remove {title}?', { title }),
      { modal: true, detail: l10n.t('Its remembered password is deleted too. Backup files stay where they are.') },
      remove,
    );
    if (choice !== remove) return;
    await store.remove(env.id);
    log.info(`Removed environment ${title} and its remembered password.`);
  }
}
